// Each bad value fails the build with the server id, the element, the value and the fix.
def log = new File(basedir, 'build.log').text
assert log.contains("tcptest server 'default', <backlog> (-Dtcptest.backlog) -1: backlog must be at least 1, was -1; use 1 or more, or leave <backlog> out for the default of 50")
assert log.contains("tcptest server 'default', <bindAddress> (-Dtcptest.bindAddress) no-such-host.invalid: bindAddress 'no-such-host.invalid' cannot be resolved to an IP address; use an address of this machine such as 127.0.0.1")
assert log.contains("tcptest server <id>db</id> is configured twice: every server needs its own id, since its address is exported as tcptest.db.port; give each <server> a different <id>")
assert log.contains("tcptest server <id>my.db</id>: an id is used in property names (tcptest.<id>.port), so it takes only letters, digits, '-' and '_'")
assert log.contains("tcptest server 'default', <port> (-Dtcptest.port) 70000: port must be between 0 and 65535 (0 picks a free port), was 70000")
assert !log.contains('listening on')
