// A script with a syntax error fails with its file and line; a missing one names the path.
def log = new File(basedir, 'build.log').text
def bad = new File(basedir, 'bad.chat').absolutePath
assert log.contains("tcptest server 'default', <script> (-Dtcptest.script) ${bad}: ${bad}:3:6: expected a quoted string or 'hex' after 'send'") : log
def missing = new File(basedir, 'missing.chat').absolutePath
assert log.contains("tcptest server 'default', <script> (-Dtcptest.script) ${missing}: cannot read chat script ${missing}")
assert !log.contains('listening on')
