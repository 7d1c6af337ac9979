package dev.tcptest.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcptest.CloseReason;
import dev.tcptest.RecordedConnection;
import dev.tcptest.TcpServer;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every call of a remote server does what the local call of the same name does. */
class RemoteTcpServerTest {

    private ControlEndpoint endpoint;
    private TcpServer echo;
    private RemoteTcpServer remote;

    @BeforeEach
    void start() {
        endpoint = ControlEndpoint.start("127.0.0.1", 0);
        echo = TcpServer.builder().start();
        endpoint.register("echo", echo);
        remote = RemoteServers.connect(endpoint.url()).server("echo");
    }

    @AfterEach
    void stop() {
        endpoint.close();
        echo.close();
    }

    @Test
    void seesTheServersAddressAndState() throws Exception {
        assertEquals("echo", remote.id());
        assertEquals(echo.host(), remote.host());
        assertEquals(echo.port(), remote.port());
        assertEquals(echo.address(), remote.address());
        assertTrue(remote.isRunning());
        assertFalse(remote.isAcceptPaused());
        assertEquals(0, remote.acceptedCount());
        Talk.talk(echo.port(), "x");
        assertEquals(1, remote.acceptedCount());
    }

    @Test
    void aServerNotStartedYetHasNoAddress() {
        endpoint.register("later", TcpServer.builder().build());
        RemoteTcpServer later = RemoteServers.connect(endpoint.url()).server("later");
        IllegalStateException e = assertThrows(IllegalStateException.class, later::host);
        assertEquals("tcptest server 'later' has no address yet: call start() first", e.getMessage());
        assertThrows(IllegalStateException.class, later::port);
        assertFalse(later.isRunning());
    }

    @Test
    void pauseAcceptingQueuesClientsInTheBacklogUntilResume() throws Exception {
        remote.pauseAccepting();
        assertTrue(echo.isAcceptPaused() && remote.isAcceptPaused());
        try (Socket waiting = new Socket("127.0.0.1", echo.port())) {
            assertEquals(0, remote.acceptedCount(), "the handshake completed in the kernel, no accept");
            remote.resumeAccepting();
            assertFalse(echo.isAcceptPaused());
            await(() -> remote.acceptedCount() == 1, "the waiting client is accepted");
        }
    }

    @Test
    void faultsApplyFromNowOnAndFaultsWithoutArgumentsClearsThem() throws Exception {
        remote.faults("limit-data=3");
        assertEquals("hel", Talk.talk(echo.port(), "hello"));
        remote.faults();
        assertEquals("hello", Talk.talk(echo.port(), "hello"));
        remote.faults("limit-data=2");
        remote.faults((String) null);
        assertEquals("hello", Talk.talk(echo.port(), "hello"), "null, like blank, removes them");
    }

    @Test
    void aBadFaultStringIsAnIllegalArgumentWithTheParsersMessage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> remote.faults("latency=soon"));
        assertTrue(e.getMessage().startsWith("bad fault 'latency=soon'") && e.getMessage().contains("like 50ms"), e.getMessage());
    }

    @Test
    void takeConnectionHandsEachFinishedConnectionOutOnceAndNullOnTimeout() throws Exception {
        assertNull(remote.takeConnection(Duration.ZERO));
        Talk.talk(echo.port(), "first");
        Talk.talk(echo.port(), "second");
        assertEquals("first", remote.takeConnection(Duration.ofSeconds(10)).receivedText());
        assertEquals("second", remote.takeConnection(Duration.ofSeconds(10)).receivedText());
        assertNull(remote.takeConnection(Duration.ofMillis(20)));
        assertThrows(IllegalArgumentException.class, () -> remote.takeConnection(Duration.ofMillis(-1)));
        assertThrows(NullPointerException.class, () -> remote.takeConnection(null));
    }

    @Test
    void takeConnectionThrowsInterruptedExceptionLikeTheLocalOne() throws Exception {
        AtomicReference<Throwable> ended = new AtomicReference<>();
        Thread taker = takeInTheBackground(ended);
        taker.interrupt();
        taker.join(30_000);
        assertInstanceOf(InterruptedException.class, ended.get());
    }

    @Test
    void closingTheEndpointEndsATakeInProgress() throws Exception {
        AtomicReference<Throwable> ended = new AtomicReference<>();
        Thread taker = takeInTheBackground(ended);
        endpoint.close();
        taker.join(30_000);
        assertFalse(taker.isAlive(), "the take ended");
        assertInstanceOf(IllegalStateException.class, ended.get());
    }

    @Test
    void connectionsAndClearConnections() throws Exception {
        Talk.talk(echo.port(), "a");
        Talk.talk(echo.port(), "b");
        await(() -> echo.connections().stream().allMatch(c -> c.closeReason() != null) && echo.connections().size() == 2,
                "both finished");
        assertEquals(java.util.List.of("a", "b"), remote.connections().stream().map(RecordedConnection::receivedText).toList());
        remote.clearConnections();
        assertEquals(java.util.List.of(), remote.connections());
        assertEquals(java.util.List.of(), echo.connections());
    }

    @Test
    void stopStartAndAbort() throws Exception {
        int port = remote.port();
        remote.stop();
        assertFalse(echo.isRunning());
        assertEquals(remote, remote.start());
        assertTrue(echo.isRunning());
        assertEquals(port, remote.port());
        try (Socket open = new Socket("127.0.0.1", port)) {
            await(() -> echo.activeCount() == 1, "the client is served");
            remote.abort();
            assertFalse(echo.isRunning());
        }
        await(() -> echo.connections().size() == 1 && echo.connections().get(0).closeReason() != null, "the abort ended it");
        assertEquals(CloseReason.SERVER_ABORTED, remote.connections().get(0).closeReason());
    }

    @Test
    void aStateThatDoesNotAllowTheCallIsAnIllegalState() throws Exception {
        remote.stop();
        IllegalStateException pause = assertThrows(IllegalStateException.class, remote::pauseAccepting);
        assertTrue(pause.getMessage().contains("not running"), pause.getMessage());
        try (ServerSocket taker = new ServerSocket()) {
            taker.bind(new InetSocketAddress("127.0.0.1", echo.port()));
            IllegalStateException start = assertThrows(IllegalStateException.class, remote::start);
            assertTrue(start.getMessage().contains("in use"), start.getMessage());
        }
    }

    @Test
    void anUnregisteredServerIsAnIllegalArgumentListingTheIds() {
        endpoint.unregister("echo");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, remote::isRunning);
        assertTrue(e.getMessage().contains("'echo'") && e.getMessage().contains("none"), e.getMessage());
    }

    /** Starts a take of a minute on another thread; returns once it waits at the endpoint. */
    private Thread takeInTheBackground(AtomicReference<Throwable> ended) throws InterruptedException {
        Thread taker = new Thread(() -> {
            try {
                remote.takeConnection(Duration.ofMinutes(1));
            } catch (Throwable e) {
                ended.set(e);
            }
        });
        taker.start();
        await(OpenEndpointMain::aTakeWaitsAtTheEndpoint, "the take waits at the endpoint");
        return taker;
    }

    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 30 s: " + what);
            }
            Thread.sleep(5);
        }
    }
}
