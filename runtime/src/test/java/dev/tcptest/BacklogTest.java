package dev.tcptest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Paused accepting: the kernel completes handshakes into the listen backlog while nobody calls
 * accept(), and once the queue is full further connects stall and time out.
 */
class BacklogTest {

    @Test
    void connectSucceedsWhileAcceptingIsPausedBecauseTheKernelCompletesTheHandshake() throws Exception {
        try (TcpServer server = TcpServer.builder().acceptPaused(true).start();
                Socket client = Clients.connect(server)) {
            assertTrue(client.isConnected());
            Clients.send(client, "queued\n");
            Thread.sleep(100);
            assertEquals(0, server.acceptedCount(), "nothing is accepted while paused");

            server.resumeAccepting();
            byte[] echoed = client.getInputStream().readNBytes(7);
            assertEquals("queued\n", new String(echoed, java.nio.charset.StandardCharsets.US_ASCII));
            assertEquals(1, server.acceptedCount());
        }
    }

    @Test
    void linuxQueuesBacklogPlusOneConnectionsAndFurtherConnectsTimeOut() throws Exception {
        for (int backlog : new int[] {1, 3}) {
            try (TcpServer server = TcpServer.builder().backlog(backlog).acceptPaused(true).start()) {
                List<Socket> queued = new ArrayList<>();
                try {
                    int fitted = 0;
                    // Bounded: at most backlog + 5 attempts, each bounded by its connect timeout.
                    for (int i = 0; i < backlog + 5; i++) {
                        try {
                            queued.add(Clients.connect(server.address(), 500));
                            fitted++;
                        } catch (SocketTimeoutException e) {
                            break;
                        }
                    }
                    assertEquals(backlog + 1, fitted, "connections queued by the kernel with backlog " + backlog);
                    assertThrows(SocketTimeoutException.class, () -> Clients.connect(server.address(), 300).close(),
                            "a connect past a full backlog queue stalls until its timeout");
                    assertEquals(0, server.acceptedCount());
                } finally {
                    for (Socket socket : queued) {
                        socket.close();
                    }
                }
            }
        }
    }

    @Test
    void afterResumeTheQueuedClientsAreServedInConnectOrder() throws Exception {
        try (TcpServer server = TcpServer.builder().backlog(10).acceptPaused(true).start()) {
            List<Socket> clients = new ArrayList<>();
            try {
                for (int i = 0; i < 5; i++) {
                    Socket client = Clients.connect(server);
                    Clients.send(client, "client-" + i + "\n");
                    client.shutdownOutput();
                    clients.add(client);
                }
                server.resumeAccepting();
                for (int i = 0; i < 5; i++) {
                    RecordedConnection connection = server.takeConnection(Clients.WAIT);
                    assertNotNull(connection, "connection " + i + " was served");
                    assertEquals(i + 1, connection.id());
                    assertEquals("client-" + i + "\n", connection.receivedText());
                    assertEquals(clients.get(i).getLocalPort(), connection.remoteAddress().getPort(),
                            "accept order is the order the clients connected in");
                }
            } finally {
                for (Socket client : clients) {
                    client.close();
                }
            }
        }
    }

    @Test
    void pauseTakesEffectBeforeItReturnsEvenWithAnAcceptAlreadyWaiting() throws Exception {
        try (TcpServer server = TcpServer.builder().start()) {
            // Serve one client first so that the accept loop is certainly waiting for the next.
            try (Socket first = Clients.connect(server)) {
                Clients.send(first, "x");
                first.getInputStream().read();
            }
            server.pauseAccepting();
            assertTrue(server.isAcceptPaused());
            try (Socket second = Clients.connect(server)) {
                Thread.sleep(200);
                assertEquals(1, server.acceptedCount(), "no accept after pauseAccepting() returned");
                server.resumeAccepting();
                Clients.send(second, "y");
                assertEquals('y', second.getInputStream().read());
                assertEquals(2, server.acceptedCount());
            }
        }
    }

    @Test
    void maxConnectionsHoldsFurtherClientsInTheBacklogUntilOneCloses() throws Exception {
        try (TcpServer server = TcpServer.builder().maxConnections(1).start();
                Socket first = Clients.connect(server);
                Socket second = Clients.connect(server)) {
            Clients.send(first, "1");
            assertEquals('1', first.getInputStream().read());
            Clients.send(second, "2");
            second.setSoTimeout(300);
            assertThrows(SocketTimeoutException.class, () -> second.getInputStream().read(),
                    "the second client waits in the backlog while the first is served");
            assertEquals(1, server.acceptedCount());

            first.close();
            second.setSoTimeout(10_000);
            assertEquals('2', second.getInputStream().read(), "served once the first connection closed");
            assertEquals(2, server.acceptedCount());
        }
    }

    @Test
    void resumeWithoutPauseAndPauseTwiceAreHarmless() throws IOException {
        try (TcpServer server = TcpServer.builder().start()) {
            server.resumeAccepting();
            server.pauseAccepting();
            server.pauseAccepting();
            assertTrue(server.isAcceptPaused());
            server.resumeAccepting();
            assertFalse(server.isAcceptPaused());
            try (Socket client = Clients.connect(server)) {
                Clients.send(client, "z");
                assertEquals('z', client.getInputStream().read());
            }
        }
    }
}
