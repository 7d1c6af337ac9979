// The validation report is printed (it lists the old control plugin) and says nothing about tcptest.
def log = new File(basedir, 'build.log').text
def report = log.indexOf('validation issues were detected in following plugin(s)')
assert report >= 0 : 'no plugin validation report: is -Dmaven.plugin.validation=VERBOSE still read?'
def section = log.substring(report)
assert section.contains('* org.apache.maven.plugins:maven-antrun-plugin:1.3')
assert !section.contains('tcptest') : section
assert log.contains("tcptest server 'default' on 127.0.0.1:")
