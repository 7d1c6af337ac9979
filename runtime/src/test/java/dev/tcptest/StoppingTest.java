package dev.tcptest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** What a stop leaves behind: the records of its connections, and a fresh server on restart. */
class StoppingTest {

    @Test
    void aShutdownTimeoutTooLongForNanosecondsStillStops() throws Exception {
        TcpServer server = TcpServer.builder().shutdownTimeout(ChronoUnit.FOREVER.getDuration()).start();
        try (Socket client = Clients.connect(server)) {
            Clients.send(client, "a");
            assertEquals('a', client.getInputStream().read());
            // The echo handler is blocked reading: the stop wakes it with end of stream.
            server.stop();
            assertFalse(server.isRunning());
            assertEquals(-1, client.getInputStream().read());
            assertEquals(CloseReason.SERVER_STOPPED, server.takeConnection(Clients.WAIT).closeReason());
        } finally {
            server.abort();
        }
    }

    @Test
    void aConversationOverBeforeTheStopIsRecordedAsClosed() throws Exception {
        // The server's closing drain waits for the client's FIN; a stop arriving meanwhile used to
        // win the close reason for a conversation its handler had already finished.
        for (int i = 0; i < 30; i++) {
            TcpServer server = TcpServer.builder().handler(Handlers.respond("220 ready\r\n")).start();
            try (Socket client = Clients.connect(server)) {
                assertEquals("220 ready\r\n", Clients.readAllText(client));
            } finally {
                server.stop();
            }
            RecordedConnection connection = server.connections().get(0);
            assertEquals(CloseReason.CLOSED, connection.closeReason(), "round " + i);
            assertNull(connection.error());
        }
    }

    @Test
    void aHandlerWaitingOnSomethingElseIsInterruptedWhenTheTimeoutRunsOut() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        CompletableFuture<Thread> handlerThread = new CompletableFuture<>();
        AcceptHandler waiter = connection -> {
            handlerThread.complete(Thread.currentThread());
            never.await(); // not the socket: only an interrupt ends this
        };
        TcpServer server = TcpServer.builder().handler(waiter).shutdownTimeout(Duration.ofMillis(300)).start();
        try (Socket client = Clients.connect(server)) {
            Thread thread = handlerThread.get(10, TimeUnit.SECONDS);
            server.stop();
            RecordedConnection connection = server.takeConnection(Clients.WAIT);
            assertEquals(CloseReason.SERVER_STOPPED, connection.closeReason());
            assertNull(connection.error(), "the interrupt is the stop's doing, not the handler's error");
            assertEquals(0, server.activeCount());
            thread.join(10_000);
            assertFalse(thread.isAlive(), "the interrupted handler returned and its thread ended");
        }
    }

    @Test
    void aHandlerThatIgnoresTheStopNoLongerCountsOnceItsTimeoutRanOut() throws Exception {
        AtomicBoolean release = new AtomicBoolean();
        CompletableFuture<Thread> stubborn = new CompletableFuture<>();
        AcceptHandler handler = connection -> {
            if (connection.id() == 1) {
                stubborn.complete(Thread.currentThread());
                // Swallows every interrupt; bounded so that a failing test cannot leave it behind.
                for (int i = 0; i < 1_000 && !release.get(); i++) {
                    try {
                        Thread.sleep(10);
                    } catch (InterruptedException e) {
                        // ignored on purpose
                    }
                }
                return;
            }
            connection.output().write("served\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        };
        TcpServer server = TcpServer.builder().handler(handler).maxConnections(1)
                .shutdownTimeout(Duration.ofMillis(300)).start();
        try {
            Thread thread;
            try (Socket first = Clients.connect(server)) {
                thread = stubborn.get(10, TimeUnit.SECONDS);
                server.stop();
            }
            assertTrue(thread.isAlive(), "the handler is still running after the stop");
            RecordedConnection abandoned = server.takeConnection(Duration.ZERO);
            assertNotNull(abandoned, "its connection is recorded at the stop, not when the handler returns");
            assertEquals(CloseReason.SERVER_STOPPED, abandoned.closeReason());
            assertEquals(0, server.activeCount());

            server.start();
            try (Socket second = Clients.connect(server)) {
                second.setSoTimeout(10_000);
                assertEquals("served\n", Clients.readAllText(second), "the old run's handler holds no slot of the new one");
            }
            assertEquals(2, server.takeConnection(Clients.WAIT).id());
            TcpServerTest.waitFor(() -> server.activeCount() == 0);   // its slot is given back just after its record

            release.set(true);
            thread.join(10_000);
            assertFalse(thread.isAlive());
            assertEquals(0, server.activeCount(), "the old handler's return leaves the new run's count alone");
            assertEquals(CloseReason.SERVER_STOPPED, server.connections().get(0).closeReason());
        } finally {
            release.set(true);
            server.stop();
        }
    }

    @Test
    void aHandlerThatStopsItsOwnServerIsNotWaitedForByThatStop() throws Exception {
        // A server that goes away in the middle of a conversation, as a client must survive.
        AtomicReference<TcpServer> self = new AtomicReference<>();
        CountDownLatch stopped = new CountDownLatch(1);
        AcceptHandler quitting = connection -> {
            connection.output().write("bye\n".getBytes(StandardCharsets.US_ASCII));
            self.get().stop();
            stopped.countDown();
        };
        // Long enough that a stop waiting for its own caller would hold the client past its read timeout.
        TcpServer server = TcpServer.builder().handler(quitting).shutdownTimeout(Duration.ofMinutes(5)).build();
        self.set(server);
        try (LogCapture log = new LogCapture()) {
            server.start();
            try (Socket client = Clients.connect(server)) {
                assertEquals("bye\n", Clients.readAllText(client));
            }
            assertTrue(stopped.await(10, TimeUnit.SECONDS), "stop() returned to the handler that called it");
            assertFalse(server.isRunning());
            RecordedConnection seen = server.takeConnection(Clients.WAIT);
            assertNotNull(seen);
            assertNull(seen.error());
            assertTrue(log.warnings().isEmpty(), () -> "nothing to warn about: " + log.warnings());
        } finally {
            server.abort();
        }
    }

    @Test
    void aSecondStopOrAStartWaitsForTheStopUnderWay() throws Exception {
        CountDownLatch serving = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        TcpServer server = TcpServer.builder().handler(lingering(serving, release))
                .shutdownTimeout(Duration.ofMinutes(5)).start();
        try (Socket client = Clients.connect(server)) {
            assertTrue(serving.await(10, TimeUnit.SECONDS));
            CompletableFuture<Void> first = CompletableFuture.runAsync(server::stop);
            awaitStopUnderWay(server, "the first stop is under way");
            Thread second = new Thread(server::stop, "second-stop");
            second.start();
            awaitWaiting(second);
            Thread restart = new Thread(() -> server.start(), "restart");
            restart.start();
            awaitWaiting(restart);
            // Both wait while the first stop waits for the handler: neither returned at once.
            assertTrue(second.isAlive() && restart.isAlive());
            assertFalse(server.isRunning());
            assertEquals(1, server.activeCount());
            release.countDown();
            first.get(10, TimeUnit.SECONDS);
            second.join(10_000);
            restart.join(10_000);
            assertFalse(second.isAlive() || restart.isAlive());
            RecordedConnection seen = server.takeConnection(Clients.WAIT);
            assertNotNull(seen, "finished before the second stop returned");
            assertNull(seen.error());
            assertTrue(server.isRunning(), "the start ran after the stop, not before it");
        } finally {
            release.countDown();
            server.abort();
        }
    }

    @Test
    void anAbortDuringAGracefulStopResetsWhatThatStopWaitsFor() throws Exception {
        CountDownLatch serving = new CountDownLatch(1);
        // A handler that goes on writing after the stop's end of stream: the stop would wait for it.
        AcceptHandler stubborn = connection -> {
            serving.countDown();
            readUntilTheStop(connection);
            for (int i = 0; i < 3_000; i++) {
                connection.output().write('.');
                Thread.sleep(10);
            }
        };
        TcpServer server = TcpServer.builder().handler(stubborn).shutdownTimeout(Duration.ofMinutes(5)).start();
        try (Socket client = Clients.connect(server)) {
            client.setSoTimeout(10_000);
            assertTrue(serving.await(10, TimeUnit.SECONDS));
            CompletableFuture<Void> stop = CompletableFuture.runAsync(server::stop);
            awaitStopUnderWay(server, "the graceful stop is under way");
            assertEquals('.', client.getInputStream().read(), "the handler writes on after the stop's end of stream");

            // A thread of its own: the common pool may have one thread only, busy with the stop.
            Thread abort = new Thread(server::abort, "abort");
            abort.start();
            abort.join(10_000);
            assertFalse(abort.isAlive(), "the abort does not wait out the stop's shutdown timeout");

            stop.get(10, TimeUnit.SECONDS);
            assertEquals(0, server.activeCount());
            RecordedConnection seen = server.takeConnection(Clients.WAIT);
            assertEquals(CloseReason.SERVER_ABORTED, seen.closeReason());
            assertNull(seen.error(), "the write the reset failed is no error of the handler's");
            assertThrows(java.net.SocketException.class, () -> {
                for (int i = 0; i < 100_000 && client.getInputStream().read() >= 0; i++) {
                    // Up to the reset.
                }
            }, "the client sees the reset, not an end of stream");
        } finally {
            server.abort();
        }
    }

    @Test
    void aStopOnAnInterruptedThreadStillWaitsForTheHandlers() throws Exception {
        // The idiom that restores an interrupt and closes the server in a finally: the stop used to
        // give up on every handler at once, record them as stopped while they ran, and warn that
        // the shutdown timeout had run out.
        CountDownLatch serving = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean returned = new AtomicBoolean();
        AcceptHandler slow = connection -> {
            serving.countDown();
            readUntilTheStop(connection);
            release.await();
            connection.output().write("bye\n".getBytes(StandardCharsets.US_ASCII));
            returned.set(true);
        };
        TcpServer server = TcpServer.builder().handler(slow).shutdownTimeout(Duration.ofMinutes(5)).start();
        Thread stopping = Thread.currentThread();
        AtomicBoolean stopCalled = new AtomicBoolean();
        // Lets the handler end once the stop waits for it, or once the stop returned without waiting.
        Thread releaser = new Thread(() -> {
            for (int i = 0; i < 10_000 && release.getCount() > 0; i++) {
                Thread.State state = stopping.getState();
                if (stopCalled.get() && (state == Thread.State.TIMED_WAITING || state == Thread.State.WAITING)) {
                    release.countDown();
                }
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    return;
                }
            }
            release.countDown();
        }, "releaser");
        try (LogCapture log = new LogCapture(); Socket client = Clients.connect(server)) {
            assertTrue(serving.await(10, TimeUnit.SECONDS));
            releaser.start();
            stopping.interrupt();
            stopCalled.set(true);
            server.stop();
            boolean stillInterrupted = Thread.interrupted();
            release.countDown();
            assertTrue(returned.get(), "the stop returned once the handler had");
            assertTrue(stillInterrupted, "the caller's interrupt is kept for it");
            assertEquals("bye\n", Clients.readAllText(client));
            RecordedConnection seen = server.takeConnection(Clients.WAIT);
            assertEquals("bye\n", seen.sentText(), "recorded when the handler ended, not before");
            assertNull(seen.error());
            assertTrue(log.warnings().isEmpty(), () -> "nothing to warn about: " + log.warnings());
        } finally {
            Thread.interrupted();
            release.countDown();
            releaser.join(10_000);
            server.abort();
        }
    }

    @Test
    void aHandlersStartDuringAnotherThreadsStopIsRefusedSinceThatStopWaitsForIt() throws Exception {
        AtomicReference<TcpServer> self = new AtomicReference<>();
        CountDownLatch serving = new CountDownLatch(1);
        CompletableFuture<Throwable> refused = new CompletableFuture<>();
        AcceptHandler restarter = connection -> {
            serving.countDown();
            readUntilTheStop(connection);
            try {
                self.get().start();
                refused.complete(null);
            } catch (IllegalStateException e) {
                refused.complete(e);
            }
        };
        TcpServer server = TcpServer.builder().handler(restarter).shutdownTimeout(Duration.ofMinutes(5)).build();
        self.set(server);
        server.start();
        try (Socket client = Clients.connect(server)) {
            assertTrue(serving.await(10, TimeUnit.SECONDS));
            server.stop();
            Throwable failure = refused.get(10, TimeUnit.SECONDS);
            assertTrue(failure != null && failure.getMessage().contains("is stopping"), () -> "refused: " + failure);
            assertFalse(server.isRunning(), "the stop ended, with the handler, long before its timeout");
            server.start();
            assertTrue(server.isRunning(), "another thread starts it again once the stop is over");
        } finally {
            server.abort();
        }
    }

    @Test
    void aStartWaitingForAStopGivesUpWhenInterrupted() throws Exception {
        CountDownLatch serving = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        TcpServer server = TcpServer.builder().handler(lingering(serving, release))
                .shutdownTimeout(Duration.ofMinutes(5)).start();
        CompletableFuture<String> outcome = new CompletableFuture<>();
        Thread stop = new Thread(server::stop, "stop");
        Thread starter = new Thread(() -> {
            try {
                server.start();
                outcome.complete("started");
            } catch (IllegalStateException e) {
                outcome.complete(e.getMessage() + (Thread.currentThread().isInterrupted() ? " [interrupt kept]" : ""));
            }
        }, "starter");
        try (Socket client = Clients.connect(server)) {
            assertTrue(serving.await(10, TimeUnit.SECONDS));
            stop.start();
            awaitStopUnderWay(server, "the stop has begun");
            starter.start();
            awaitWaiting(starter);
            starter.interrupt();
            String result = outcome.get(10, TimeUnit.SECONDS);
            assertTrue(result.contains("interrupted") && result.endsWith("[interrupt kept]"), result);
            assertFalse(server.isRunning());
        } finally {
            release.countDown();
            stop.join(10_000);
            server.abort();
        }
    }

    @Test
    void aHandlerThatStopsAndStartsItsOwnServerBringsItBack() throws Exception {
        AtomicReference<TcpServer> self = new AtomicReference<>();
        AtomicBoolean first = new AtomicBoolean(true);
        AcceptHandler restarter = connection -> {
            if (first.getAndSet(false)) {
                self.get().stop();     // returns at once: it does not wait for this handler
                self.get().start();
            }
            connection.output().write('!');
        };
        TcpServer server = TcpServer.builder().handler(restarter).build();
        self.set(server);
        server.start();
        try {
            try (Socket client = Clients.connect(server)) {
                assertEquals("!", Clients.readAllText(client));
            }
            assertTrue(server.isRunning(), "the handler started the next run");
            try (Socket again = Clients.connect(server)) {
                assertEquals("!", Clients.readAllText(again), "on the same port");
            }
        } finally {
            server.stop();
        }
    }

    /** A handler that takes its time to end after the stop's end of stream: until released. */
    private static AcceptHandler lingering(CountDownLatch serving, CountDownLatch release) {
        return connection -> {
            serving.countDown();
            readUntilTheStop(connection);
            release.await();
        };
    }

    /** Reads until the end of stream a stop gives the handler. */
    private static void readUntilTheStop(Connection connection) throws java.io.IOException {
        while (connection.input().read() >= 0) {
            // Until the stop.
        }
    }

    /** Waits until another thread's stop has begun: the server no longer listens. */
    private static void awaitStopUnderWay(TcpServer server, String message) throws InterruptedException {
        for (int i = 0; i < 1_000 && server.isRunning(); i++) {
            Thread.sleep(10);
        }
        assertFalse(server.isRunning(), message);
    }

    private static void awaitWaiting(Thread thread) throws InterruptedException {
        for (int i = 0; i < 1_000 && thread.getState() != Thread.State.WAITING && thread.isAlive(); i++) {
            Thread.sleep(10);
        }
        assertEquals(Thread.State.WAITING, thread.getState(), thread.getName() + " waits for the stop under way");
    }

    @Test
    void aPauseEndsWithTheRunItPaused() throws Exception {
        TcpServer server = TcpServer.builder().start();
        try {
            server.pauseAccepting();
            server.stop();
            server.start();
            assertFalse(server.isAcceptPaused(), "a restarted server accepts as it was built to");
            try (Socket client = Clients.connect(server)) {
                client.setSoTimeout(10_000);
                Clients.send(client, "x");
                assertEquals('x', client.getInputStream().read(), "served, not left in the backlog");
            }
        } finally {
            server.stop();
        }
        TcpServer paused = TcpServer.builder().acceptPaused(true).start();
        try {
            paused.resumeAccepting();
            paused.stop();
            paused.start();
            assertTrue(paused.isAcceptPaused(), "built paused, it starts paused again");
        } finally {
            paused.stop();
        }
    }

    @Test
    void pausingAServerThatIsNotRunningSaysHowToStartOnePaused() {
        TcpServer server = TcpServer.builder().build();
        IllegalStateException failure = assertThrows(IllegalStateException.class, server::pauseAccepting);
        assertTrue(failure.getMessage().contains("is not running"), failure.getMessage());
        assertTrue(failure.getMessage().contains("acceptPaused(true)"), failure.getMessage());
        server.resumeAccepting(); // nothing to resume: no failure either
        server.start();
        try {
            assertFalse(server.isAcceptPaused());
        } finally {
            server.stop();
        }
    }

    @Test
    void theIpv4WildcardIsReportedAsItself() throws Exception {
        try (TcpServer server = TcpServer.builder().bindAddress("0.0.0.0").start()) {
            assertEquals("0.0.0.0", server.host());
            assertEquals(new InetSocketAddress("0.0.0.0", server.port()), server.address());
            try (Socket client = Clients.connect(new InetSocketAddress("127.0.0.1", server.port()), 10_000)) {
                client.setSoTimeout(10_000);
                Clients.send(client, "x");
                assertEquals('x', client.getInputStream().read());
            }
        }
    }
}
