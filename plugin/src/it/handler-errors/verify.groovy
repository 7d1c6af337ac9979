// The script played; then a client that breaks it fails the build with the server, the
// connection and the script's message, and with failOnHandlerError=false it is only reported.
def log = new File(basedir, 'build.log').text
assert log.contains('greeter: the server sent 220 ready|250 hello|')
assert log.contains("tcptest: server 'smtp' (script) listening on")
def error = ~/tcptest server 'smtp', connection #1 from 127\.0\.0\.1:\d+: handler error: \S*smtp\.chat:3: expected a line matching "HELO \*", but the client sent the line "EHLO fixture\\r\\n"/
assert (log =~ error).find() : 'no handler error line'
assert log.contains('1 connection(s) failed in their handler:')
assert log.contains('set -Dtcptest.failOnHandlerError=false to only report them')
assert log.contains('1 connection(s), 14 bytes in, 11 bytes out, 1 handler error(s)')
def transcript = new File(basedir, 'target/tcptest/smtp/connection-1.txt').text
assert transcript.contains('EHLO fixture') : transcript
// Failing, the errors are said once, in the failure; not failing (goals 3), they are warnings.
assert log.count("[ERROR] tcptest server 'smtp', connection #1") == 1 : 'only the failure of goals 2 names the error' 
assert (log =~ /\[WARNING\] tcptest server 'smtp', connection #1 from 127\.0\.0\.1:\d+: handler error: /).find()
assert log.contains('[WARNING] tcptest: 1 connection(s) failed in their handler; the build goes on, since tcptest.failOnHandlerError is false')
assert log.count('BUILD SUCCESS') == 2
assert log.count('BUILD FAILURE') == 1
// A single-server input next to <servers> is ignored, and the build says so.
assert log.contains('tcptest: -Dtcptest.port, -Dtcptest.handler and the other single-server inputs are ignored, since <servers> is configured')
