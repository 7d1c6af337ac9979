// The class came from the project's test class path and served the client.
def log = new File(basedir, 'build.log').text
assert log.contains("tcptest: server 'upper' (dev.tcptest.example.UpperCaseHandler) listening on 127.0.0.1:")
assert log.contains('client: the project\'s handler answered MAKE ME LOUD')
assert log =~ /tcptest server 'upper' on 127\.0\.0\.1:\d+: 1 connection\(s\), 13 bytes in, 13 bytes out, 0 handler error\(s\)/
