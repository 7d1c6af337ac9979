package dev.tcptest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * {@link RecordedConnection#toScript()}: a conversation recorded once, replayed by a chat script
 * against the same client, which cannot tell the two servers apart.
 */
class RecordedScriptTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    /** What the client made of the recorded server's answers. */
    private String answers;

    /** A client under test: talks to a server, returns what it made of the answers. */
    interface Client {
        String talk(TcpServer server) throws Exception;
    }

    private static final String SMTP = """
            send "220 ready\\r\\n"
            expect line "HELO *"
            send "250 hello\\r\\n"
            expect line "QUIT"
            send "221 bye\\r\\n"
            close
            """;

    private static final Client SMTP_CLIENT = server -> {
        try (TestClient client = new TestClient(server)) {
            String banner = client.readLine();
            client.send("HELO me\r\n");
            String hello = client.readLine();
            client.send("QUIT\r\n");
            return banner + hello + client.readToEnd();
        }
    };

    @Test
    void aTextConversationBecomesAReadableScript() throws Exception {
        RecordedConnection recorded = record(Handlers.script(SMTP), SMTP_CLIENT);
        assertEquals("""
                # connection 1 as a chat script that replays it: 15 bytes from the client, 31 from the server
                # server, offset 0, 11 bytes
                send "220 ready\\r\\n"
                # client, offset 0, 9 bytes
                expect exactly "HELO me\\r\\n"
                # server, offset 11, 11 bytes
                send "250 hello\\r\\n"
                # client, offset 9, 6 bytes
                expect exactly "QUIT\\r\\n"
                # server, offset 22, 9 bytes
                send "221 bye\\r\\n"
                close
                """, recorded.toScript());
        replay(recorded, SMTP_CLIENT);
    }

    /** A keep-alive client closes the connection itself: the replay waits for it to. */
    @Test
    void theClientsCloseBecomesAwaitClose() throws Exception {
        Client pinger = server -> {
            try (TestClient client = new TestClient(server)) {
                StringBuilder answers = new StringBuilder();
                for (int i = 0; i < 2; i++) {
                    client.send("PING\r\n");
                    answers.append(client.readLine());
                }
                client.shutdownOutput();
                return answers + client.readAll();
            }
        };
        RecordedConnection recorded = record(Handlers.script("on line \"PING\" send \"+PONG\\r\\n\""), pinger);
        assertTrue(recorded.toScript().endsWith("expect exactly \"PING\\r\\n\"\n# server, offset 7, 7 bytes\n"
                + "send \"+PONG\\r\\n\"\n# the client closed the connection\nawait-close\n"), recorded.toScript());
        replay(recorded, pinger);
    }

    @Test
    void binaryDataBecomesHex() throws Exception {
        Script mqtt = Script.parse("""
                expect bytes 10
                send hex "20 02 00 00"
                on bytes hex "c0 00" send hex "d0 00"
                on bytes hex "e0 00" close
                """);
        Client client = server -> {
            try (TestClient mqttClient = new TestClient(server)) {
                mqttClient.send(new byte[] {0x10, 0x08, 0x00, 0x04, 'M', 'Q', 'T', 'T', 0x04, 0x02});
                byte[] connack = mqttClient.readBytes(4);
                mqttClient.send(new byte[] {(byte) 0xc0, 0x00});
                byte[] pingresp = mqttClient.readBytes(2);
                mqttClient.send(new byte[] {(byte) 0xe0, 0x00});
                return Arrays.toString(connack) + Arrays.toString(pingresp) + mqttClient.readToEnd();
            }
        };
        RecordedConnection recorded = record(mqtt, client);
        String script = recorded.toScript();
        assertTrue(script.contains("\nexpect hex \"10 08 00 04 4d 51 54 54 04 02\"\n# server, offset 0, 4 bytes\n"
                + "send hex \"20 02 00 00\"\n# client, offset 10, 2 bytes\nexpect hex \"c0 00\"\n"), script);
        assertTrue(script.endsWith("expect hex \"e0 00\"\nclose\n"), script);
        replay(recorded, client);
    }

    /** The server's FIN before the client is done: the replay half-closes at the same point. */
    @Test
    void aHalfCloseBecomesShutdownOutputWhereItHappened() throws Exception {
        Script halfClose = Script.parse("expect line \"hi\"\nsend \"bye\\n\"\nshutdown-output\nexpect line \"last words\"\n");
        Client client = server -> {
            try (TestClient halfClosed = new TestClient(server)) {
                halfClosed.send("hi\n");
                String bye = halfClosed.readAll();
                halfClosed.send("last words\n");
                halfClosed.shutdownOutput();
                return bye;
            }
        };
        RecordedConnection recorded = record(halfClose, client);
        assertTrue(recorded.toScript().endsWith("""
                send "bye\\n"
                # the server closed its output (FIN) here
                shutdown-output
                # client, offset 3, 11 bytes
                expect exactly "last words\\n"
                # the client closed the connection
                await-close
                """), recorded.toScript());
        replay(recorded, client);
    }

    @Test
    void theServersResetBecomesReset() throws Exception {
        Client client = server -> {
            try (TestClient reset = new TestClient(server)) {
                reset.send("x\n");
                return reset.readToEndOrReset();
            }
        };
        RecordedConnection recorded = record(Handlers.script("expect line \"x\"\nreset"), client);
        assertTrue(recorded.toScript().endsWith("expect exactly \"x\\n\"\nreset\n"), recorded.toScript());
        replay(recorded, client);
    }

    /** What a send would read as a capture is escaped; a plain {@code $} is left alone. */
    @Test
    void textThatLooksLikeACaptureIsEscaped() throws Exception {
        Client client = server -> {
            try (TestClient reader = new TestClient(server)) {
                return reader.readToEnd();
            }
        };
        RecordedConnection recorded = record(Handlers.respond("${x} costs $5\r\n\u00e9t\u00e9 \u2713"), client);
        assertTrue(recorded.toScript().contains("send \"\\${x} costs $5\\r\\n\"\nsend \"\u00e9t\u00e9 \u2713\"\n"),
                recorded.toScript());
        replay(recorded, client);
    }

    /** Through a proxy in front of the real server, which is how a recording is made. */
    @Test
    void aConversationRecordedByAProxyReplays() throws Exception {
        try (TcpServer real = TcpServer.builder().handler(Handlers.script(SMTP)).start();
                TcpServer proxy = TcpServer.builder().handler(Handlers.proxy(real.host(), real.port())).start()) {
            answers = SMTP_CLIENT.talk(proxy);
            RecordedConnection recorded = proxy.takeConnection(WAIT);
            assertEquals("220 ready\r\n250 hello\r\n221 bye\r\n", answers);
            assertTrue(recorded.toScript().endsWith("send \"221 bye\\r\\n\"\nclose\n"), recorded.toScript());
            replay(recorded, SMTP_CLIENT);
        }
    }

    @Test
    void aTruncatedRecordingEndsWithACommentSayingWhere() throws Exception {
        RecordedConnection recorded;
        try (TcpServer server = TcpServer.builder().recordingLimit(8).handler(Handlers.script(SMTP)).start()) {
            SMTP_CLIENT.talk(server);
            recorded = server.takeConnection(WAIT);
        }
        String script = recorded.toScript();
        assertTrue(script.endsWith("\n# the recording stopped here, at the recording limit: it kept 8 of the 15 bytes from"
                + " the client and 8 of the 31 from the server; what came after is not in this script\n"), script);
        Script.parse(script);
    }

    /** Records one conversation of the client with a server that plays the handler. */
    private RecordedConnection record(AcceptHandler realServer, Client client) throws Exception {
        try (TcpServer server = TcpServer.builder().handler(realServer).start()) {
            answers = client.talk(server);
            RecordedConnection recorded = server.takeConnection(WAIT);
            assertNull(recorded.error(), recorded::transcript);
            return recorded;
        }
    }

    /** Replays a recording to the same client: the same answers, the same bytes, no script failure. */
    private void replay(RecordedConnection recorded, Client client) throws Exception {
        String script = recorded.toScript();
        try (TcpServer replay = TcpServer.builder().handler(Handlers.script(script)).start()) {
            assertEquals(answers, client.talk(replay), script);
            RecordedConnection again = replay.takeConnection(WAIT);
            assertNull(again.error(), () -> script + again.transcript());
            assertArrayEquals(recorded.received(), again.received(), again::transcript);
            assertArrayEquals(recorded.sent(), again.sent(), again::transcript);
            assertEquals(recorded.closeReason(), again.closeReason());
        }
    }
}
