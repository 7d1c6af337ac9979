package dev.tcptest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Chat scripts against raw socket clients: every command, framing, failures as recorded. */
class ScriptTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private static final String SMTP = """
            # a banner-first protocol: the server speaks first
            send "220 localhost ready\\r\\n"
            expect line "EHLO *"
            send "250 OK\\r\\n"
            expect regex "^MAIL FROM:<.+>$"
            send "250 OK\\r\\n"
            on line "NOOP" send "250 OK\\r\\n"
            on regex "^RCPT TO:<[^@]+@example\\.com>$" send "250 accepted\\r\\n"
            on line "RCPT *" send "550 no such domain\\r\\n"
            on line "QUIT" send "221 bye\\r\\n" close
            """;

    @Test
    void smtpLikeConversationWithBannerAndRules() throws Exception {
        try (TcpServer server = TcpServer.builder().handler(Script.parse("smtp.chat", SMTP)).start();
                TestClient client = new TestClient(server)) {
            assertEquals("220 localhost ready\r\n", client.readLine());
            client.send("EHLO client.test\r\n");
            assertEquals("250 OK\r\n", client.readLine());
            client.send("MAIL FROM:<a@b.c>\r\n");
            assertEquals("250 OK\r\n", client.readLine());
            client.send("NOOP\r\n");
            assertEquals("250 OK\r\n", client.readLine());
            client.send("RCPT TO:<bob@example.com>\r\n");
            assertEquals("250 accepted\r\n", client.readLine(), "the first matching rule answers");
            client.send("RCPT TO:<bob@elsewhere.org>\r\n");
            assertEquals("550 no such domain\r\n", client.readLine());
            client.send("QUIT\r\n");
            assertEquals("221 bye\r\n", client.readToEnd());

            RecordedConnection seen = server.takeConnection(WAIT);
            assertNull(seen.error());
            assertEquals(CloseReason.CLOSED, seen.closeReason());
            assertTrue(seen.receivedText().endsWith("QUIT\r\n"));
        }
    }

    @Test
    void lineSplitOverManyWritesIsOneLine() throws Exception {
        Script script = Script.parse("""
                expect line "HELLO WORLD"
                send "ok\\n"
                """);
        try (TcpServer server = TcpServer.builder().handler(script).start();
                TestClient client = new TestClient(server)) {
            for (byte b : "HELLO WORLD\r\n".getBytes(StandardCharsets.US_ASCII)) {
                client.send(new byte[] {b});
                Thread.sleep(5);
            }
            assertEquals("ok\n", client.readToEnd());
            assertNull(server.takeConnection(WAIT).error());
        }
    }

    @Test
    void manyLinesInOneWriteAreReadOneByOne() throws Exception {
        Script script = Script.parse("""
                expect line "one"
                expect line "two"
                expect "three"
                expect bytes 2
                expect line "four*"
                send "done\\n"
                """);
        try (TcpServer server = TcpServer.builder().handler(script).start();
                TestClient client = new TestClient(server)) {
            client.send("one\ntwo\r\nthree..four five\n");
            assertEquals("done\n", client.readToEnd());
            assertNull(server.takeConnection(WAIT).error());
        }
    }

    /** The line limit is the line's length, not how much of it one read happened to bring. */
    @Test
    void linesUpTo64KiBAreReadAndLongerOnesFailHoweverTheyArrive() throws Exception {
        String limit = "a".repeat(64 * 1024);
        Script script = Script.parse("long.chat", "expect line \"a*\"\nsend \"ok\"");
        try (TcpServer server = TcpServer.builder().handler(script).start()) {
            try (TestClient client = new TestClient(server)) {
                client.send(limit + "\r\n");
                assertEquals("ok", client.readToEnd());
                assertNull(server.takeConnection(WAIT).error());
            }
            for (boolean inOneWrite : new boolean[] {true, false}) {
                try (TestClient client = new TestClient(server)) {
                    if (inOneWrite) {
                        client.send(limit + "a\r\n");
                    } else {
                        client.send(limit).send("a\r\n");
                    }
                    assertEquals("", client.readToEnd());
                    String message = server.takeConnection(WAIT).error().getMessage();
                    assertTrue(message.startsWith("long.chat:1: expected a line matching \"a*\", but the client sent a line "
                            + "longer than 65536 bytes"), message);
                }
            }
        }
        try (TcpServer server = TcpServer.builder().handler(Script.parse("rules.chat", "on line \"*\" send \"ok\\n\"")).start();
                TestClient client = new TestClient(server)) {
            client.send(limit + "\n" + limit + "a\n");
            assertEquals("ok\n", client.readToEnd());
            String message = server.takeConnection(WAIT).error().getMessage();
            assertTrue(message.startsWith("rules.chat:1: while the 'on' rules waited for a line, the client sent a line "
                    + "longer than 65536 bytes"), message);
        }
    }

    @Test
    void binaryExchangeWithSendHexAndExpectBytes() throws Exception {
        Script script = Script.parse("""
                expect bytes 4          # a length-prefixed request header
                send hex "00 00 00 02 ca fe"
                expect "\\x00\\xff"
                send "\\x01\\x02"
                """);
        try (TcpServer server = TcpServer.builder().handler(script).start();
                TestClient client = new TestClient(server)) {
            client.send(new byte[] {1, 2});
            client.send(new byte[] {3, 4});
            assertArrayEquals(new byte[] {0, 0, 0, 2, (byte) 0xca, (byte) 0xfe}, client.readBytes(6));
            client.send(new byte[] {9, 9, 0, (byte) 0xff});
            assertArrayEquals(new byte[] {1, 2}, client.readToEnd().getBytes(StandardCharsets.ISO_8859_1));
            RecordedConnection seen = server.takeConnection(WAIT);
            assertNull(seen.error());
            assertArrayEquals(new byte[] {1, 2, 3, 4, 9, 9, 0, (byte) 0xff}, seen.received());
        }
    }

    @Test
    void expectSkipsDataBeforeTheExpectedBytes() throws Exception {
        try (TcpServer server = TcpServer.builder().handler(Handlers.script("expect \"END\"\nsend \"seen\"")).start();
                TestClient client = new TestClient(server)) {
            client.send("lots of noise, E, EN, then EN");
            Thread.sleep(20);
            client.send("D and more");
            assertEquals("seen", client.readToEnd());
            assertNull(server.takeConnection(WAIT).error());
        }
    }

    /** Unmatched data is bounded, but never below what a long expected string needs to be found. */
    @Test
    void expectLongerThanTheSearchWindowFailsCleanlyAndStillMatches() throws Exception {
        String needle = "a".repeat(100_000);
        Script script = Script.parse("big.chat", "expect \"" + needle + "\"\nsend \"seen\"");
        try (TcpServer server = TcpServer.builder().handler(script).start()) {
            try (TestClient client = new TestClient(server)) {
                client.send("b".repeat(70_000));
                client.shutdownOutput();
                assertEquals("", client.readToEnd());
                Throwable error = server.takeConnection(WAIT).error();
                assertInstanceOf(AssertionError.class, error);
                assertEquals("big.chat:1: the client closed its output while the script waited for \"" + "a".repeat(200)
                        + "\"... (100000 bytes); received meanwhile: \"" + "b".repeat(200) + "\"... (70000 bytes)",
                        error.getMessage());
            }
            try (TestClient client = new TestClient(server)) {
                client.send("b".repeat(70_000)).send(needle.substring(0, 50_000)).send(needle.substring(50_000));
                assertEquals("seen", client.readToEnd());
                assertNull(server.takeConnection(WAIT).error());
            }
        }
    }

    @Test
    void mismatchIsRecordedWithScriptLineExpectedAndActual() throws Exception {
        try (TcpServer server = TcpServer.builder().handler(Script.parse("smtp.chat", SMTP)).start();
                TestClient client = new TestClient(server)) {
            client.readLine();
            client.send("HELO old-client\r\n");
            assertEquals("", client.readToEnd(), "the connection is closed after the mismatch");

            Throwable error = server.takeConnection(WAIT).error();
            assertInstanceOf(AssertionError.class, error);
            assertEquals("smtp.chat:3: expected a line matching \"EHLO *\", but the client sent the line "
                    + "\"HELO old-client\\r\\n\"", error.getMessage());
        }
    }

    /** A failure message shows the start of a long line and its length, not kilobytes of it. */
    @Test
    void aLongLineThatDoesNotMatchIsShownShortened() throws Exception {
        String line = "y".repeat(10_000) + "\r\n";
        String shown = "\"" + "y".repeat(200) + "\"... (10002 bytes)";
        try (TcpServer server = TcpServer.builder().handler(Script.parse("long.chat", "expect line \"x\"")).start();
                TestClient client = new TestClient(server)) {
            client.send(line);
            assertEquals("", client.readToEnd());
            assertEquals("long.chat:1: expected a line matching \"x\", but the client sent the line " + shown,
                    server.takeConnection(WAIT).error().getMessage());
        }
        // A rule fails the line as soon as its start cannot match, whole or not.
        try (TcpServer server = TcpServer.builder().handler(Script.parse("rules.chat", "on line \"x\" close")).start();
                TestClient client = new TestClient(server)) {
            client.send(line);
            assertEquals("", client.readToEnd());
            String message = server.takeConnection(WAIT).error().getMessage();
            assertTrue(message.startsWith("rules.chat:1: no 'on' rule matches the next bytes from the client: "
                    + "79 ".repeat(16) + "..."), message);
            assertTrue(message.endsWith(" (rules on line 1)"), message);
        }
    }

    @Test
    void aMismatchIsLoggedAsOneLineThatNamesTheScriptLine() throws Exception {
        LogRecord mismatch;
        try (LogCapture log = new LogCapture()) {
            try (TcpServer server = TcpServer.builder().name("mail").handler(Script.parse("smtp.chat", SMTP)).start();
                    TestClient client = new TestClient(server)) {
                client.readLine();
                client.send("HELO old-client\r\n");
                assertEquals("", client.readToEnd());
                assertNotNull(server.takeConnection(WAIT).error());
            }
            mismatch = log.firstWarning();
        }
        assertTrue(mismatch.getMessage().startsWith("tcptest server 'mail': connection #1 from 127.0.0.1:"), mismatch.getMessage());
        assertTrue(mismatch.getMessage().endsWith(": smtp.chat:3: expected a line matching \"EHLO *\", but the client"
                + " sent the line \"HELO old-client\\r\\n\""), mismatch.getMessage());
        assertNull(mismatch.getThrown(), "no stack trace: the message says where the script and the client parted");
    }

    @Test
    void expectTimesOutAfterTheTimeoutCommand() throws Exception {
        Script script = Script.parse("slow.chat", """
                timeout 300ms
                expect line "PING"
                send "PONG\\n"
                """);
        try (TcpServer server = TcpServer.builder().handler(script).start()) {
            // Measured from before the connect: the script starts at accept, after it.
            long start = System.nanoTime();
            TestClient client = new TestClient(server);
            client.send("PI");
            assertEquals("", client.readToEnd());
            assertTrue(System.nanoTime() - start >= Duration.ofMillis(300).toNanos());
            client.close();

            RecordedConnection seen = server.takeConnection(WAIT);
            assertEquals(CloseReason.HANDLER_ERROR, seen.closeReason());
            assertEquals("slow.chat:2: timed out after 300 ms waiting for a line matching \"PING\"; "
                    + "received meanwhile: \"PI\"", seen.error().getMessage());
        }
    }

    @Test
    void endOfStreamBeforeTheExpectedDataIsAnError() throws Exception {
        try (TcpServer server = TcpServer.builder().handler(Handlers.script("expect \"QUIT\"")).start();
                TestClient client = new TestClient(server)) {
            client.send("QU");
            client.shutdownOutput();
            assertEquals("", client.readToEnd());
            assertEquals("script:1: the client closed its output while the script waited for \"QUIT\"; "
                    + "received meanwhile: \"QU\"", server.takeConnection(WAIT).error().getMessage());
        }
    }

    @Test
    void expectBytesFailureSaysHowManyArrived() throws Exception {
        try (TcpServer server = TcpServer.builder().handler(Handlers.script("expect bytes 10")).start();
                TestClient client = new TestClient(server)) {
            client.send("abc");
            client.shutdownOutput();
            client.readToEnd();
            assertTrue(server.takeConnection(WAIT).error().getMessage()
                    .startsWith("script:1: the client closed its output while the script waited for 10 bytes (3 read so far)"));
        }
    }

    @Test
    void delayWaitsBeforeTheNextCommand() throws Exception {
        try (TcpServer server = TcpServer.builder().handler(Handlers.script("send \"a\"\ndelay 250ms\nsend \"b\"")).start()) {
            long start = System.nanoTime();
            try (TestClient client = new TestClient(server)) {
                assertEquals("a", new String(client.readBytes(1), StandardCharsets.US_ASCII));
                assertEquals("b", client.readToEnd());
                assertTrue(System.nanoTime() - start >= Duration.ofMillis(250).toNanos());
            }
        }
    }

    @Test
    void shutdownOutputSendsFinAndKeepsReading() throws Exception {
        Script script = Script.parse("""
                send "bye\\n"
                shutdown-output
                expect line "last words"
                """);
        try (TcpServer server = TcpServer.builder().handler(script).start();
                TestClient client = new TestClient(server)) {
            assertEquals("bye\n", client.readAll(), "end of stream after the half-close");
            client.send("last words\n");
            client.shutdownOutput();
            RecordedConnection seen = server.takeConnection(WAIT);
            assertNull(seen.error());
            assertEquals("last words\n", seen.receivedText());
        }
    }

    @Test
    void closeEndsTheScriptWithFin() throws Exception {
        try (TcpServer server = TcpServer.builder().handler(Handlers.script("send \"x\"\nclose")).start();
                TestClient client = new TestClient(server)) {
            assertEquals("x", client.readToEnd());
            assertEquals(CloseReason.CLOSED, server.takeConnection(WAIT).closeReason());
        }
    }

    @Test
    void resetEndsTheScriptWithRst() throws Exception {
        try (TcpServer server = TcpServer.builder().handler(Handlers.script("expect line \"hi\"\nreset")).start();
                TestClient client = new TestClient(server)) {
            client.send("hi\n");
            assertEquals("RESET", client.readToEndOrReset());
            RecordedConnection seen = server.takeConnection(WAIT);
            assertEquals(CloseReason.RESET, seen.closeReason());
            assertNull(seen.error());
        }
    }

    @Test
    void holdKeepsTheConnectionOpenUntilTheServerStops() throws Exception {
        TcpServer server = TcpServer.builder().handler(Handlers.script("send \"held\\n\"\nhold")).start();
        try (TestClient client = new TestClient(server)) {
            assertEquals("held\n", client.readLine());
            client.socket.setSoTimeout(300);
            assertThrows(SocketTimeoutException.class, () -> client.input().read(), "still open, nothing sent");
            client.socket.setSoTimeout(TestClient.TIMEOUT_MILLIS);
            server.stop();
            assertEquals("", client.readToEnd());
            RecordedConnection seen = server.takeConnection(WAIT);
            assertNull(seen.error());
            assertEquals(CloseReason.SERVER_STOPPED, seen.closeReason());
        } finally {
            server.stop();
        }
    }

    /** The stop ends the read of a waiting expect: that is the server's doing, not the client's. */
    @Test
    void serverStopDuringAnExpectIsNotTheScriptsError() throws Exception {
        TcpServer server = TcpServer.builder().handler(Handlers.script("send \"ready\\n\"\nexpect line \"GO\"")).start();
        try (TestClient client = new TestClient(server)) {
            assertEquals("ready\n", client.readLine());
            server.stop();
            RecordedConnection seen = server.takeConnection(WAIT);
            assertNull(seen.error(), seen::transcript);
            assertEquals(CloseReason.SERVER_STOPPED, seen.closeReason());
        } finally {
            server.stop();
        }
    }

    /** A stop need not wait out a script's delay: the delay ends with the connection, and so does the script. */
    @Test
    void serverStopEndsADelayAndTheScript() throws Exception {
        TcpServer server = TcpServer.builder().shutdownTimeout(Duration.ofMinutes(2))
                .handler(Handlers.script("send \"ready\\n\"\ndelay 10m\nsend \"late\\n\"")).start();
        try (TestClient client = new TestClient(server)) {
            assertEquals("ready\n", client.readLine());
            Thread stopping = new Thread(server::stop, "stopping");
            stopping.start();
            stopping.join(Duration.ofSeconds(30).toMillis());
            assertFalse(stopping.isAlive(), "stop() still waits for the script's 'delay 10m'");
            assertEquals("", client.readToEnd(), "nothing after the delay is sent");
            RecordedConnection seen = server.takeConnection(WAIT);
            assertNull(seen.error(), seen::transcript);
            assertEquals(CloseReason.SERVER_STOPPED, seen.closeReason());
        } finally {
            server.stop();
        }
    }

    @Test
    void unmatchedLineUnderRulesIsAnError() throws Exception {
        Script script = Script.parse("redis.chat", """
                on line "PING" send "+PONG\\r\\n"
                on regex "^ECHO (\\w+)$" delay 10ms send "+echo\\r\\n"
                """);
        try (TcpServer server = TcpServer.builder().handler(script).start();
                TestClient client = new TestClient(server)) {
            client.send("PING\r\nECHO hi\r\n");
            assertEquals("+PONG\r\n", client.readLine());
            assertEquals("+echo\r\n", client.readLine());
            client.send("FLUSHALL\r\n");
            assertEquals("", client.readToEnd());
            assertEquals("redis.chat:1: no 'on' rule matches the next bytes from the client: 46 4c 55 53 48 41 4c 4c 0d 0a,"
                    + " the line \"FLUSHALL\\r\\n\" (rules on lines 1-2)",
                    server.takeConnection(WAIT).error().getMessage());
        }
    }

    @Test
    void rulesEndCleanlyWhenTheClientCloses() throws Exception {
        try (TcpServer server = TcpServer.builder().handler(Handlers.script("on line \"*\" send \"ok\\n\"")).start()) {
            try (TestClient client = new TestClient(server)) {
                client.send("a\nb\nlast without a line break");
                client.shutdownOutput();
                assertEquals("ok\nok\nok\n", client.readToEnd());
            }
            RecordedConnection seen = server.takeConnection(WAIT);
            assertNull(seen.error());
            assertEquals(CloseReason.CLOSED, seen.closeReason());
        }
    }

    /** Jedis, for one, closes every connection with RST (SO_LINGER 0): for the rules that is a close too. */
    @Test
    void rulesEndWithoutAnErrorWhenTheClientClosesWithReset() throws Exception {
        try (TcpServer server = TcpServer.builder().handler(Handlers.script("on line \"PING\" send \"+PONG\\r\\n\"")).start()) {
            TestClient client = new TestClient(server);
            client.send("PING\r\n");
            assertEquals("+PONG\r\n", client.readLine());
            client.socket.setSoLinger(true, 0);
            client.close();
            RecordedConnection seen = server.takeConnection(WAIT);
            assertNull(seen.error(), seen::transcript);
            assertEquals(CloseReason.CLIENT_RESET, seen.closeReason());
        }
    }

    /**
     * A client that sends a command and resets without waiting for the answer: the rule's write
     * meets the reset (or the read does, if it comes first), and either way the rules are done.
     */
    @Test
    void rulesEndWithoutAnErrorWhenTheClientResetsBeforeTheAnswer() throws Exception {
        try (TcpServer server = TcpServer.builder().handler(Handlers.script("on line \"PING\" send \"+PONG\\r\\n\"")).start()) {
            TestClient client = new TestClient(server);
            client.socket.setSoLinger(true, 0);
            client.send("PING\r\n");
            client.close();
            RecordedConnection seen = server.takeConnection(WAIT);
            assertNull(seen.error(), seen::transcript);
            assertEquals(CloseReason.CLIENT_RESET, seen.closeReason());
        }
    }

    /** A reset in the middle of the sequence breaks the script, as a reset during an expect does. */
    @Test
    void clientResetWhileTheSequenceSendsIsAScriptFailureAndAClientReset() throws Exception {
        Script script = Script.parse("reply.chat", """
                expect line "A"
                send "x\\n"
                expect line "B"
                """);
        try (TcpServer server = TcpServer.builder().handler(script).start()) {
            TestClient client = new TestClient(server);
            client.socket.setSoLinger(true, 0);
            client.send("A\r\n");
            client.close();
            RecordedConnection seen = server.takeConnection(WAIT);
            assertEquals(CloseReason.CLIENT_RESET, seen.closeReason(), seen::transcript);
            assertInstanceOf(AssertionError.class, seen.error());
            // The reset meets the write of line 2, or, if the write got out first, the read of line 3.
            String message = seen.error().getMessage();
            assertTrue(message.startsWith("reply.chat:2: the connection failed while the script sent \"x\\n\" (")
                    || message.startsWith("reply.chat:3: the connection failed while the script waited for"), message);
        }
    }

    @Test
    void ruleActionsCanHalfCloseAndReset() throws Exception {
        Script script = Script.parse("""
                on line "HALF" send "half\\n" shutdown-output
                on line "KILL" reset
                """);
        try (TcpServer server = TcpServer.builder().handler(script).start()) {
            try (TestClient client = new TestClient(server)) {
                client.send("HALF\n");
                assertEquals("half\n", client.readAll(), "end of stream after the half-close; the client may still send");
                client.send("KILL\n");
                assertEquals(CloseReason.RESET, server.takeConnection(WAIT).closeReason());
            }
        }
    }

    /** Rules are checked one by one, so only the run shows a send after another rule shut the output. */
    @Test
    void aRuleThatSendsAfterAnotherShutTheOutputNamesBothLines() throws Exception {
        Script script = Script.parse("half.chat", """
                on line "HALF" send "half\\n" shutdown-output
                on line "MORE" send "more\\n"
                """);
        try (TcpServer server = TcpServer.builder().handler(script).start();
                TestClient client = new TestClient(server)) {
            client.send("HALF\n");
            assertEquals("half\n", client.readAll());
            client.send("MORE\n");
            client.shutdownOutput();
            RecordedConnection seen = server.takeConnection(WAIT);
            assertEquals("half.chat:2: cannot send \"more\\n\": 'shutdown-output' on line 1 has shut the output already,"
                    + " so the client has had its FIN; remove that 'shutdown-output' or this 'send'", seen.error().getMessage());
            assertEquals(CloseReason.HANDLER_ERROR, seen.closeReason());
        }
    }

    @Test
    void oneScriptServesConnectionsIndependently() throws Exception {
        try (TcpServer server = TcpServer.builder().handler(Handlers.script("expect line \"n=?\"\nsend \"ok\"")).start();
                TestClient first = new TestClient(server);
                TestClient second = new TestClient(server)) {
            second.send("n=2\n");
            first.send("n=1\n");
            assertEquals("ok", first.readAll());
            assertEquals("ok", second.readAll());
        }
    }

    @Test
    void scriptFromAFileNamesTheFileInErrors(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("greeting.chat");
        Files.writeString(file, "send \"hi\\n\"\nexpect line \"bye\"\n");
        try (TcpServer server = TcpServer.builder().handler(Handlers.script(file)).start();
                TestClient client = new TestClient(server)) {
            assertEquals("hi\n", client.readLine());
            client.send("what?\n");
            client.readToEnd();
            assertTrue(server.takeConnection(WAIT).error().getMessage().startsWith(file + ":2: expected a line matching"));
        }

        Files.writeString(file, "send foo\n");
        ScriptSyntaxException syntax = assertThrows(ScriptSyntaxException.class, () -> Handlers.script(file));
        assertEquals(file.toString(), syntax.source());

        UncheckedIOException missing = assertThrows(UncheckedIOException.class, () -> Script.parse(dir.resolve("none.chat")));
        assertTrue(missing.getMessage().contains("none.chat"), missing.getMessage());
        assertNotNull(missing.getCause());
    }

    /** Notepad and friends save UTF-8 with a byte order mark and CRLF line ends. */
    @Test
    void scriptFileWithByteOrderMarkAndCrlfLineEndsRuns(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("windows.chat");
        Files.write(file, ("\uFEFFsend \"220 ready\\r\\n\"\r\n"
                + "expect line \"EHLO *\"   # a comment\r\n"
                + "\r\n"
                + "on line \"QUIT\" send \"221 bye\\r\\n\" close\r\n").getBytes(StandardCharsets.UTF_8));
        try (TcpServer server = TcpServer.builder().handler(Handlers.script(file)).start();
                TestClient client = new TestClient(server)) {
            assertEquals("220 ready\r\n", client.readLine());
            client.send("EHLO me\r\nQUIT\r\n");
            assertEquals("221 bye\r\n", client.readToEnd());
            assertNull(server.takeConnection(WAIT).error());
        }

        Files.write(file, "\uFEFFsend foo\r\n".getBytes(StandardCharsets.UTF_8));
        ScriptSyntaxException syntax = assertThrows(ScriptSyntaxException.class, () -> Handlers.script(file));
        assertEquals(file + ":1:6: expected a quoted string or 'hex' after 'send', found 'foo'", syntax.getMessage());
    }

    @Test
    void clientResetDuringAnExpectIsRecordedAsAClientReset() throws Exception {
        try (TcpServer server = TcpServer.builder().handler(Handlers.script("expect \"x\"")).start()) {
            TestClient client = new TestClient(server);
            client.socket.setSoLinger(true, 0);
            client.send("a");
            Thread.sleep(50);
            client.close();
            RecordedConnection seen = server.takeConnection(WAIT);
            assertEquals(CloseReason.CLIENT_RESET, seen.closeReason());
            assertTrue(seen.error().getMessage().startsWith("script:1: the connection failed while the script waited for"),
                    seen.error().getMessage());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
