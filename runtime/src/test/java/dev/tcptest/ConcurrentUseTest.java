package dev.tcptest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Stress: the server's methods called from several threads at once, in bounded loops, while clients come and go. */
class ConcurrentUseTest {

    /** Clients that connect, send a line, read what comes back and close, until told to stop. */
    private static final class Churn implements AutoCloseable {
        private final AtomicBoolean done = new AtomicBoolean();
        private final List<Thread> threads = new ArrayList<>();
        private final ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        final AtomicInteger connected = new AtomicInteger();

        Churn(InetSocketAddress address, int clients, boolean read) {
            for (int i = 0; i < clients; i++) {
                Thread thread = new Thread(() -> {
                    while (!done.get()) {
                        try (Socket socket = new Socket()) {
                            socket.connect(address, 2_000);
                            socket.setSoTimeout(2_000);
                            connected.incrementAndGet();
                            socket.getOutputStream().write("hello\n".getBytes(StandardCharsets.US_ASCII));
                            if (read) {
                                socket.getInputStream().read();
                            }
                        } catch (IOException e) {
                            // Refused while stopped, reset by an abort: part of the churn.
                        } catch (RuntimeException | Error e) {
                            failures.add(e);
                        }
                    }
                }, "churn-client-" + i);
                thread.setDaemon(true);
                threads.add(thread);
                thread.start();
            }
        }

        /** Paces a test by the clients, for a moment at most: a connect may wait out a SYN retransmission. */
        void awaitConnects(int atLeast) throws InterruptedException {
            int target = connected.get() + atLeast;
            for (int i = 0; i < 100 && connected.get() < target; i++) {
                Thread.sleep(1);
            }
        }

        @Override
        public void close() throws InterruptedException {
            done.set(true);
            for (Thread thread : threads) {
                thread.join(30_000);
            }
            assertTrue(failures.isEmpty(), () -> "client failures: " + failures);
        }
    }

    private static void assertAllRecordedOnce(TcpServer server) throws InterruptedException {
        assertEquals(0, server.activeCount(), "nothing open after the stop");
        List<RecordedConnection> all = server.connections();
        assertEquals(server.acceptedCount(), all.size(), "every accepted connection is recorded");
        for (int i = 0; i < all.size(); i++) {
            RecordedConnection connection = all.get(i);
            assertEquals(i + 1, connection.id(), "in accept order, each once");
            assertNotNull(connection.closeReason(), () -> "closed at the stop: " + connection);
        }
    }

    @Test
    void shortConnectionsDuringStopsAreEachRecordedOnceAndClosed() throws Exception {
        AcceptHandler[] handlers = {Handlers.echo(), Handlers.silent(), Handlers.respond("hi\n"),
            connection -> connection.input().read()};
        for (AcceptHandler handler : handlers) {
            TcpServer server = TcpServer.builder().handler(handler).shutdownTimeout(Duration.ofSeconds(30)).start();
            try (Churn churn = new Churn(server.address(), 3, false)) {
                for (int round = 0; round < 10; round++) {
                    churn.awaitConnects(3);
                    server.stop();
                    assertAllRecordedOnce(server);
                    server.start();
                }
                churn.awaitConnects(3);
            } finally {
                server.stop();
            }
            assertAllRecordedOnce(server);
            long taken = 0;
            for (RecordedConnection next = server.takeConnection(Duration.ZERO); next != null;
                    next = server.takeConnection(Duration.ZERO)) {
                assertEquals(++taken, next.id());
            }
            assertEquals(server.acceptedCount(), taken, "takeConnection hands out each finished connection once");
        }
    }

    @Test
    void aPauseRacingRestartsNeitherFailsNorAcceptsAConnectionOfItsOwn() throws Exception {
        // A pause wakes a blocking accept with a connection of its own. A stop and a start between
        // its steps used to let that connection fail against the closed port (and the pause throw
        // and unpause the new run) or reach the new run as a client.
        TcpServer server = TcpServer.builder().start();
        AtomicBoolean done = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread pauser = new Thread(() -> {
            while (!done.get()) {
                try {
                    server.pauseAccepting();
                    server.resumeAccepting();
                } catch (IllegalStateException e) {
                    // Not running at that moment: what a pause of a stopped server says.
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }
        }, "pauser");
        pauser.start();
        try {
            for (int i = 0; i < 2_000; i++) {
                server.stop();
                server.start();
            }
        } finally {
            done.set(true);
            pauser.join(30_000);
            server.stop();
        }
        assertNull(failure.get(), "a pause during restarts fails only as not running");
        assertEquals(0, server.acceptedCount(), () -> "no client connected, yet: " + server.connections());
    }

    @Test
    void snapshotsWhileBytesFlowAreConsistentAndNeverGoBack() throws Exception {
        TcpServer server = TcpServer.builder().start();
        AtomicBoolean done = new AtomicBoolean();
        List<Thread> clients = new ArrayList<>();
        for (int c = 0; c < 2; c++) {
            Thread client = new Thread(() -> {
                byte[] line = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
                while (!done.get()) {
                    try (Socket socket = new Socket()) {
                        socket.connect(server.address(), 2_000);
                        socket.setSoTimeout(2_000);
                        InputStream in = socket.getInputStream();
                        for (int i = 0; i < 50; i++) {
                            socket.getOutputStream().write(line);
                            in.readNBytes(line.length);
                        }
                    } catch (IOException e) {
                        // Restarts cut connections short.
                    }
                }
            });
            client.setDaemon(true);
            clients.add(client);
            client.start();
        }
        CompletableFuture<Void> restarts = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < 200 && !done.get(); i++) {
                server.stop();
                server.start();
                try {
                    Thread.sleep(2); // lets bytes flow between restarts
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        try {
            Map<Long, long[]> seen = new HashMap<>();
            for (int round = 0; round < 5_000 && (round < 300 || seen.size() < 10); round++) {
                Thread.sleep(1); // lets bytes flow between snapshots
                for (RecordedConnection connection : server.connections()) {
                    byte[] received = connection.received();
                    byte[] sent = connection.sent();
                    assertEquals(connection.receivedCount(), received.length);
                    assertEquals(connection.sentCount(), sent.length);
                    assertTrue(sent.length <= received.length, () -> "an echo sends what it got: " + connection);
                    assertTrue(Arrays.equals(sent, Arrays.copyOf(received, sent.length)), () -> "torn: " + connection);
                    long[] before = seen.put(connection.id(), new long[] {received.length, sent.length,
                        connection.closeReason() == null ? 0 : 1});
                    if (before != null) {
                        assertTrue(received.length >= before[0] && sent.length >= before[1],
                                () -> "counts went back: " + connection);
                        assertTrue(before[2] == 0 || connection.closeReason() != null, () -> "reopened: " + connection);
                    }
                }
            }
            done.set(true);
            restarts.get(60, TimeUnit.SECONDS);
        } finally {
            done.set(true);
            for (Thread client : clients) {
                client.join(30_000);
            }
            server.stop();
        }
        assertAllRecordedOnce(server);
    }

    @Test
    void theConnectionLimitHoldsUnderChurnAndRestarts() throws Exception {
        int limit = 2;
        AtomicInteger serving = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        AcceptHandler counting = connection -> {
            most.accumulateAndGet(serving.incrementAndGet(), Math::max);
            try {
                connection.input().read();
                connection.output().write('x');
            } finally {
                serving.decrementAndGet();
            }
        };
        TcpServer server = TcpServer.builder().handler(counting).maxConnections(limit).start();
        try (Churn churn = new Churn(server.address(), 6, true)) {
            for (int round = 0; round < 40; round++) {
                churn.awaitConnects(10);
                assertTrue(server.activeCount() <= limit, "active " + server.activeCount());
                server.stop();
                server.start();
            }
        } finally {
            server.stop();
        }
        assertTrue(most.get() <= limit, "at most " + limit + " served at once, saw " + most.get());
        assertAllRecordedOnce(server);
    }

    @Test
    void stopsAbortsAndStartsFromSeveralThreadsLeaveAConsistentServer() throws Exception {
        TcpServer server = TcpServer.builder().shutdownTimeout(Duration.ofSeconds(30)).start();
        try (Churn churn = new Churn(server.address(), 2, true)) {
            List<CompletableFuture<Void>> workers = new ArrayList<>();
            for (int w = 0; w < 3; w++) {
                int which = w;
                workers.add(CompletableFuture.runAsync(() -> {
                    for (int i = 0; i < 150; i++) {
                        switch ((i + which) % 3) {
                            case 0 -> server.stop();
                            case 1 -> server.abort();
                            default -> server.start();
                        }
                    }
                }));
            }
            for (CompletableFuture<Void> worker : workers) {
                worker.get(120, TimeUnit.SECONDS);
            }
        } finally {
            server.stop();
        }
        assertAllRecordedOnce(server);
    }

    @Test
    void handlersThatStopOrAbortTheirOwnServerLeaveEveryConnectionRecorded() throws Exception {
        AtomicReference<TcpServer> self = new AtomicReference<>();
        AtomicInteger served = new AtomicInteger();
        AcceptHandler quitting = connection -> {
            int n = served.incrementAndGet();
            connection.input().read();
            if (n % 7 == 0) {
                self.get().stop();
            } else if (n % 11 == 0) {
                self.get().abort();
            }
            connection.output().write('x');
        };
        TcpServer server = TcpServer.builder().handler(quitting).shutdownTimeout(Duration.ofSeconds(30)).build();
        self.set(server);
        server.start();
        try (Churn churn = new Churn(server.address(), 3, true)) {
            for (int round = 0; round < 50; round++) {
                server.start();
                churn.awaitConnects(2);
            }
        } finally {
            server.stop();
        }
        TcpServerTest.waitFor(() -> server.activeCount() == 0);
        assertAllRecordedOnce(server);
    }

    @Test
    void takeConnectionHandsOutEveryConnectionOnceAcrossRestarts() throws Exception {
        TcpServer server = TcpServer.builder().handler(Handlers.respond("hi\n")).start();
        AtomicBoolean done = new AtomicBoolean();
        CompletableFuture<Long> taker = CompletableFuture.supplyAsync(() -> {
            long taken = 0;
            try {
                while (true) {
                    RecordedConnection next = server.takeConnection(Duration.ofMillis(50));
                    if (next == null) {
                        if (done.get()) {
                            return taken;
                        }
                        continue;
                    }
                    assertEquals(++taken, next.id());
                    assertNotNull(next.closeReason());
                }
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        try (Churn churn = new Churn(server.address(), 3, true)) {
            for (int round = 0; round < 60; round++) {
                churn.awaitConnects(3);
                server.stop();
                server.start();
            }
        } finally {
            server.stop();
            done.set(true);
        }
        assertEquals(server.acceptedCount(), taker.get(60, TimeUnit.SECONDS));
    }
}
