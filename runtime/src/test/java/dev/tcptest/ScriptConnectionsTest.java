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
}
