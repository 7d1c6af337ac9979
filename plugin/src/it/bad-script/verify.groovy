// A script with a syntax error fails with its file and line; a missing one says where it was
// looked for, how a relative path is resolved, and what to do.
def log = new File(basedir, 'build.log').text
def bad = new File(basedir, 'bad.chat').absolutePath
assert log.contains("on project bad-script: tcptest server 'default': -Dtcptest.script is not a valid chat script: ${bad}:3:6: expected a quoted string or 'hex' after 'send', found '250' -> [Help 1]") : log
def missing = new File(basedir, 'missing.chat').absolutePath
assert log.contains("on project bad-script: tcptest server 'default': -Dtcptest.script=${missing}: no such file (a relative -Dtcptest.script is resolved against the project directory, ${basedir.absolutePath}); check the name, or give the path from the project directory, such as -Dtcptest.script=src/test/resources/smtp.chat -> [Help 1]")
assert !log.contains('NoSuchFileException')
assert !log.contains('listening on')
