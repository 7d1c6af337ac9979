// Every server is exported, the second start-server adds to the first, and stop-server reports each.
def log = new File(basedir, 'build.log').text
assert log.contains('clients: all five servers answered as configured')
def props = new Properties()
new File(basedir, 'target/tcptest/servers.properties').withInputStream { props.load(it) }
['smtp', 'banner', 'sink', 'closer', 'proxied'].each { id ->
    assert props["tcptest.${id}.host"] == '127.0.0.1' : id
    assert props["tcptest.${id}.address"] == "127.0.0.1:${props["tcptest.${id}.port"]}".toString() : id
    // The banner served the client and the proxy.
    def connections = id == 'banner' ? 2 : 1
    assert log.contains("tcptest server '${id}' on 127.0.0.1:${props["tcptest.${id}.port"]}: ${connections} connection(s)") : id
}
assert props['smtp.port'] == props['tcptest.smtp.port']
assert log.contains("tcptest: server 'smtp' (script) listening on")
assert log.contains("tcptest: server 'banner' (respond) listening on")
assert log.contains("tcptest: server 'proxied' (proxy) listening on")
assert log.contains("tcptest server 'smtp' on 127.0.0.1:${props['tcptest.smtp.port']}: 1 connection(s), 20 bytes in, 39 bytes out, 0 handler error(s)")
assert log.contains("tcptest server 'sink' on 127.0.0.1:${props['tcptest.sink.port']}: 1 connection(s), 8 bytes in, 0 bytes out, 0 handler error(s)")
def smtp = new File(basedir, 'target/tcptest/smtp/connection-1.txt').text
assert smtp.contains('C: "HELO fixture\\r\\n') : smtp
assert new File(basedir, 'target/tcptest/banner/connection-1.txt').text.contains('\\x00')
// One stop-server stopped the servers of both start-server executions.
assert !log.contains('at the end of the build')
