// The validation report is printed (it lists the old control plugin) and names no tcptest plugin.
// Only the report's plugin lines are read: its other lines quote the fixture's path, which holds
// the name of the folder the project was cloned into ("tcptest" by default).
def log = new File(basedir, 'build.log').text
def report = log.indexOf('validation issues were detected in following plugin(s)')
assert report >= 0 : 'no plugin validation report: is -Dmaven.plugin.validation=VERBOSE still read?'
def reported = log.substring(report).readLines()
        .takeWhile { !it.contains('For more or less details') }
        .collect { (it =~ /^\[WARNING\]  \* (\S+)\s*$/) }
        .findAll { it.matches() }
        .collect { it.group(1) }
assert reported.contains('org.apache.maven.plugins:maven-antrun-plugin:1.3') : reported
assert reported.every { !it.startsWith('dev.tcptest:') } : reported
assert log.contains("tcptest server 'default' on 127.0.0.1:")
