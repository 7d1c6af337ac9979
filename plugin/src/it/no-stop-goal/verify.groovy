def log = new File(basedir, 'build.log').text
def line = "tcptest: stopped server(s) [default] of dev.tcptest.fixtures:no-stop-goal:pom:1 at the end of the build, because tcptest:stop-server did not run for them: the build failed before it, or ended before post-integration-test (as mvn pre-integration-test does), so their connections are not reported."
assert log.count(line) == 2 : log
assert log.contains("tcptest server 'broken': <handler> 'ekko' names no built-in handler")
// The end of the build stops them before Maven prints its result.
def first = log.indexOf(line)
assert first < log.indexOf('BUILD SUCCESS')
assert !log.contains('no servers were started')
