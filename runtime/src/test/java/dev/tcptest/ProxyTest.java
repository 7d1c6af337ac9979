package dev.tcptest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The proxy in front of a real echo server, plain and with each fault. */
class ProxyTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String TEN = "0123456789";

    private TcpServer echo;

    @BeforeEach
    void startEcho() {
        echo = TcpServer.builder().name("echo").handler(Handlers.echo()).start();
    }

    @AfterEach
    void stopEcho() {
        echo.stop();
    }

    private TcpServer proxy(Fault... faults) {
        return TcpServer.builder().name("proxy").handler(Handlers.proxy("127.0.0.1", echo.port()).with(faults)).start();
    }

    @Test
    void forwardsBothWaysAndRecordsThemOnTheClientSide() throws Exception {
        try (TcpServer proxy = proxy();
                TestClient client = new TestClient(proxy)) {
            client.send("hello\n");
            assertEquals("hello\n", client.readLine());
            client.send("again\n");
            assertEquals("again\n", client.readLine());
            client.shutdownOutput();
            assertEquals("", client.readAll(), "the half-close went through to the echo server and its FIN came back");

            RecordedConnection seen = proxy.takeConnection(WAIT);
            assertEquals("hello\nagain\n", seen.receivedText());
            assertEquals("hello\nagain\n", seen.sentText());
            assertEquals(CloseReason.CLOSED, seen.closeReason());
            assertNull(seen.error());
            assertEquals("hello\nagain\n", echo.takeConnection(WAIT).receivedText());
        }
    }

    @Test
    void targetResetReachesTheClientAsReset() throws Exception {
        try (TcpServer resetting = TcpServer.builder().handler(Handlers.script("expect \"x\"\nreset")).start();
                TcpServer proxy = TcpServer.builder().handler(Handlers.proxy("127.0.0.1", resetting.port())).start();
                TestClient client = new TestClient(proxy)) {
            client.send("x");
            assertEquals("RESET", client.readToEndOrReset());
            RecordedConnection seen = proxy.takeConnection(WAIT);
            assertEquals(CloseReason.RESET, seen.closeReason());
            assertNull(seen.error());
        }
    }

    @Test
    void clientResetReachesTheTargetAsReset() throws Exception {
        try (TcpServer proxy = proxy()) {
            TestClient client = new TestClient(proxy);
            client.send("hi");
            assertEquals("hi", new String(client.readBytes(2), StandardCharsets.US_ASCII));
            client.socket.setSoLinger(true, 0);
            client.close();
            RecordedConnection proxied = proxy.takeConnection(WAIT);
            assertEquals(CloseReason.CLIENT_RESET, proxied.closeReason());
            assertNull(proxied.error(), "passing a client's reset on is the proxy's job, not its failure");
            assertEquals(CloseReason.CLIENT_RESET, echo.takeConnection(WAIT).closeReason());
        }
    }

    @Test
    void aClientThatResetsWhileTheTargetStreamsIsAClientResetOnBothSides() throws Exception {
        AcceptHandler streaming = connection -> {
            byte[] chunk = new byte[16 * 1024];
            while (true) {
                connection.output().write(chunk);
            }
        };
        try (TcpServer target = TcpServer.builder().recordingLimit(0).handler(streaming).start();
                TcpServer proxy = TcpServer.builder().recordingLimit(0).handler(Handlers.proxy("127.0.0.1", target.port())).start()) {
            TestClient client = new TestClient(proxy);
            assertEquals(100_000, client.readBytes(100_000).length);
            client.socket.setSoLinger(true, 0);
            client.close();
            RecordedConnection proxied = proxy.takeConnection(WAIT);
            assertEquals(CloseReason.CLIENT_RESET, proxied.closeReason(), "the client's reset, whichever direction met it first");
            assertNull(proxied.error());
            RecordedConnection streamed = target.takeConnection(WAIT);
            assertEquals(CloseReason.CLIENT_RESET, streamed.closeReason(), "the reset passed on, met by a write: " + streamed.error());
        }
    }

    @Test
    void aTargetThatResetsAtOnceIsPassedOnAsAResetEveryTime() throws Exception {
        // The reset may reach the proxy while its connect is still completing, or once the relay
        // runs: either way it is the target's answer, passed on, and no failure of the proxy.
        try (TcpServer target = TcpServer.builder().handler(Handlers.reset()).start();
                TcpServer proxy = TcpServer.builder().handler(Handlers.proxy(target.host(), target.port())).start()) {
            for (int i = 0; i < 20; i++) {
                try (TestClient client = new TestClient(proxy)) {
                    String seenByClient;
                    try {
                        client.send("x");
                        seenByClient = client.readToEndOrReset();
                    } catch (java.net.SocketException e) {
                        // The reset reached this client before its byte left.
                        seenByClient = String.valueOf(e.getMessage()).contains("reset") ? "RESET" : e.toString();
                    }
                    assertEquals("RESET", seenByClient, "round " + i);
                }
                RecordedConnection seen = proxy.takeConnection(WAIT);
                assertEquals(CloseReason.RESET, seen.closeReason(), "round " + i);
                assertNull(seen.error(), "round " + i + ": " + seen.error());
            }
        }
    }

    @Test
    void unreachableTargetResetsTheClientAndNamesTheTarget() throws Exception {
        TcpServer gone = TcpServer.builder().start();
        int port = gone.port();
        gone.stop();
        try (TcpServer proxy = TcpServer.builder().handler(Handlers.proxy("127.0.0.1", port)).start();
                TestClient client = new TestClient(proxy)) {
            assertEquals("RESET", client.readToEndOrReset());
            RecordedConnection seen = proxy.takeConnection(WAIT);
            assertEquals(CloseReason.RESET, seen.closeReason());
            assertInstanceOf(ConnectException.class, seen.error());
            assertTrue(seen.error().getMessage().startsWith("proxy to 127.0.0.1:" + port + " on connection #1: cannot connect"),
                    seen.error().getMessage());
            assertTrue(seen.error().getMessage().endsWith("Connection refused); is it running and listening there? The client was reset."),
                    seen.error().getMessage());
        }
    }

    @Test
    void aTargetThatDoesNotAcceptInTimeIsNamedSo() throws Exception {
        try (TcpServer saturated = TcpServer.builder().backlog(1).acceptPaused(true).start()) {
            List<Socket> queued = fillBacklog(saturated);
            try {
                try (TcpServer proxy = TcpServer.builder().handler(new ProxyHandler("127.0.0.1", saturated.port(), 300)).start();
                        TestClient client = new TestClient(proxy)) {
                    assertEquals("RESET", client.readToEndOrReset());
                    RecordedConnection seen = proxy.takeConnection(WAIT);
                    assertInstanceOf(ConnectException.class, seen.error());
                    assertEquals("proxy to 127.0.0.1:" + saturated.port() + " on connection #1: the target did not accept"
                            + " the connection within 300 ms (java.net.SocketTimeoutException: Connect timed out); is its"
                            + " listen queue full, its accepting paused, or the address one that drops connections?"
                            + " The client was reset.", seen.error().getMessage());
                }
            } finally {
                for (Socket socket : queued) {
                    socket.close();
                }
            }
        }
    }

    /** Connects until the paused server's listen queue is full: the next connect waits for an accept. */
    private static List<Socket> fillBacklog(TcpServer saturated) throws IOException {
        List<Socket> queued = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            try {
                queued.add(Clients.connect(saturated.address(), 200));
            } catch (SocketTimeoutException full) {
                break;
            }
        }
        return queued;
    }

    @Test
    void anIpv6TargetIsNamedInBrackets() {
        assertEquals("proxy([::1]:6379)", Handlers.proxy("::1", 6379).toString());
    }

    @Test
    void aStopEndsAConnectToATargetThatDoesNotAccept() throws Exception {
        // The target's listen queue is full, so the proxy's connect waits for an accept that never
        // comes: the stop must end that wait like any other, not sit out its shutdown timeout.
        try (TcpServer saturated = TcpServer.builder().backlog(1).acceptPaused(true).start();
                LogCapture log = new LogCapture()) {
            List<Socket> queued = fillBacklog(saturated);
            try {
                TcpServer proxy = TcpServer.builder().handler(Handlers.proxy("127.0.0.1", saturated.port())).start();
                try (TestClient client = new TestClient(proxy)) {
                    for (int i = 0; i < 500 && proxy.acceptedCount() == 0; i++) {
                        Thread.sleep(10);
                    }
                    assertEquals(1, proxy.acceptedCount());
                    proxy.stop();
                    assertEquals("", client.readToEndOrReset(), "a graceful stop, with nothing from the target yet");
                    RecordedConnection seen = proxy.takeConnection(WAIT);
                    assertEquals(CloseReason.SERVER_STOPPED, seen.closeReason());
                    assertNull(seen.error());
                    assertEquals(List.of(), log.warnings());
                } finally {
                    proxy.stop();
                }
            } finally {
                for (Socket socket : queued) {
                    socket.close();
                }
            }
        }
    }

    @Test
    void rejectsBadTargets() {
        assertThrows(IllegalArgumentException.class, () -> Handlers.proxy(" ", 80));
        assertThrows(IllegalArgumentException.class, () -> Handlers.proxy("localhost", 0));
        assertThrows(IllegalArgumentException.class, () -> Handlers.proxy("localhost", 65536));
        assertThrows(NullPointerException.class, () -> Handlers.proxy(null, 80));
        assertEquals("proxy(localhost:6379) with latency=50ms",
                Handlers.proxy("localhost", 6379).with(Faults.latency(Duration.ofMillis(50))).toString());
    }

    @Test
    void withLatency() throws Exception {
        try (TcpServer proxy = proxy(Faults.latency(Duration.ofMillis(200)));
                TestClient client = new TestClient(proxy)) {
            long start = System.nanoTime();
            client.send("ping");
            assertEquals("ping", new String(client.readBytes(4), StandardCharsets.US_ASCII));
            assertTrue(System.nanoTime() - start >= Duration.ofMillis(200).toNanos());
        }
    }

    @Test
    void withBandwidth() throws Exception {
        try (TcpServer proxy = proxy(Faults.bandwidth(10_000));
                TestClient client = new TestClient(proxy)) {
            long start = System.nanoTime();
            client.send(new byte[4000]);
            client.shutdownOutput();
            assertEquals(4000, client.readAll().length());
            assertTrue(System.nanoTime() - start >= Duration.ofMillis(350).toNanos());
        }
    }

    @Test
    void withSlicer() throws Exception {
        try (TcpServer proxy = proxy(Faults.slicer(2, Duration.ofMillis(50)));
                TestClient client = new TestClient(proxy)) {
            long start = System.nanoTime();
            client.send(TEN);
            assertEquals(TEN, new String(client.readBytes(10), StandardCharsets.US_ASCII));
            assertTrue(System.nanoTime() - start >= Duration.ofMillis(200).toNanos(), "five chunks, four delays");
        }
    }

    @Test
    void withLimitData() throws Exception {
        try (TcpServer proxy = proxy(Faults.limitData(4));
                TestClient client = new TestClient(proxy)) {
            client.send(TEN);
            assertEquals("0123", client.readToEnd());
            RecordedConnection seen = proxy.takeConnection(WAIT);
            assertEquals("0123", seen.sentText());
            assertNull(seen.error());
        }
    }

    @Test
    void afterLimitDataNothingMoreFromTheClientReachesTheTarget() throws Exception {
        try (TcpServer proxy = proxy(Faults.limitData(4));
                TestClient client = new TestClient(proxy)) {
            client.send(TEN);
            assertEquals("0123", client.readAll(), "the target's echo, cut after 4 bytes");
            // The proxy was already waiting for more from the client when the limit closed the
            // connection (the pause lets it settle there): what the client sends now is read, but
            // not forwarded.
            Thread.sleep(200);
            client.send("more");
            client.shutdownOutput();
            RecordedConnection seen = proxy.takeConnection(WAIT);
            assertEquals(TEN + "more", seen.receivedText(), "the bytes crossed the wire to the proxy");
            assertEquals(TEN, echo.takeConnection(WAIT).receivedText());
        }
    }

    @Test
    void withResetAfterBytes() throws Exception {
        try (TcpServer proxy = proxy(Faults.resetAfter(4).upstream());
                TestClient client = new TestClient(proxy)) {
            client.send("0123");
            assertEquals("0123", new String(client.readBytes(4), StandardCharsets.US_ASCII));
            client.send("4");
            assertEquals("RESET", client.readToEndOrReset());
            RecordedConnection seen = proxy.takeConnection(WAIT);
            assertEquals(CloseReason.RESET, seen.closeReason());
            assertNull(seen.error());
            assertEquals("0123", echo.takeConnection(WAIT).receivedText(), "the fifth byte never reached the target");
        }
    }

    @Test
    void withResetAfterTime() throws Exception {
        try (TcpServer proxy = proxy(Faults.resetAfter(Duration.ofMillis(200)))) {
            long start = System.nanoTime();
            try (TestClient client = new TestClient(proxy)) {
                assertEquals("RESET", client.readToEndOrReset());
                assertTrue(System.nanoTime() - start >= Duration.ofMillis(200).toNanos());
            }
            assertEquals(CloseReason.RESET, proxy.takeConnection(WAIT).closeReason());
        }
    }

    @Test
    void withStall() throws Exception {
        TcpServer proxy = proxy(Faults.stallAfter(3));
        try (TestClient client = new TestClient(proxy)) {
            client.send(TEN);
            assertEquals("012", new String(client.readBytes(3), StandardCharsets.US_ASCII));
            client.socket.setSoTimeout(300);
            assertThrows(SocketTimeoutException.class, () -> client.input().read());
            proxy.stop();
            RecordedConnection seen = proxy.takeConnection(WAIT);
            assertEquals("012", seen.sentText());
            assertNull(seen.error());
        } finally {
            proxy.stop();
        }
    }

    @Test
    void withSlowClose() throws Exception {
        try (TcpServer proxy = proxy(Faults.slowClose(Duration.ofMillis(300)));
                TestClient client = new TestClient(proxy)) {
            long start = System.nanoTime();
            client.send("x");
            client.shutdownOutput();
            assertEquals('x', client.input().read());
            assertEquals(-1, client.input().read());
            assertTrue(System.nanoTime() - start >= Duration.ofMillis(300).toNanos(), "the target's FIN came 300 ms late");
        }
    }

    @Test
    void aStopDuringADelayedForwardLeavesNoThreadBehind() throws Exception {
        try (TcpServer target = TcpServer.builder().handler(Handlers.respond("x")).start()) {
            TcpServer proxy = TcpServer.builder().shutdownTimeout(Duration.ofMillis(500))
                    .handler(Handlers.proxy("127.0.0.1", target.port()).with(Faults.latency(Duration.ofMinutes(10)))).start();
            try (TestClient client = new TestClient(proxy)) {
                client.shutdownOutput();
                // The target wrote its answer and saw the FIN passed on: the answer waits in the latency.
                assertEquals("x", target.takeConnection(WAIT).sentText());
                proxy.stop();
                assertEquals(CloseReason.SERVER_STOPPED, proxy.takeConnection(WAIT).closeReason());
            } finally {
                proxy.stop();
            }
        }
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (liveThreads("tcptest-proxy-") > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(0, liveThreads("tcptest-proxy-"), "the relay thread ends with its connection, not with its delay");
    }

    @Test
    void aStopDuringASlowCloseEndsTheHandlerWhileTheClientStillSends() throws Exception {
        try (TcpServer target = TcpServer.builder().handler(Handlers.respond("x")).start();
                LogCapture log = new LogCapture()) {
            TcpServer proxy = TcpServer.builder().shutdownTimeout(Duration.ofMillis(500))
                    .handler(Handlers.proxy("127.0.0.1", target.port()).with(Faults.slowClose(Duration.ofMinutes(10)))).start();
            try (TestClient client = new TestClient(proxy)) {
                assertEquals('x', client.input().read());
                assertEquals("x", target.takeConnection(WAIT).sentText());
                // The target has answered and closed; its FIN is held in the slow close. Then the
                // client sends more, as a pipelining client does, and the proxy reads it.
                Thread.sleep(200);
                client.send("more");
                for (int i = 0; i < 500 && !proxy.connections().get(0).receivedText().equals("more"); i++) {
                    Thread.sleep(10);
                }
                assertEquals("more", proxy.connections().get(0).receivedText());
                proxy.stop();
                assertEquals(CloseReason.SERVER_STOPPED, proxy.takeConnection(WAIT).closeReason());
                assertEquals(List.of(), log.warnings(), "the handler ended within the stop, none was left running");
            } finally {
                proxy.stop();
            }
        }
    }

    @Test
    void leavesNoThreadsBehind() throws Exception {
        try (TcpServer proxy = proxy(Faults.stallAfter(1))) {
            for (int i = 0; i < 10; i++) {
                try (TestClient client = new TestClient(proxy)) {
                    client.send("ab");
                    assertEquals('a', client.input().read());
                }
            }
        }
        // Platform threads are listed (virtual ones, on JDK 21+, are not and end the same way).
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (liveThreads("tcptest-proxy-", "tcptest-stall-watch") > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(0, liveThreads("tcptest-proxy-", "tcptest-stall-watch"));
    }

    private static long liveThreads(String... prefixes) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> Arrays.stream(prefixes).anyMatch(t.getName()::startsWith))
                .count();
    }
}
