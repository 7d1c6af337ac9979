// An unknown name gets the valid names; an unknown class, the advice to compile the test classes
// first; a handler without its value says which option it needs, in the -D form it was given in.
def log = new File(basedir, 'build.log').text
assert log.contains("tcptest server 'default': -Dtcptest.handler 'ekko' names no built-in handler; use one of echo, discard, respond, close, reset, silent, script, proxy, or the fully qualified name of an AcceptHandler class on the project's test class path -> [Help 1]")
assert log.contains("tcptest server 'default': -Dtcptest.handler 'com.example.NoSuchHandler' names no built-in handler, and the project's test class path (its test classes and test dependencies) has no class of that name. If it is one of the project's test classes, compile them first: run start-server in a phase after test-compile")
assert log.contains("tcptest server 'default': -Dtcptest.response is missing: -Dtcptest.handler=respond needs it; set it, such as -Dtcptest.response='HTTP/1.0 200 OK\\r\\n\\r\\n' -> [Help 1]")
assert !log.contains('ClassNotFoundException')
assert !log.contains('listening on')
