def log = new File(basedir, 'build.log').text
def holder = (log =~ /tcptest: server 'holder' \(echo\) listening on 127\.0\.0\.1:(\d+)/)
assert holder.find()
def port = holder.group(1)
// The reason once, then the servers stopped again, as a sentence of its own.
assert log.contains("on project port-in-use: tcptest server 'clash': cannot listen on 127.0.0.1:${port}: port ${port} is already in use; use <port>0</port> for a free port, or stop what listens there. The server(s) 'ok' that this start-server had started before it were stopped again. -> [Help 1]")
assert log.contains("tcptest: stopped server(s) [holder] of dev.tcptest.fixtures:port-in-use:pom:1 at the end of the build, because tcptest:stop-server did not run for them: the build failed before it, or ended before post-integration-test")
