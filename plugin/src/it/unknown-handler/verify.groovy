// An unknown name or class fails with the valid names; a handler without its value says which element it needs.
def log = new File(basedir, 'build.log').text
assert log.contains("tcptest server 'default', <handler> (-Dtcptest.handler) ekko: unknown handler 'ekko': it is no built-in name and no class of that name can be loaded")
assert log.contains("use one of echo, discard, respond, close, reset, silent, script, proxy, or the fully qualified name of an AcceptHandler class on the class path")
assert log.contains("tcptest server 'default', <handler> (-Dtcptest.handler) com.example.NoSuchHandler: unknown handler 'com.example.NoSuchHandler'")
assert log.contains("tcptest server 'default', <response> (-Dtcptest.response): <handler>respond</handler> needs <response>, e.g. <response>HTTP/1.0 200 OK\\r\\n\\r\\n</response>")
assert !log.contains('listening on')
