def log = new File(basedir, 'build.log').text
def holder = (log =~ /tcptest: server 'holder' \(echo\) listening on 127\.0\.0\.1:(\d+)/)
assert holder.find()
def port = holder.group(1)
assert log.contains("tcptest server 'clash', <port> ${port}: Cannot listen on 127.0.0.1:${port}: port ${port} is already in use. Use port 0 to get a free ephemeral port, or stop what listens there. (stopped again: 'ok', started before it by the same start-server)")
assert log.contains("tcptest: stopped server(s) [holder] of dev.tcptest.fixtures:port-in-use:pom:1 at the end of the build, because tcptest:stop-server did not run for them.")
