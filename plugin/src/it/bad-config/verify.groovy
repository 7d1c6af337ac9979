// Each bad value fails the build with the server id, the element, the value and the fix, said
// once: Maven prints the message and then " -> [Help 1]", with no cause's words repeated between.
def log = new File(basedir, 'build.log').text
def failed = { String message ->
    assert log.contains("on project bad-config: ${message} -> [Help 1]") : message
}
failed("tcptest server 'default': -Dtcptest.backlog must be at least 1, was -1; use 1 or more, or leave -Dtcptest.backlog out for the default of 50")
failed("tcptest server 'default': -Dtcptest.bindAddress 'no-such-host.invalid' cannot be resolved to an IP address; use an address of this machine, such as -Dtcptest.bindAddress=127.0.0.1")
failed("tcptest server <id>db</id> is configured twice: every server needs its own id, since its address is exported as tcptest.db.port; give each <server> a different <id>")
assert log.contains("tcptest server <id>my.db</id>: an id is used in property names (tcptest.<id>.port), so it takes only letters, digits, '-' and '_'")
failed("tcptest server 'default': -Dtcptest.port must be between 0 and 65535, was 70000; use -Dtcptest.port=0 for a free port")
// 192.0.2.1 (TEST-NET-1) belongs to no machine: said so, with the operating system's reason once, then the fix.
assert (log =~ /on project bad-config: tcptest server 'default': cannot listen on 192\.0\.2\.1:0: 192\.0\.2\.1 is not an address of this machine \([^):]+\); use an address of this machine, such as -Dtcptest\.bindAddress=127\.0\.0\.1 -> \[Help 1\]/).find()
assert (log =~ /on project bad-config: tcptest server 'banner': <response> has a bad escape at character \d+: [^:]+ -> \[Help 1\]/).find()
failed("tcptest server 'imap', <portProperty>mail.port</portProperty>: server 'smtp' already exports its port as mail.port, so one of the two values would be lost; give it a name of its own, e.g. <portProperty>imap.port</portProperty>, or leave it out")
failed("tcptest server 'imap', <portProperty>tcptest.smtp.port</portProperty>: server 'smtp' exports its own port under that name, so one of the two values would be lost; give it a name of its own, e.g. <portProperty>imap.port</portProperty>, or leave it out")
failed("tcptest server 'default': -Dtcptest.proxyTarget is missing: -Dtcptest.handler=proxy needs it; set it, such as -Dtcptest.proxyTarget=127.0.0.1:6379")
failed("tcptest server 'default': -Dtcptest.proxyTarget 'localhost' has no port; write host:port, such as -Dtcptest.proxyTarget=localhost:6379")
assert !log.contains('listening on')
