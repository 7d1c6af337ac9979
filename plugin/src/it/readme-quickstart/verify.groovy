// The README's quick start builds green: its test class ran, its IT spoke the scripted SMTP to
// the plugin's server, and the fixture still holds the README's snippets word for word.
def log = new File(basedir, 'build.log').text
assert log.contains('Tests run: 1, Failures: 0, Errors: 0, Skipped: 0, Time elapsed') : 'no test ran'
assert log =~ /Tests run: 1, Failures: 0, Errors: 0, Skipped: 0, Time elapsed: .* in SmtpIT/
assert log =~ /tcptest server 'smtp' on 127\.0\.0\.1:\d+: 1 connection\(s\), .* 0 handler error\(s\)/

def readme = new File(basedir, '../../../../README.md').canonicalFile.text
def blocks = (readme =~ /(?s)```(\w+)\n(.*?)```/).collect { [it[1], it[2]] }
def squeeze = { String text -> text.replaceAll(/\s+/, ' ').trim() }
def holds = { String file, String snippet ->
    assert squeeze(new File(basedir, file).text).contains(squeeze(snippet)) : "${file} no longer holds the README's snippet:\n${snippet}"
}
def xml = blocks.findAll { it[0] == 'xml' }*.get(1)
def java = blocks.findAll { it[0] == 'java' }*.get(1)
def chat = blocks.findAll { it[0] == 'chat' }*.get(1)
holds('pom.xml', xml[0])
holds('pom.xml', xml[1])
holds('src/test/java/EchoClientTest.java', java[0])
// By what it says, not by its place: the README's other Java snippets come and go.
holds('src/test/java/SmtpIT.java', java.find { it.contains('System.getProperty("smtp.port")') })
holds('src/test/resources/smtp.chat', chat[0])
