package dev.tcptest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** <code>${name}</code> in a send: what a named group of a matching pattern captured on the connection. */
class ScriptCaptureTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    /** IMAP tags each command; the answer echoes the tag. */
    @Test
    void aTaggedProtocolIsAnsweredWithTheTag() throws Exception {
        Script script = Script.parse("imap.chat", """
                send "* OK IMAP4rev1 ready\\r\\n"
                on regex "^(?<tag>\\w+) LOGIN .*$" send "${tag} OK LOGIN completed\\r\\n"
                on regex "^(?<tag>\\w+) LOGOUT$" send "* BYE\\r\\n${tag} OK LOGOUT completed\\r\\n" close
                """);
        try (TcpServer server = TcpServer.builder().handler(script).start();
                TestClient client = new TestClient(server)) {
            assertEquals("* OK IMAP4rev1 ready\r\n", client.readLine());
            client.send("A001 LOGIN alice secret\r\n");
            assertEquals("A001 OK LOGIN completed\r\n", client.readLine());
            client.send("b7 LOGOUT\r\n");
            assertEquals("* BYE\r\nb7 OK LOGOUT completed\r\n", client.readToEnd());
            assertNull(server.takeConnection(WAIT).error());
        }
    }

    @Test
    void anExpectRegexCapturesForTheSendsAfterIt() throws Exception {
        Script script = Script.parse("""
                expect regex "^GET /orders/(?<id>[0-9]+) HTTP/1.1$"
                expect "\\r\\n\\r\\n"
                send "HTTP/1.1 200 OK\\r\\nContent-Length: 9\\r\\n\\r\\n{\\"id\\":${id}}"
                """);
        try (TcpServer server = TcpServer.builder().handler(script).start();
                TestClient client = new TestClient(server)) {
            client.send("GET /orders/4711 HTTP/1.1\r\nHost: shop\r\n\r\n");
            assertEquals("HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\n{\"id\":4711}", client.readToEnd());
        }
    }

    /** A {@code $} before anything but a brace is itself, so RESP's lengths need no escape. */
    @Test
    void aDollarIsItselfUnlessItStartsACapture() throws Exception {
        Script script = Script.parse("""
                send "$5\\r\\nhello\\r\\n"
                send "\\${not a capture} \\$ $"
                """);
        try (TcpServer server = TcpServer.builder().handler(script).start();
                TestClient client = new TestClient(server)) {
            assertEquals("$5\r\nhello\r\n${not a capture} $ $", client.readToEnd());
        }
    }

    /** The latest capture of a name counts; a group that took no part in a match leaves it as it was. */
    @Test
    void theLatestCaptureOfANameCounts() throws Exception {
        Script script = Script.parse("""
                on regex "^SET (?<value>\\w+)$" send "set ${value}\\n"
                on regex "^(?:SHOW|SHOW (?<value>\\w+) AND)$" send "shown ${value}\\n"
                """);
        try (TcpServer server = TcpServer.builder().handler(script).start();
                TestClient client = new TestClient(server)) {
            client.send("SET one\nSHOW\nSET two\nSHOW\nSHOW three AND\n");
            assertEquals("set one\n", client.readLine());
            assertEquals("shown one\n", client.readLine());
            assertEquals("set two\n", client.readLine());
            assertEquals("shown two\n", client.readLine());
            assertEquals("shown three\n", client.readLine());
        }
    }

    @Test
    void aSendBeforeItsCaptureFailsNamingIt() throws Exception {
        Script script = Script.parse("who.chat", """
                on line "HELLO" send "hello ${name}\\n"
                on regex "^NAME (?<name>\\w+)$" send "ok\\n"
                """);
        try (TcpServer server = TcpServer.builder().handler(script).start();
                TestClient client = new TestClient(server)) {
            client.send("HELLO\n");
            assertEquals("", client.readToEnd());
            assertEquals("who.chat:1: cannot send: ${name} has captured nothing yet on this connection; it is what a"
                    + " group (?<name>...) captures when its 'expect regex' or 'on regex' matches, and none has so far",
                    server.takeConnection(WAIT).error().getMessage());
        }
    }

    /** A capture no pattern can make is a syntax error, at the send that uses it, also in an included file. */
    @Test
    void aNameNoPatternCapturesIsASyntaxError(@TempDir Path dir) throws Exception {
        ScriptSyntaxException none = assertThrows(ScriptSyntaxException.class,
                () -> Script.parse("t.chat", "expect regex \"(?<user>\\w+) (?<host>[a-z.]+)\"\nsend \"hi ${usr}\""));
        assertEquals("t.chat:2:10: ${usr} is what a group (?<usr>...) captures, and no 'expect regex' or 'on regex' of"
                + " the script has one (they capture host, user); write \\${ to send the two characters", none.getMessage());

        Files.writeString(dir.resolve("part.chat"), "# answers\non line \"x\" send \"${tag}\"\n");
        Path main = dir.resolve("main.chat");
        Files.writeString(main, "include \"part.chat\"\n");
        ScriptSyntaxException included = assertThrows(ScriptSyntaxException.class, () -> Script.parse(main));
        assertEquals(dir.resolve("part.chat") + ":2:19: ${tag} is what a group (?<tag>...) captures, and no 'expect"
                + " regex' or 'on regex' of the script has one; write \\${ to send the two characters",
                included.getMessage());

        // A group in a character class, or quoted, is no group.
        assertThrows(ScriptSyntaxException.class,
                () -> Script.parse("expect regex \"[(?<a>)]\\Q(?<b>x)\\E\"\nsend \"${a}${b}\""));
        Script.parse("expect regex \"\\Q(?<b>\\E(?<a>x)\"\nsend \"${a}\"");
    }
}
