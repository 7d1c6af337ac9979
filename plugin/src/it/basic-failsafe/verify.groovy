// The server started before the IT, the IT reached it through failsafe's system properties,
// and stop-server summed it up and wrote the transcript.
def log = new File(basedir, 'build.log').text
// With -Pmaven-3.6.3 the fixtures run on the oldest supported Maven.
if (binding.hasVariable('expectedMavenVersion')) {
    assert log.contains("Apache Maven ${expectedMavenVersion} ") : log.readLines().take(3)
}
def started = log =~ /tcptest: server 'default' \(echo\) listening on 127\.0\.0\.1:(\d+), exported as tcptest\.default\.host, \.port and \.address/
assert started.find() : 'no start line'
def port = started.group(1)
assert log.contains('Tests run: 1, Failures: 0, Errors: 0, Skipped: 0')
assert log.contains("tcptest server 'default' on 127.0.0.1:${port}: 1 connection(s), 5 bytes in, 5 bytes out, 0 handler error(s)")

def props = new Properties()
new File(basedir, 'target/tcptest/servers.properties').withInputStream { props.load(it) }
assert props['tcptest.default.host'] == '127.0.0.1'
assert props['tcptest.default.port'] == port
assert props['tcptest.default.address'] == "127.0.0.1:${port}".toString()
// The IT took its connection through the control endpoint; its URL holds a secret, kept out of the log.
def url = props['tcptest.control.url']
assert url ==~ /http:\/\/127\.0\.0\.1:\d+\/[A-Za-z0-9_-]{16,}\// : url
assert log.contains('tcptest: control endpoint for the tests exported as tcptest.control.url')
assert !log.contains(url)

def transcript = new File(basedir, 'target/tcptest/default/connection-1.txt').text
assert transcript.contains('C: "ping\\n"') : transcript
assert transcript.contains('S: "ping\\n"') : transcript
