package dev.tcptest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import org.junit.jupiter.api.Test;

/**
 * Paused accepting: the kernel completes handshakes into the listen backlog while nobody calls
 * accept(), and once the queue is full further connects stall and time out.
 */
class BacklogTest {

    /**
     * An echo that gets its thread at the accept, unlike {@link Handlers#echo()}, so that the
     * accept loop never needs a selector for a connection and a pause meets a blocking accept.
     */
    private static final AcceptHandler COPY = connection -> connection.input().transferTo(connection.output());

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
            assertEquals("queued\n", new String(echoed, StandardCharsets.US_ASCII));
            assertEquals(1, server.acceptedCount());
        }
    }

    @Test
    void linuxQueuesBacklogPlusOneConnectionsAndFurtherConnectsTimeOut() throws Exception {
        for (int backlog : new int[] {1, 3}) {
            try (TcpServer server = TcpServer.builder().backlog(backlog).acceptPaused(true).start()) {
                List<Socket> queued = new ArrayList<>();
                try {
                    int fitted = connectUntilOneTimesOut(server, backlog + 5, queued);
                    assertEquals(backlog + 1, fitted, "connections queued by the kernel with backlog " + backlog);
                    assertThrows(SocketTimeoutException.class, () -> Clients.connect(server.address(), 300).close(),
                            "a connect past a full backlog queue stalls until its timeout");
                    assertEquals(0, server.acceptedCount());
                } finally {
                    closeAll(queued);
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
                closeAll(clients);
            }
        }
    }

    @Test
    void pauseTakesEffectBeforeItReturnsEvenWithAnAcceptAlreadyWaiting() throws Exception {
        try (TcpServer server = TcpServer.builder().handler(COPY).start()) {
            serveOneClient(server);
            server.pauseAccepting();
            assertTrue(server.isAcceptPaused());
            assertTheNextClientWaitsForTheResume(server, "no accept after pauseAccepting() returned");
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

    @Test
    void aPauseThatWakesAWaitingAcceptLeavesTheWholeBacklogToClients() throws Exception {
        int backlog = 2;
        try (TcpServer server = TcpServer.builder().backlog(backlog).handler(COPY).start()) {
            serveOneClient(server);
            server.pauseAccepting();
            List<Socket> queued = new ArrayList<>();
            try {
                int fitted = connectUntilOneTimesOut(server, backlog + 5, queued);
                assertEquals(backlog + 1, fitted, "the connection that woke the accept left no slot taken");
                assertEquals(1, server.acceptedCount(), "the wake-up is not a client");
                assertEquals(1, server.connections().size());

                server.resumeAccepting();
                for (int i = 0; i < queued.size(); i++) {
                    Clients.send(queued.get(i), "q" + i);
                    byte[] echoed = queued.get(i).getInputStream().readNBytes(2);
                    assertEquals("q" + i, new String(echoed, StandardCharsets.US_ASCII));
                }
                assertEquals(1 + backlog + 1, server.acceptedCount());
            } finally {
                closeAll(queued);
            }
        }
    }

    @Test
    void aServerListeningOnAllAddressesPausesAndResumes() throws Exception {
        // The IPv6 wildcard is dual-stack: the pause's wake-up reaches it over 127.0.0.1 too.
        for (String wildcard : new String[] {"0.0.0.0", "::"}) {
            try (TcpServer server = TcpServer.builder().bindAddress(wildcard).handler(COPY).start()) {
                server.pauseAccepting();
                InetSocketAddress loopback = new InetSocketAddress("127.0.0.1", server.port());
                try (Socket client = Clients.connect(loopback, 2_000)) {
                    Clients.send(client, "w");
                    Thread.sleep(200);
                    assertEquals(0, server.acceptedCount(), "paused on " + wildcard + ": the client waits in the queue");
                    server.resumeAccepting();
                    assertEquals('w', client.getInputStream().read());
                    assertEquals(1, server.acceptedCount());
                }
            }
        }
    }

    @Test
    void clientsConnectingWhileAPauseTakesEffectAreServedOrQueuedNeverLost() throws Exception {
        int threads = 4;
        int each = 25;
        try (TcpServer server = TcpServer.builder().backlog(200).handler(COPY).start()) {
            List<Socket> clients = Collections.synchronizedList(new ArrayList<>());
            List<Thread> connecting = new ArrayList<>();
            CountDownLatch started = new CountDownLatch(threads);
            for (int t = 0; t < threads; t++) {
                Thread thread = new Thread(() -> {
                    started.countDown();
                    for (int i = 0; i < each; i++) {
                        try {
                            Socket client = Clients.connect(server);
                            Clients.send(client, "c");
                            clients.add(client);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }
                });
                thread.start();
                connecting.add(thread);
            }
            try {
                started.await();
                server.pauseAccepting();
                long acceptedAtPause = server.acceptedCount();
                for (Thread thread : connecting) {
                    thread.join(Clients.WAIT.toMillis());
                    assertFalse(thread.isAlive());
                }
                assertEquals(threads * each, clients.size(), "every connect completed, accepted or queued");
                Thread.sleep(200);
                assertEquals(acceptedAtPause, server.acceptedCount(), "nothing accepted after pauseAccepting() returned");

                server.resumeAccepting();
                for (Socket client : clients) {
                    assertEquals('c', client.getInputStream().read(), "every client is echoed once resumed");
                }
                assertEquals(threads * each, server.acceptedCount(), "each client accepted once, the wake-up never");
                assertEquals(threads * each, server.connections().size());
            } finally {
                closeAll(clients);
            }
        }
    }

    @Test
    void twoPausesAtOnceBothTakeEffectBeforeTheyReturn() throws Exception {
        try (TcpServer server = TcpServer.builder().handler(COPY).start()) {
            serveOneClient(server);
            CyclicBarrier together = new CyclicBarrier(2);
            Thread other = new Thread(() -> {
                try {
                    together.await();
                } catch (Exception e) {
                    return;
                }
                server.pauseAccepting();
            });
            other.start();
            together.await();
            server.pauseAccepting();
            other.join(Clients.WAIT.toMillis());
            assertFalse(other.isAlive());
            assertTheNextClientWaitsForTheResume(server, "no accept after both pauses returned");
        }
    }

    /** Serves one client to its end: the accept loop then waits in a blocking accept, with no selector. */
    private static void serveOneClient(TcpServer server) throws IOException {
        try (Socket first = Clients.connect(server)) {
            Clients.send(first, "x");
            assertEquals('x', first.getInputStream().read());
        }
    }

    /** A client that connects to the paused server waits in the backlog queue, and is served once resumed. */
    private static void assertTheNextClientWaitsForTheResume(TcpServer server, String message) throws Exception {
        long accepted = server.acceptedCount();
        try (Socket next = Clients.connect(server)) {
            Thread.sleep(200);
            assertEquals(accepted, server.acceptedCount(), message);
            server.resumeAccepting();
            Clients.send(next, "y");
            assertEquals('y', next.getInputStream().read());
            assertEquals(accepted + 1, server.acceptedCount());
        }
    }

    /**
     * Connects clients, each with a 500 ms connect timeout, until one times out or {@code attempts}
     * have connected: bounded either way.
     *
     * @return how many connected, all added to {@code connected}
     */
    private static int connectUntilOneTimesOut(TcpServer server, int attempts, List<Socket> connected)
            throws IOException {
        for (int i = 0; i < attempts; i++) {
            try {
                connected.add(Clients.connect(server.address(), 500));
            } catch (SocketTimeoutException e) {
                return i;
            }
        }
        return attempts;
    }

    private static void closeAll(List<Socket> sockets) throws IOException {
        for (Socket socket : sockets) {
            socket.close();
        }
    }

    @Test
    void aBacklogAboveTheKernelsCapIsReportedWithTheCapAndTheSysctl() throws Exception {
        java.nio.file.Path somaxconn = java.nio.file.Path.of("/proc/sys/net/core/somaxconn");
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isReadable(somaxconn), "Linux only");
        int cap = Integer.parseInt(java.nio.file.Files.readAllLines(somaxconn).get(0).trim());
        try (LogCapture log = new LogCapture(); TcpServer server = TcpServer.builder().backlog(cap + 1).start()) {
            String warning = log.firstWarning().getMessage();
            org.junit.jupiter.api.Assertions.assertTrue(warning.contains("backlog " + (cap + 1))
                    && warning.contains("cap of " + cap) && warning.contains("net.core.somaxconn"), warning);
        }
    }
}
