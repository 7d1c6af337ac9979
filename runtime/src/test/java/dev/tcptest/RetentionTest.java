package dev.tcptest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.Socket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A server keeps its finished connections up to a bound, and counts what it drops. */
class RetentionTest {

    @Test
    void pastTheCountTheOldestFinishedConnectionsAreDropped() throws Exception {
        try (TcpServer server = TcpServer.builder().handler(Handlers.respond("ok")).retention(3, 1 << 20).start()) {
            for (int i = 0; i < 5; i++) {
                try (Socket client = Clients.connect(server)) {
                    assertEquals("ok", Clients.readAllText(client));
                }
            }
            TcpServerTest.waitFor(() -> server.droppedCount() == 2);
            List<RecordedConnection> kept = server.connections();
            assertEquals(List.of(3L, 4L, 5L), kept.stream().map(RecordedConnection::id).toList());
            assertEquals(5, server.acceptedCount());
            assertEquals(3, server.takeConnection(Clients.WAIT).id(), "take starts with the oldest one kept");
        }
    }

    @Test
    void pastTheByteBudgetTheOldestFinishedConnectionsAreDropped() throws Exception {
        byte[] payload = Clients.bytes(3_000);
        try (TcpServer server = TcpServer.builder().retention(100, 10_000).start()) {
            for (int i = 0; i < 4; i++) {
                try (Socket client = Clients.connect(server)) {
                    client.getOutputStream().write(payload);
                    client.shutdownOutput();
                    assertEquals(payload.length, Clients.readAll(client.getInputStream()).length);
                }
            }
            // Each record holds 6,000 bytes and some: one fits the budget of 10,000.
            TcpServerTest.waitFor(() -> server.droppedCount() == 3);
            assertEquals(List.of(4L), server.connections().stream().map(RecordedConnection::id).toList());
        }
    }

    @Test
    void handlerErrorsAreCountedEvenWhenTheirConnectionsAreDroppedOrTaken() throws Exception {
        AcceptHandler failing = connection -> {
            throw new IllegalStateException("boom");
        };
        try (LogCapture log = new LogCapture();
                TcpServer server = TcpServer.builder().handler(failing).retention(1, 1 << 20).start()) {
            for (int i = 0; i < 3; i++) {
                try (Socket client = Clients.connect(server)) {
                    Clients.readAll(client.getInputStream());
                }
            }
            TcpServerTest.waitFor(() -> server.handlerErrorCount() == 3);
            assertEquals(1, server.connections().size());
            assertEquals(3, log.warnings().size());
        }
    }

    @Test
    void clearConnectionsForgetsTheRecordsAndTheirErrors() throws Exception {
        AcceptHandler failing = connection -> {
            throw new IllegalStateException("boom");
        };
        try (LogCapture log = new LogCapture(); TcpServer server = TcpServer.builder().handler(failing).start()) {
            try (Socket client = Clients.connect(server)) {
                Clients.readAll(client.getInputStream());
            }
            TcpServerTest.waitFor(() -> server.handlerErrorCount() == 1);
            server.clearConnections();
            assertEquals(List.of(), server.connections());
            assertEquals(0, server.handlerErrorCount());
            assertNull(server.takeConnection(Duration.ofMillis(50)), "nothing left to take");
            try (Socket client = Clients.connect(server)) {
                Clients.readAll(client.getInputStream());
            }
            assertEquals(2, server.takeConnection(Clients.WAIT).id(), "ids go on counting");
        }
    }
}
