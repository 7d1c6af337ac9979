package dev.tcptest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The server's lifecycle and what a client sees of each way a connection can go. */
class TcpServerTest {

    @Test
    void aClientThatResetsWhileTheHandlerWritesIsAClientResetNotAHandlerError() throws Exception {
        AcceptHandler streaming = connection -> {
            byte[] chunk = new byte[16 * 1024];
            while (true) {
                connection.output().write(chunk);
            }
        };
        try (TcpServer server = TcpServer.builder().recordingLimit(0).handler(streaming).start()) {
            TestClient client = new TestClient(server);
            assertEquals(100_000, client.readBytes(100_000).length);
            client.socket.setSoLinger(true, 0);
            client.close();
            RecordedConnection seen = server.takeConnection(Duration.ofSeconds(10));
            assertEquals(CloseReason.CLIENT_RESET, seen.closeReason(), String.valueOf(seen.error()));
            assertFalse(seen.isHandlerError(), "the client's doing");
        }
    }

    @Test
    void defaultsAreLoopbackEphemeralPortBacklog50AndEcho() throws Exception {
        try (TcpServer server = TcpServer.builder().start()) {
            assertEquals("127.0.0.1", server.host());
            assertTrue(server.port() > 0, "an ephemeral port was bound");
            assertEquals(new InetSocketAddress("127.0.0.1", server.port()), server.address());
            assertTrue(server.isRunning());
            try (Socket client = Clients.connect(server)) {
                Clients.send(client, "hello");
                client.shutdownOutput();
                assertEquals("hello", Clients.readAllText(client));
            }
            RecordedConnection connection = server.takeConnection(Clients.WAIT);
            assertEquals("hello", connection.receivedText());
            assertEquals("hello", connection.sentText());
            assertEquals(CloseReason.CLOSED, connection.closeReason());
            assertNull(connection.error());
        }
    }

    @Test
    void theHandlerSeesTheClientsAddressOnTheNewSocket() throws Exception {
        List<Connection> seen = new CopyOnWriteArrayList<>();
        try (TcpServer server = TcpServer.builder().handler(seen::add).start();
                Socket client = Clients.connect(server)) {
            assertEquals(-1, client.getInputStream().read());
            Connection connection = seen.get(0);
            assertEquals(client.getLocalPort(), connection.remoteAddress().getPort());
            assertEquals(client.getLocalAddress(), connection.remoteAddress().getAddress());
            assertEquals(server.port(), connection.localAddress().getPort());
            assertEquals(1, connection.id());
            assertEquals(client.getLocalPort(), server.takeConnection(Clients.WAIT).remoteAddress().getPort());
        }
    }

    @Test
    void eachConnectionKnowsTheAddressTheClientReachedEvenOnAServerListeningOnEveryAddress() throws Exception {
        // A server on 0.0.0.0 must report the address the client reached as its side, not 0.0.0.0.
        for (String bind : new String[] {"127.0.0.1", "0.0.0.0"}) {
            List<Connection> seen = new CopyOnWriteArrayList<>();
            try (TcpServer server = TcpServer.builder().bindAddress(bind).handler(seen::add).start();
                    Socket client = Clients.connect(new InetSocketAddress("127.0.0.1", server.port()), 5_000)) {
                assertEquals(-1, client.getInputStream().read());
                RecordedConnection recorded = server.takeConnection(Clients.WAIT);
                assertEquals(client.getRemoteSocketAddress(), seen.get(0).localAddress(), "bound to " + bind);
                assertEquals(client.getRemoteSocketAddress(), recorded.localAddress(), "bound to " + bind);
                assertEquals(client.getLocalSocketAddress(), recorded.remoteAddress(), "bound to " + bind);
            }
        }
    }

    @Test
    void respondDeliversEveryByteThenEndOfStreamEvenWithTheRequestUnread() throws Exception {
        byte[] response = Clients.bytes(4 * 1024 * 1024);
        try (TcpServer server = TcpServer.builder().handler(Handlers.respond(response)).start();
                Socket client = Clients.connect(server)) {
            // The request is never read by respond(): a plain close would reset the connection.
            Clients.send(client, "GET / HTTP/1.0\r\n\r\n");
            Thread.sleep(50);
            byte[] read = Clients.readAll(client.getInputStream());
            assertArrayEquals(response, read, "every byte of the response, then end of stream");
            client.close();
            RecordedConnection connection = server.takeConnection(Clients.WAIT);
            assertEquals(CloseReason.CLOSED, connection.closeReason());
            assertEquals("GET / HTTP/1.0\r\n\r\n", connection.receivedText(),
                    "the unread request was drained by the lingering close and recorded");
        }
    }

    @Test
    void resetMakesTheClientsReadFailWithConnectionReset() throws Exception {
        try (TcpServer server = TcpServer.builder().handler(Handlers.reset()).start();
                Socket client = Clients.connect(server)) {
            SocketException failure = assertThrows(SocketException.class, () -> client.getInputStream().read());
            assertTrue(failure.getMessage().contains("reset"), failure.getMessage());
            assertEquals(CloseReason.RESET, server.takeConnection(Clients.WAIT).closeReason());
        }
    }

    @Test
    void aResetAfterTheCloseChangesNothingTheClientSawEndOfStream() throws Exception {
        AcceptHandler closeThenReset = connection -> {
            connection.close();
            connection.reset();
        };
        try (TcpServer server = TcpServer.builder().handler(closeThenReset).start();
                Socket client = Clients.connect(server)) {
            assertEquals(-1, client.getInputStream().read());
            RecordedConnection seen = server.takeConnection(Clients.WAIT);
            assertEquals(CloseReason.CLOSED, seen.closeReason(), "the client got FIN, not RST");
            assertNull(seen.error());
        }
    }

    @Test
    void closeGivesTheClientEndOfStream() throws Exception {
        try (TcpServer server = TcpServer.builder().handler(Handlers.close()).start();
                Socket client = Clients.connect(server)) {
            assertEquals(-1, client.getInputStream().read());
            assertEquals(CloseReason.CLOSED, server.takeConnection(Clients.WAIT).closeReason());
        }
    }

    @Test
    void shutdownOutputGivesEndOfStreamButTheClientCanStillSendAndItIsRecorded() throws Exception {
        AcceptHandler halfClose = connection -> {
            connection.output().write("bye\n".getBytes(StandardCharsets.US_ASCII));
            connection.shutdownOutput();
            connection.input().readAllBytes();
        };
        try (TcpServer server = TcpServer.builder().handler(halfClose).start();
                Socket client = Clients.connect(server)) {
            assertEquals("bye\n", new String(Clients.readAll(client.getInputStream()), StandardCharsets.US_ASCII));
            Clients.send(client, "still talking");
            client.shutdownOutput();
            RecordedConnection connection = server.takeConnection(Clients.WAIT);
            assertEquals("still talking", connection.receivedText());
            assertEquals(CloseReason.CLOSED, connection.closeReason());
        }
    }

    @Test
    void discardReadsEverythingAndAnswersNothing() throws Exception {
        try (TcpServer server = TcpServer.builder().handler(Handlers.discard()).start();
                Socket client = Clients.connect(server)) {
            client.getOutputStream().write(Clients.bytes(100_000));
            client.shutdownOutput();
            assertEquals(-1, client.getInputStream().read());
            RecordedConnection connection = server.takeConnection(Clients.WAIT);
            assertEquals(100_000, connection.receivedCount());
            assertEquals(0, connection.sentCount());
        }
    }

    @Test
    void silentHoldsTheConnectionSoTheClientsReadTimesOutUntilTheServerStops() throws Exception {
        TcpServer server = TcpServer.builder().handler(Handlers.silent()).start();
        try (Socket client = Clients.connect(server)) {
            Clients.send(client, "anyone there?");
            client.setSoTimeout(200);
            assertThrows(SocketTimeoutException.class, () -> client.getInputStream().read());
            server.stop();
            client.setSoTimeout(10_000);
            assertTrue(endedByServer(client), "the stop ends the held connection");
            RecordedConnection connection = server.takeConnection(Clients.WAIT);
            assertEquals(CloseReason.SERVER_STOPPED, connection.closeReason());
            assertEquals(0, connection.receivedCount(), "silent reads nothing");
        } finally {
            server.stop();
        }
    }

    @Test
    void aHandlerThatThrowsIsRecordedAndTheServerKeepsServing() throws Exception {
        AcceptHandler flaky = connection -> {
            if (connection.id() == 1) {
                throw new IllegalStateException("broken on purpose");
            }
            connection.output().write('k');
        };
        try (TcpServer server = TcpServer.builder().handler(flaky).start()) {
            try (Socket first = Clients.connect(server)) {
                assertEquals(-1, first.getInputStream().read());
            }
            try (Socket second = Clients.connect(server)) {
                assertEquals('k', second.getInputStream().read());
            }
            RecordedConnection failed = server.takeConnection(Clients.WAIT);
            assertEquals(CloseReason.HANDLER_ERROR, failed.closeReason());
            assertEquals("broken on purpose", failed.error().getMessage());
            assertTrue(failed.transcript().contains("broken on purpose"), failed.transcript());
            RecordedConnection served = server.takeConnection(Clients.WAIT);
            assertEquals(CloseReason.CLOSED, served.closeReason());
            assertNull(served.error());
        }
    }

    @Test
    void afterStopConnectIsRefusedAndStartRebindsTheSamePort() throws Exception {
        TcpServer server = TcpServer.builder().start();
        try {
            int port = server.port();
            try (Socket client = Clients.connect(server)) {
                Clients.send(client, "a");
                assertEquals('a', client.getInputStream().read());
            }
            server.stop();
            assertFalse(server.isRunning());
            assertThrows(ConnectException.class, () -> Clients.connect(new InetSocketAddress("127.0.0.1", port), 2_000));

            server.start();
            assertEquals(port, server.port(), "restart binds the same port");
            try (Socket client = Clients.connect(server)) {
                Clients.send(client, "b");
                assertEquals('b', client.getInputStream().read());
            }
            assertEquals(2, server.acceptedCount(), "counts go on across restarts");
        } finally {
            server.stop();
        }
    }

    @Test
    void startRebindsThePortWhileConnectionsTheServerClosedLingerInTimeWait() throws Exception {
        // The server closes first, so its end of each connection waits in TIME_WAIT on the port.
        TcpServer server = TcpServer.builder().handler(Handlers.respond("bye")).start();
        try {
            int port = server.port();
            for (int i = 0; i < 3; i++) {
                try (Socket client = Clients.connect(server)) {
                    assertEquals("bye", new String(client.getInputStream().readAllBytes(), StandardCharsets.US_ASCII));
                }
                assertEquals(CloseReason.CLOSED, server.takeConnection(Clients.WAIT).closeReason());
            }
            server.stop();
            server.start();
            assertEquals(port, server.port(), "restart binds the same port");
            try (Socket client = Clients.connect(server)) {
                assertEquals("bye", new String(client.getInputStream().readAllBytes(), StandardCharsets.US_ASCII));
            }
        } finally {
            server.stop();
        }
    }

    @Test
    void stopEndsHandlersBlockedOnReadAtOnce() throws Exception {
        TcpServer server = TcpServer.builder().shutdownTimeout(Duration.ofSeconds(30)).start();
        try (Socket client = Clients.connect(server)) {
            Clients.send(client, "x");
            assertEquals('x', client.getInputStream().read());
            long started = System.nanoTime();
            server.stop();
            // Lower bound only on what matters: stop() did not wait for the 30 s timeout.
            assertTrue(System.nanoTime() - started < Duration.ofSeconds(25).toNanos(), "stop did not wait for the timeout");
            assertEquals(-1, client.getInputStream().read(), "the echo handler saw end of stream and closed");
            assertEquals(CloseReason.SERVER_STOPPED, server.takeConnection(Clients.WAIT).closeReason());
        } finally {
            server.stop();
        }
    }

    @Test
    void stopForcesHandlersThatIgnoreItOnceTheShutdownTimeoutRunsOut() throws Exception {
        CompletableFuture<Throwable> interruptedWrite = new CompletableFuture<>();
        AcceptHandler flooder = connection -> {
            try {
                byte[] chunk = new byte[64 * 1024];
                while (true) {
                    connection.output().write(chunk); // the client never reads: this blocks
                }
            } catch (IOException e) {
                interruptedWrite.complete(e);
                throw e;
            }
        };
        TcpServer server = TcpServer.builder().handler(flooder).shutdownTimeout(Duration.ofMillis(300)).start();
        try (Socket client = Clients.connect(server)) {
            Thread.sleep(100);
            server.stop();
            assertNotNull(interruptedWrite.get(), "the blocked write failed when the socket was closed");
            RecordedConnection connection = server.takeConnection(Clients.WAIT);
            assertEquals(CloseReason.SERVER_STOPPED, connection.closeReason());
            assertNull(connection.error(), "a write the stop cut off is not the handler's error");
        }
    }

    @Test
    void abortResetsEveryOpenConnection() throws Exception {
        TcpServer server = TcpServer.builder().handler(Handlers.silent()).start();
        try (Socket client = Clients.connect(server)) {
            Clients.send(client, "x");
            waitFor(() -> server.activeCount() == 1);
            server.abort();
            assertThrows(SocketException.class, () -> client.getInputStream().read());
            assertEquals(CloseReason.SERVER_ABORTED, server.takeConnection(Clients.WAIT).closeReason());
        } finally {
            server.stop();
        }
    }

    @Test
    void readTimeoutEndsAHandlerWaitingForAClientThatSaysNothing() throws Exception {
        try (LogCapture log = new LogCapture();
                TcpServer server = TcpServer.builder().readTimeout(Duration.ofMillis(100)).start();
                Socket client = Clients.connect(server)) {
            assertEquals(-1, client.getInputStream().read());
            RecordedConnection connection = server.takeConnection(Clients.WAIT);
            assertEquals(CloseReason.READ_TIMEOUT, connection.closeReason());
            assertTrue(connection.error() instanceof SocketTimeoutException, String.valueOf(connection.error()));
            java.util.logging.LogRecord logged = log.firstWarning();
            assertTrue(logged.getMessage().endsWith(" ended: the client sent nothing for the read timeout of 100 ms"),
                    logged.getMessage());
            assertNull(logged.getThrown(), "a timeout the test asked for is one line, not a stack trace");
        }
    }

    @Test
    void takeConnectionReturnsNullOnTimeoutAndEachConnectionOnceInAcceptOrder() throws Exception {
        try (TcpServer server = TcpServer.builder().start()) {
            assertNull(server.takeConnection(Duration.ofMillis(50)));
            for (int i = 0; i < 3; i++) {
                try (Socket client = Clients.connect(server)) {
                    Clients.send(client, "m" + i);
                    client.shutdownOutput();
                    Clients.readAll(client.getInputStream());
                }
            }
            for (int i = 0; i < 3; i++) {
                assertEquals("m" + i, server.takeConnection(Clients.WAIT).receivedText());
            }
            assertNull(server.takeConnection(Duration.ZERO));
            assertEquals(3, server.connections().size(), "connections() keeps every connection");
        }
    }

    @Test
    void connectionsShowsOpenConnectionsWithoutACloseReason() throws Exception {
        try (TcpServer server = TcpServer.builder().start(); Socket client = Clients.connect(server)) {
            Clients.send(client, "open");
            assertEquals('o', client.getInputStream().read());
            waitFor(() -> server.connections().size() == 1 && server.connections().get(0).receivedCount() == 4);
            RecordedConnection open = server.connections().get(0);
            assertNull(open.closeReason());
            assertNull(open.closedAt());
            assertEquals("open", open.receivedText());
        }
    }

    @Test
    void recordingStopsAtItsLimitWithAVisibleMarkerWhileCountsGoOn() throws Exception {
        try (TcpServer server = TcpServer.builder().recordingLimit(10).start();
                Socket client = Clients.connect(server)) {
            Clients.send(client, "0123456789abcdefghij");
            client.shutdownOutput();
            assertEquals("0123456789abcdefghij", Clients.readAllText(client));
            RecordedConnection connection = server.takeConnection(Clients.WAIT);
            assertEquals("0123456789", connection.receivedText());
            assertEquals(20, connection.receivedCount());
            assertEquals(20, connection.sentCount());
            assertTrue(connection.isTruncated());
            assertTrue(connection.transcript().contains("recording stopped after 10 of 20 bytes received"),
                    connection.transcript());
        }
    }

    @Test
    void transcriptShowsTheConversationInOrderWithEscapesAndHexForBinary() throws Exception {
        AcceptHandler chat = connection -> {
            connection.output().write("220 ready\r\n".getBytes(StandardCharsets.US_ASCII));
            byte[] line = new byte[6];
            int read = 0;
            while (read < line.length) {
                read += connection.input().read(line, read, line.length - read);
            }
            connection.output().write(new byte[] {0, 1, 2, (byte) 0xff});
        };
        try (TcpServer server = TcpServer.builder().handler(chat).start(); Socket client = Clients.connect(server)) {
            assertEquals("220 ready\r\n", new String(client.getInputStream().readNBytes(11), StandardCharsets.US_ASCII));
            Clients.send(client, "HELO\r\n");
            assertEquals(4, client.getInputStream().readNBytes(4).length);
            client.close();
            String transcript = server.takeConnection(Clients.WAIT).transcript();
            String[] lines = transcript.split("\n");
            assertTrue(lines[0].startsWith("connection #1 127.0.0.1:"), transcript);
            assertEquals("S: \"220 ready\\r\\n\"", lines[1]);
            assertEquals("C: \"HELO\\r\\n\"", lines[2]);
            assertTrue(lines[3].startsWith("S: 0000  00 01 02 ff"), transcript);
        }
    }

    /**
     * A client answers the moment bytes arrive, so its answer can be read (on another thread, as
     * the proxy reads) before the write that provoked it has returned: the transcript must still
     * show the server's bytes first.
     */
    @Test
    void transcriptKeepsAnAnswerAfterWhatItAnswersWhenAnotherThreadReads() throws Exception {
        int rounds = 300;
        AcceptHandler pingWhileAnotherThreadReads = connection -> {
            Thread reader = new Thread(() -> {
                try {
                    connection.input().readNBytes(rounds);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            reader.start();
            for (int i = 0; i < rounds; i++) {
                connection.output().write('s');
                Thread.sleep(1);
            }
            reader.join();
        };
        try (TcpServer server = TcpServer.builder().handler(pingWhileAnotherThreadReads).start();
                Socket client = Clients.connect(server)) {
            for (int i = 0; i < rounds; i++) {
                assertEquals('s', client.getInputStream().read());
                client.getOutputStream().write('c');
            }
            client.shutdownOutput();
            assertEquals(-1, client.getInputStream().read());
            String transcript = server.takeConnection(Clients.WAIT).transcript();
            long sent = 0;
            long answered = 0;
            for (String line : transcript.lines().skip(1).toList()) {
                long bytes = line.chars().filter(c -> c == 's' || c == 'c').count();
                if (line.startsWith("S: ")) {
                    sent += bytes;
                } else {
                    answered += bytes;
                }
                assertTrue(answered <= sent, "an answer recorded before what it answers:\n" + transcript);
            }
            assertEquals(rounds, answered);
        }
    }

    @Test
    void startIsIdempotentAndStopBeforeStartIsHarmless() {
        TcpServer server = TcpServer.builder().build();
        server.stop();
        assertFalse(server.isRunning());
        IllegalStateException notStarted = assertThrows(IllegalStateException.class, server::port);
        assertTrue(notStarted.getMessage().contains("call start() first"), notStarted.getMessage());
        try {
            assertSame(server, server.start());
            int port = server.port();
            server.start();
            assertEquals(port, server.port());
        } finally {
            server.close();
            server.close();
        }
    }

    /** End of stream, or a reset because the client's own request was never read. */
    private static boolean endedByServer(Socket client) {
        try {
            return client.getInputStream().read() == -1;
        } catch (SocketException e) {
            return e.getMessage().contains("reset");
        } catch (IOException e) {
            return false;
        }
    }

    static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Clients.WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + Clients.WAIT);
            }
            Thread.sleep(5);
        }
    }
}
