package dev.tcptest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Syntax errors name the file, line, column and what was expected; ScriptFuzzTest shows nothing else escapes the parser. */
class ScriptSyntaxTest {

    @Test
    void errorCarriesSourceLineColumnAndReason() {
        ScriptSyntaxException e = assertThrows(ScriptSyntaxException.class,
                () -> Script.parse("smtp.chat", "send \"220 hi\\r\\n\"\nexpect line \"EHLO *\"\nsend   foo\n"));
        assertEquals("smtp.chat:3:8: expected a quoted string or 'hex' after 'send', found 'foo'", e.getMessage());
        assertEquals("smtp.chat", e.source());
        assertEquals(3, e.line());
        assertEquals(8, e.column());
        assertEquals("expected a quoted string or 'hex' after 'send', found 'foo'", e.reason());
    }

    @Test
    void handlersScriptThrowsAtOnce() {
        ScriptSyntaxException e = assertThrows(ScriptSyntaxException.class, () -> Handlers.script("sned \"x\""));
        assertEquals("script:1:1: unknown command 'sned'; expected one of send, expect, delay, timeout, "
                + "shutdown-output, starttls, close, reset, hold, await-close, include, on", e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "send \"abc|1:6: unterminated string: no closing '\"' before the end of the line",
        "send \"a\\qb\"|1:8: unknown escape '\\q'; strings take \\r \\n \\t \\\\ \\\" \\$ and \\xHH",
        "send \"\\x4\"|1:7: bad escape: '\\x' needs two hex digits, like \\x0d",
        "send hex \"0d 0\"|1:15: odd number of hex digits (3) in 'send hex': write every byte as two digits, like 0d 0a",
        "send hex \"zz\"|1:11: expected a hex digit (0-9, a-f) or a space in 'send hex', found 'z'",
        "send \"a\" \"b\"|1:10: expected the end of the line after the 'send' command, found a quoted string",
        "send \"{\"id\":1}\"|1:9: expected the end of the line after the 'send' command, found 'id'; a '\"' ended the string just before it: write \\\" for a quote inside a string",
        "expect line \"say \"hi\"\"|1:19: expected the end of the line after the 'expect' command, found 'hi'; a '\"' ended the string just before it: write \\\" for a quote inside a string",
        "on line \"say \"hi\"\" close|1:15: 'hi' cannot be a rule action; actions are send, send hex, delay, shutdown-output, starttls, close, reset, ignore; a '\"' ended the string just before it: write \\\" for a quote inside a string",
        "expect|1:7: expected a quoted string, 'line', 'regex', 'bytes', 'exactly' or 'hex' after 'expect', found the end of the line",
        "expect exactly \"\"|1:16: 'expect exactly' needs at least one byte; to read nothing, leave the command out",
        "expect exactly \"a\" \"b\"|1:20: expected the end of the line after the 'expect' command, found a quoted string",
        "expect hex \"\"|1:12: 'expect hex' needs at least one byte; to read nothing, leave the command out",
        "expect hex \"c0 ?\"|1:16: a '?' in 'expect hex' must be one of a pair, '??', which matches any one byte",
        "expect hex \"c?\"|1:14: a '?' in 'expect hex' must be one of a pair, '??', which matches any one byte",
        "expect hex \"0 0 0\"|1:18: odd number of hex digits (3) in 'expect hex': write every byte as two digits, like 0d 0a",
        "expect hex \"c0 0g\"|1:17: expected a hex digit (0-9, a-f), '??' or a space in 'expect hex', found 'g'",
        "expect hex c0|1:12: expected a quoted string after 'expect hex', found 'c0'",
        "send hex \"??\"|1:11: expected a hex digit (0-9, a-f) or a space in 'send hex', found '?'; '??' for any byte is for 'expect hex' and 'on bytes hex', which read; what is sent must be known",
        "expect \"\"|1:8: 'expect' needs at least one byte to wait for; use 'expect bytes N' to read any bytes",
        "expect line EHLO|1:13: expected a quoted string after 'expect line', found 'EHLO'",
        "expect line \"a\\*b\\%\"|1:18: unknown escape '\\%'; strings take \\r \\n \\t \\\\ \\\" \\$ and \\xHH, globs also \\* and \\?",
        "expect regex \"a(b\"|1:18: invalid regular expression after 'expect regex': Unclosed group",
        "expect bytes 0|1:14: expected a byte count from 1 to 2147483647 after 'expect bytes', found '0'",
        "expect bytes lots|1:14: expected a byte count from 1 to 2147483647 after 'expect bytes', found 'lots'",
        "delay 200|1:7: expected a duration like 200ms, 2s or 1m after 'delay', found '200'",
        "timeout 0s|1:9: 'timeout' must be positive, like 2s, found '0s'",
        "close\u00b6send \"x\"|2:1: 'send' after 'close' on line 1: the connection is over by then; remove it or move it above",
        "hold\u00b6on line \"x\" close|2:1: 'on' after 'hold' on line 1: the connection is held until the server stops; remove it or move it above",
        "await-close\u00b6send \"x\"|2:1: 'send' after 'await-close' on line 1: the script waits for the client to close by then; remove it or move it above",
        "await-close\u00b6on line \"x\" close|2:1: 'on' after 'await-close' on line 1: the script waits for the client to close by then; remove it or move it above",
        "await-close now|1:13: expected the end of the line after the 'await-close' command, found 'now'",
        "on line \"x\" await-close|1:13: 'await-close' cannot be a rule action; actions are send, send hex, delay, shutdown-output, starttls, close, reset, ignore",
        "include|1:8: expected a quoted string after 'include', found the end of the line",
        "include none.chat|1:9: expected a quoted string after 'include', found 'none.chat'",
        "include \"\"|1:9: 'include' needs the path of a chat script, like include \"handshake.chat\"",
        "include \"a.chat\" now|1:18: expected the end of the line after the 'include' command, found 'now'",
        "[foo]|1:2: expected 'connection' after '[', found 'foo': a section header is [connection 1], [connection 2-3] or [connection *]",
        "[]|1:2: expected 'connection' after '[', found nothing: a section header is [connection 1], [connection 2-3] or [connection *]",
        "[connection]|1:2: expected a connection number from 1, a range like 2-3, or * after '[connection', found nothing: a section header is [connection 1], [connection 2-3] or [connection *]",
        "[connection 2-]|1:2: expected a connection number from 1, a range like 2-3, or * after '[connection', found '2-': a section header is [connection 1], [connection 2-3] or [connection *]",
        "[connection 0]|1:2: connections are numbered from 1, in each run of the server",
        "[connection 3-2]|1:2: the range 3-2 holds no connection: write the lower number first",
        "[connection 1 # comment|1:1: expected ']' to end the section header, like [connection 1], [connection 2-3] or [connection *]",
        "[connection 1] close|1:16: expected the end of the line after the section header, found 'close': a header stands on a line of its own",
        "[connection *]\u00b6[connection 2]|2:1: [connection 2] is never played: the sections above it play every connection it covers, and a connection plays the first section whose range holds its number; remove it, or move it above the section that covers it",
        "[connection 1-3]\u00b6[connection 4]\u00b6[ connection 2 - 4 ]|3:1: [connection 2 - 4] is never played: the sections above it play every connection it covers, and a connection plays the first section whose range holds its number; remove it, or move it above the section that covers it",
        "close\u00b6[connection 1]\u00b6send \"x\"|3:1: 'send' after 'close' on line 1: the connection is over by then; remove it or move it above",
        "[connection 1]\u00b6on line \"a\" close\u00b6[connection 2]\u00b6send \"x\"\u00b6on line \"b\" close\u00b6send \"y\"|6:1: 'send' after the 'on' rules that start on line 5: rules answer lines once the sequence is done, so move every other command above the first 'on'",
        "send \"${\"|1:7: expected a name, as in (?<name>...): a letter, then letters or digits after '${' in a string to send, found '\"'; write \\${ to send the two characters",
        "send \"${1a}\"|1:7: expected a name, as in (?<name>...): a letter, then letters or digits after '${' in a string to send, found '1'; write \\${ to send the two characters",
        "send \"${ab\"|1:11: expected '}' to end the capture's name after '${' in a string to send, found '\"'; write \\${ to send the two characters",
        "send \"${ab|1:7: expected '}' to end the capture's name after '${' in a string to send, found the end of the line; write \\${ to send the two characters",
        "send \"x${y}\"|1:8: ${y} is what a group (?<y>...) captures, and no 'expect regex' or 'on regex' of the script has one; write \\${ to send the two characters",
        "shutdown-output\u00b6send \"x\"|2:1: 'send' after 'shutdown-output' on line 1: the output is shut by then",
        "on line \"a\" close\u00b6send \"x\"|2:1: 'send' after the 'on' rules that start on line 1: rules answer lines once the sequence is done, so move every other command above the first 'on'",
        "on word \"a\" close|1:4: expected 'line', 'regex' or 'bytes' after 'on', found 'word'",
        "on line \"a\"|1:12: expected at least one action (send, send hex, delay, shutdown-output, starttls, close, reset, ignore) after the pattern of 'on line', found the end of the line",
        "on line \"a\" expect \"b\"|1:13: 'expect' cannot be a rule action; actions are send, send hex, delay, shutdown-output, starttls, close, reset, ignore",
        "on bytes|1:9: expected a quoted string or 'hex' after 'on bytes', found the end of the line",
        "on bytes \"\" close|1:10: 'on bytes' needs at least one byte",
        "on bytes hex \"\" close|1:14: 'on bytes hex' needs at least one byte",
        "on bytes hex \"c0 ?\" close|1:18: a '?' in 'on bytes hex' must be one of a pair, '??', which matches any one byte",
        "on bytes hex c0 close|1:14: expected a quoted string after 'on bytes hex', found 'c0'",
        "on bytes \"\\xc0\"|1:16: expected at least one action (send, send hex, delay, shutdown-output, starttls, close, reset, ignore) after the pattern of 'on bytes', found the end of the line",
        "on line \"a\" ignore send \"b\"|1:20: 'ignore' must be a rule's only action: it answers nothing; remove it or the other actions",
        "on line \"a\" send \"b\" ignore|1:22: 'ignore' must be a rule's only action: it answers nothing; remove it or the other actions",
        "on line \"a\" close send \"b\"|1:19: nothing can follow 'close' in a rule: the connection is over by then",
        "starttls now|1:10: expected the end of the line after the 'starttls' command, found 'now'",
        "starttls\u00b6expect line \"*\"\u00b6starttls|3:1: 'starttls' after the 'starttls' on line 1: the connection speaks TLS by then; remove one of them",
        "starttls\u00b6on line \"STARTTLS\" starttls|2:20: 'starttls' after the 'starttls' on line 1: the connection speaks TLS by then; remove one of them",
        "on line \"STARTTLS\" starttls starttls|1:29: 'starttls' twice in one rule: the first one upgraded the connection",
        "shutdown-output\u00b6starttls|2:1: 'starttls' after 'shutdown-output' on line 1: the handshake must write, and the output is shut by then",
        "on line \"a\" shutdown-output starttls|1:29: 'starttls' after 'shutdown-output': the handshake must write, and the output is shut by then",
        "close\u00b6starttls|2:1: 'starttls' after 'close' on line 1: the connection is over by then; remove it or move it above",
        "  # only a comment\u00b6\u00b6\tsend \"\\x00\" # trailing comment\u00b6send 'x'|4:6: expected a quoted string or 'hex' after 'send', found ''x''",
    })
    void reportsWhatWasExpectedWhere(String script, String expected) {
        ScriptSyntaxException e = assertThrows(ScriptSyntaxException.class, () -> Script.parse("t.chat", unescape(script)));
        assertEquals("t.chat:" + expected, e.getMessage());
    }

    /** The CSV cells write a line break as a pilcrow. */
    private static String unescape(String cell) {
        return cell.replace('\u00b6', '\n');
    }

    @Test
    void validScriptsParse() {
        Script script = Script.parse("""
                send "a\\tb\\\\c\\"d\\xff \u00e9 \\$ \\${x} $5 ${name}"   # escapes, UTF-8 text and a capture
                send hex ""
                send hex "DE ad BE ef"
                expect "x"
                expect line ""
                expect line "\\*literal\\? and * and ?"
                expect regex "\\d+ \\"quoted\\" (?<name>[a-z]+)"
                expect bytes 2147483647
                expect exactly "a\\r\\n"
                expect hex "c0 ?? 0A??ff"
                delay 0ms
                timeout 1m
                starttls
                shutdown-output
                on regex "." delay 1s shutdown-output close
                on line "*" reset
                on bytes "\\x00" ignore
                on bytes hex "c0 ??" delay 1ms reset
                [connection 1]
                on line "y" close
                [ connection 2 - 3 ]   # the second and third
                on line "x" close
                [connection 4-99999999]
                [connection *]
                on bytes "z" reset
                """);
        assertEquals("script", script.source());
    }
}
