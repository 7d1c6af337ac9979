// Each switch skips starting and stopping alike and says which one did; false skips nothing.
def log = new File(basedir, 'build.log').text
['tcptest.skip', 'skipITs', 'skipTests', 'maven.test.skip'].each { flag ->
    assert log.contains("tcptest: not starting servers, ${flag} is true") : flag
    assert log.contains("tcptest: not stopping servers, ${flag} is true") : flag
}
assert log.contains("tcptest: server 'default' (echo) listening on 127.0.0.1:")
assert log.contains("tcptest server 'default' on 127.0.0.1:")

// Failsafe 3.6.1 runs the integration tests despite -DskipTests: the servers start and stop.
assert log.contains('tcptest: starting servers although skipTests is true: maven-failsafe-plugin 3.6.1 runs the integration tests all the same')
assert !log.contains('maven-failsafe-plugin 3.5.3 runs')
assert log.count("tcptest: not starting servers, skipTests is true") == 2
assert log.count("tcptest: server 'default' (echo) listening on 127.0.0.1:") == 2
