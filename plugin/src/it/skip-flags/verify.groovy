// Each switch skips starting and stopping alike and says which one did; false skips nothing.
def log = new File(basedir, 'build.log').text
['tcptest.skip', 'skipITs', 'skipTests', 'maven.test.skip'].each { flag ->
    assert log.contains("tcptest: not starting servers, ${flag} is true") : flag
    assert log.contains("tcptest: not stopping servers, ${flag} is true") : flag
}
assert log.contains("tcptest: server 'default' (echo) listening on 127.0.0.1:")
assert log.contains("tcptest server 'default' on 127.0.0.1:")
