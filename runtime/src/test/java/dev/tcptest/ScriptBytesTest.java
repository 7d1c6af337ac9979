package dev.tcptest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Chat scripts over exact bytes: {@code expect exactly}, {@code expect hex} with {@code ??}. */
class ScriptBytesTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void expectExactlyReadsTheNextBytesWithTheirLineEnd() throws Exception {
        Script script = Script.parse("""
                expect exactly "PING\\r\\n"
                send "+PONG\\r\\n"
                expect exactly "QUIT\\r\\n"
                """);
        try (TcpServer server = TcpServer.builder().handler(script).start();
                TestClient client = new TestClient(server)) {
            client.send("PI").send("NG\r").send("\n");
            assertEquals("+PONG\r\n", client.readLine());
            client.send("QUIT\r\n");
            assertEquals("", client.readToEnd());
            assertNull(server.takeConnection(WAIT).error());
        }
    }

    @Test
    void expectExactlySkipsNothing() throws Exception {
        try (TcpServer server = TcpServer.builder().handler(Script.parse("t.chat", "expect exactly \"PING\\r\\n\"")).start();
                TestClient client = new TestClient(server)) {
            client.send("xPING\r\n");
            assertEquals("", client.readToEnd());
            String message = server.takeConnection(WAIT).error().getMessage();
            assertTrue(message.startsWith("t.chat:1: expected exactly \"PING\\r\\n\", but the client sent \"x"), message);
            assertTrue(message.endsWith("(they differ at byte 1)"), message);
        }
    }

    @Test
    void expectExactlyFailsAtTheFirstByteThatDiffers() throws Exception {
        try (TcpServer server = TcpServer.builder().handler(Script.parse("t.chat", "expect exactly \"PING\\r\\n\"")).start();
                TestClient client = new TestClient(server)) {
            client.send("PO");
            // The mismatch is seen before the line is complete: the script does not wait for more.
            assertEquals("", client.readToEnd());
            assertEquals("t.chat:1: expected exactly \"PING\\r\\n\", but the client sent \"PO\" (they differ at byte 2)",
                    server.takeConnection(WAIT).error().getMessage());
        }
    }

    /** An MQTT CONNECT: its remaining length varies with the client id, so {@code ??} takes any. */
    @Test
    void expectHexWithWildcards() throws Exception {
        Script script = Script.parse("""
                expect hex "10 ?? 00 04 4d 51 54 54"   # CONNECT, any length, protocol name "MQTT"
                expect bytes 2
                send hex "20 02 00 00"                 # CONNACK
                expect hex "c0 00"                     # PINGREQ
                send hex "d0 00"                       # PINGRESP
                """);
        try (TcpServer server = TcpServer.builder().handler(script).start();
                TestClient client = new TestClient(server)) {
            client.send(new byte[] {0x10, 0x0c, 0x00, 0x04, 'M', 'Q', 'T', 'T', 0x04, 0x02});
            assertArrayEquals(new byte[] {0x20, 0x02, 0x00, 0x00}, client.readBytes(4));
            client.send(new byte[] {(byte) 0xc0, 0x00});
            assertArrayEquals(new byte[] {(byte) 0xd0, 0x00}, client.readBytes(2));
            client.readToEnd();
            assertNull(server.takeConnection(WAIT).error());
        }
    }

    @Test
    void expectHexMismatchIsShownInHex() throws Exception {
        try (TcpServer server = TcpServer.builder().handler(Script.parse("mqtt.chat", "expect hex \"c0 ??\"")).start();
                TestClient client = new TestClient(server)) {
            client.send(new byte[] {(byte) 0xe0, 0x00});
            assertEquals("", client.readToEnd());
            String message = server.takeConnection(WAIT).error().getMessage();
            assertTrue(message.startsWith("mqtt.chat:1: expected exactly hex \"c0 ??\", but the client sent hex \"e0"), message);
            assertTrue(message.endsWith("(they differ at byte 1)"), message);
        }
    }

    @Test
    void expectHexWaitsUnderTheTimeoutAndNamesWhatArrived() throws Exception {
        try (TcpServer server = TcpServer.builder().handler(Script.parse("mqtt.chat", "timeout 200ms\nexpect hex \"c0 00\""))
                .start();
                TestClient client = new TestClient(server)) {
            client.send(new byte[] {(byte) 0xc0});
            assertEquals("", client.readToEnd());
            assertEquals("mqtt.chat:2: timed out after 200 ms waiting for exactly hex \"c0 00\"; received meanwhile: \"\\xc0\"",
                    server.takeConnection(WAIT).error().getMessage());
        }
    }

    @Test
    void expectExactlyAtEndOfStreamNamesWhatArrived() throws Exception {
        try (TcpServer server = TcpServer.builder().handler(Script.parse("t.chat", "expect exactly \"QUIT\\r\\n\"")).start();
                TestClient client = new TestClient(server)) {
            client.send("QUIT");
            client.shutdownOutput();
            assertEquals("", client.readToEnd());
            assertEquals("t.chat:1: the client closed its output while the script waited for exactly \"QUIT\\r\\n\";"
                    + " received meanwhile: \"QUIT\"", server.takeConnection(WAIT).error().getMessage());
        }
    }

    /** MQTT with keep-alive on: the rules answer each PINGREQ, however the packets arrive. */
    @Test
    void onBytesHexAnswersBinaryRequests() throws Exception {
        Script script = Script.parse("""
                on bytes hex "c0 00" send hex "d0 00"     # PINGREQ -> PINGRESP
                on bytes hex "e0 00" close                # DISCONNECT
                """);
        try (TcpServer server = TcpServer.builder().handler(script).start();
                TestClient client = new TestClient(server)) {
            client.send(new byte[] {(byte) 0xc0, 0x00, (byte) 0xc0, 0x00});
            assertArrayEquals(new byte[] {(byte) 0xd0, 0x00, (byte) 0xd0, 0x00}, client.readBytes(4));
            client.send(new byte[] {(byte) 0xc0});
            awaitReceived(server, 5);
            client.send(new byte[] {0x00, (byte) 0xe0, 0x00});
            assertArrayEquals(new byte[] {(byte) 0xd0, 0x00}, client.input().readAllBytes());
            RecordedConnection seen = server.takeConnection(WAIT);
            assertNull(seen.error(), seen::transcript);
            assertEquals(CloseReason.CLOSED, seen.closeReason());
        }
    }

    /** Rules of both kinds, tried in order on the unread bytes: a keep-alive byte between text lines. */
    @Test
    void bytesAndLineRulesMix() throws Exception {
        Script script = Script.parse("""
                on line "PING" send "PONG\\n"
                on bytes hex "00" ignore                  # a keep-alive byte, answered by nothing
                on regex "^ECHO (.*)$" send "ECHOED\\n"
                """);
        try (TcpServer server = TcpServer.builder().handler(script).start();
                TestClient client = new TestClient(server)) {
            client.send("\0PING\n\0\0ECHO x\nPING\n\0");
            assertEquals("PONG\n", client.readLine());
            assertEquals("ECHOED\n", client.readLine());
            assertEquals("PONG\n", client.readLine());
            client.shutdownOutput();
            assertEquals("", client.readAll());
            assertNull(server.takeConnection(WAIT).error());
        }
    }

    /** A line rule that could still match keeps a later rule from taking the bytes it needs. */
    @Test
    void anEarlierRuleThatCouldMatchWaitsForMoreBytes() throws Exception {
        Script script = Script.parse("""
                on line "PING" send "line\\n"
                on bytes "PI" send "bytes\\n"
                """);
        try (TcpServer server = TcpServer.builder().handler(script).start();
                TestClient client = new TestClient(server)) {
            client.send("PI");
            awaitReceived(server, 2);
            client.send("NG\r\n");
            assertEquals("line\n", client.readLine());
            client.send("PIX\n");
            assertEquals("bytes\n", client.readLine(), "PIX cannot begin PING: the bytes rule takes PI");
        }
    }

    @Test
    void bytesNoRuleMatchesFailNamingThemInHex() throws Exception {
        Script script = Script.parse("mqtt.chat", """
                on bytes hex "c0 00" send hex "d0 00"
                on bytes hex "e0 00" close
                """);
        try (TcpServer server = TcpServer.builder().handler(script).start();
                TestClient client = new TestClient(server)) {
            client.send(new byte[] {(byte) 0x82, 0x01});
            assertEquals("", client.readToEnd());
            String message = server.takeConnection(WAIT).error().getMessage();
            assertTrue(message.startsWith("mqtt.chat:1: no 'on' rule matches the next bytes from the client: 82"), message);
            assertTrue(message.endsWith(" (rules on lines 1-2)"), message);
        }
    }

    @Test
    void aPartialPatternAtEndOfStreamFails() throws Exception {
        try (TcpServer server = TcpServer.builder().handler(Script.parse("mqtt.chat", "on bytes hex \"c0 00\" ignore")).start();
                TestClient client = new TestClient(server)) {
            client.send(new byte[] {(byte) 0xc0, 0x00, (byte) 0xc0});
            client.shutdownOutput();
            assertEquals("", client.readAll());
            assertEquals("mqtt.chat:1: no 'on' rule matches the next bytes from the client, who closed its output: c0"
                    + " (rules on line 1)", server.takeConnection(WAIT).error().getMessage());
        }
    }

    @Test
    void aPartialPatternWaitsUnderTheExpectTimeout() throws Exception {
        Script script = Script.parse("mqtt.chat", """
                timeout 200ms
                on bytes hex "c0 00" send hex "d0 00"
                """);
        try (TcpServer server = TcpServer.builder().handler(script).start();
                TestClient client = new TestClient(server)) {
            client.send(new byte[] {(byte) 0xc0});
            assertEquals("", client.readToEnd());
            assertEquals("mqtt.chat:2: timed out after 200 ms waiting for the rest of what an 'on' rule could match"
                    + " (rules on line 2); received meanwhile: c0, as text \"\\xc0\"",
                    server.takeConnection(WAIT).error().getMessage());
        }
    }

    /** RESP framing lines read without an answer. */
    @Test
    void ignoreConsumesWhatMatchedAndAnswersNothing() throws Exception {
        Script script = Script.parse("""
                on regex "^[*$][0-9]+$" ignore
                on line "PING" send "+PONG\\r\\n"
                """);
        try (TcpServer server = TcpServer.builder().handler(script).start();
                TestClient client = new TestClient(server)) {
            client.send("*1\r\n$4\r\nPING\r\n");
            assertEquals("+PONG\r\n", client.readLine());
            client.shutdownOutput();
            assertEquals("", client.readAll());
            assertNull(server.takeConnection(WAIT).error());
        }
    }

    /** Waits until the server has read this many bytes of its one connection. */
    static void awaitReceived(TcpServer server, int count) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (server.connections().isEmpty() || server.connections().get(0).received().length < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the server did not read " + count + " bytes within " + WAIT);
            }
            Thread.sleep(5);
        }
    }
}
