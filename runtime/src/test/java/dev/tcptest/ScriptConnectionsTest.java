package dev.tcptest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** How a script ends a connection and chooses what to play on each: {@code await-close}. */
class ScriptConnectionsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private static final String RESPONSE = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nup";
    private static final String KEEP_ALIVE = """
            expect line "GET /status HTTP/1.1"
            expect "\\r\\n\\r\\n"
            send "HTTP/1.1 200 OK\\r\\nContent-Length: 2\\r\\n\\r\\nup"
            await-close
            """;

    /** A pooled client keeps its connection: the script neither closes it nor times out. */
    @Test
    void awaitCloseKeepsTheConnectionUntilTheClientCloses() throws Exception {
        try (TcpServer server = TcpServer.builder().handler(Script.parse("keep.chat", KEEP_ALIVE)).start()) {
            try (TestClient client = new TestClient(server)) {
                client.send("GET /status HTTP/1.1\r\nHost: x\r\n\r\n");
                assertEquals(RESPONSE, new String(client.readBytes(RESPONSE.length()), StandardCharsets.US_ASCII));
                client.send("late bytes");
                ScriptBytesTest.awaitReceived(server, 42);
                assertNull(server.connections().get(0).closeReason(), "the script still reads");
                client.shutdownOutput();
                assertEquals("", client.readAll());
            }
            RecordedConnection seen = server.takeConnection(WAIT);
            assertNull(seen.error(), seen::transcript);
            assertEquals(CloseReason.CLOSED, seen.closeReason());
            assertEquals("GET /status HTTP/1.1\r\nHost: x\r\n\r\nlate bytes", seen.receivedText());
        }
    }

    @Test
    void awaitCloseEndsWithoutAnErrorWhenTheClientResets() throws Exception {
        try (TcpServer server = TcpServer.builder().handler(Script.parse("keep.chat", KEEP_ALIVE)).start()) {
            TestClient client = new TestClient(server);
            client.send("GET /status HTTP/1.1\r\nHost: x\r\n\r\n");
            client.readBytes(RESPONSE.length());
            client.socket.setSoLinger(true, 0);
            client.close();
            RecordedConnection seen = server.takeConnection(WAIT);
            assertNull(seen.error(), seen::transcript);
            assertEquals(CloseReason.CLIENT_RESET, seen.closeReason());
        }
    }

    @Test
    void aServerStopEndsAwaitClose() throws Exception {
        TcpServer server = TcpServer.builder().handler(Script.parse("keep.chat", "send \"hi\\n\"\nawait-close")).start();
        try (TestClient client = new TestClient(server)) {
            assertEquals("hi\n", client.readLine());
            server.stop();
            assertEquals("", client.readToEnd());
            RecordedConnection seen = server.takeConnection(WAIT);
            assertNull(seen.error(), seen::transcript);
            assertEquals(CloseReason.SERVER_STOPPED, seen.closeReason());
        } finally {
            server.stop();
        }
    }

    /** The way to test a client's reconnect: the first connection is reset, the rest answered. */
    @Test
    void theFirstConnectionIsResetAndTheRestAnswered() throws Exception {
        Script script = Script.parse("reconnect.chat", """
                send "+hello\\r\\n"              # the prologue: every connection plays it first
                [connection 1]
                reset
                [connection *]
                on line "PING" send "+PONG\\r\\n"
                """);
        try (TcpServer server = TcpServer.builder().handler(script).start()) {
            try (TestClient first = new TestClient(server)) {
                assertEquals("+hello\r\n", first.readLine());
                assertEquals("RESET", first.readToEndOrReset());
            }
            try (TestClient second = new TestClient(server)) {
                assertEquals("+hello\r\n", second.readLine());
                second.send("PING\r\n");
                assertEquals("+PONG\r\n", second.readLine());
            }
            assertEquals(CloseReason.RESET, server.takeConnection(WAIT).closeReason());
            RecordedConnection second = server.takeConnection(WAIT);
            assertNull(second.error(), second::transcript);
        }
    }

    /** Sections count the connections of each run: after a restart the first is the first again. */
    @Test
    void sectionsCountConnectionsPerRunOfTheServer() throws Exception {
        Script script = Script.parse("runs.chat", """
                [connection 1]
                send "first\\n"
                [connection 2-3]
                send "second or third\\n"
                """);
        TcpServer server = TcpServer.builder().handler(script).start();
        try {
            assertEquals("first\n", talk(server));
            assertEquals("second or third\n", talk(server));
            server.stop();
            server.start();
            assertEquals("first\n", talk(server), "connection 3 since the first start, 1 of this run");
            assertEquals("second or third\n", talk(server));
        } finally {
            server.stop();
        }
    }

    /** A connection no section covers fails, naming its number, and its id where that differs. */
    @Test
    void aConnectionNoSectionCoversFailsNamingItsNumber() throws Exception {
        Script script = Script.parse("one.chat", "send \"hi\\n\"\n[connection 1]\nclose\n");
        TcpServer server = TcpServer.builder().handler(script).start();
        try {
            assertEquals("hi\n", talk(server));
            assertEquals("", talk(server), "the failing connection plays nothing, not even the prologue");
            server.takeConnection(WAIT);
            assertEquals("one.chat:2: no section plays connection 2: the sections cover connections 1; add a"
                    + " [connection *] section for the rest", server.takeConnection(WAIT).error().getMessage());
            server.stop();
            server.start();
            talk(server);
            talk(server);
            server.takeConnection(WAIT);
            assertEquals("one.chat:2: no section plays connection 2 of this run of the server (its id is 4, counted"
                    + " since the first start): the sections cover connections 1; add a [connection *] section for the"
                    + " rest", server.takeConnection(WAIT).error().getMessage());
        } finally {
            server.stop();
        }
    }

    /** Connects, reads to the end, and closes; one at a time, so that the numbers follow the calls. */
    private static String talk(TcpServer server) throws Exception {
        try (TestClient client = new TestClient(server)) {
            return client.readToEnd();
        }
    }
}
