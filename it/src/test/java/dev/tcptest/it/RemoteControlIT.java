package dev.tcptest.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcptest.RecordedConnection;
import dev.tcptest.remote.RemoteTcpServer;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The plugin's {@code echo} server (backlog 1), steered from the test through the control
 * endpoint whose URL the plugin exports as {@code tcptest.control.url}: what a test needs to
 * provoke a client's timeouts and reconnects on purpose, one test at a time.
 */
class RemoteControlIT {

    private final RemoteTcpServer echo = PluginServers.remote("echo");

    @AfterEach
    void leaveTheServerAsConfigured() {
        echo.resumeAccepting();
        echo.faults();
        if (!echo.isRunning()) {
            echo.start();
        }
    }

    /** Paused, the server accepts nobody: the kernel queues backlog + 1 connects, the next one times out. */
    @Test
    void pausingTheServerMakesTheNextConnectTimeOut() throws Exception {
        echo.pauseAccepting();
        InetSocketAddress address = new InetSocketAddress(echo.host(), echo.port());
        try (Socket first = new Socket(); Socket second = new Socket(); Socket third = new Socket()) {
            first.connect(address, 5000);
            second.connect(address, 5000);
            assertThrows(SocketTimeoutException.class, () -> third.connect(address, 500));
            assertTrue(echo.isAcceptPaused());

            echo.resumeAccepting();   // the queued connections are accepted and served now
            assertEquals("hello", exchange(first, "hello"));
        }
    }

    /** Latency for this test only: the client's read timeout fires; cleared, the server answers at once. */
    @Test
    void latencySwitchedOnForOneTestTripsTheClientsReadTimeout() throws Exception {
        echo.faults("latency=1s");
        try (Socket client = new Socket(echo.host(), echo.port())) {
            client.setSoTimeout(200);
            client.getOutputStream().write("ping".getBytes(StandardCharsets.US_ASCII));
            assertThrows(SocketTimeoutException.class, () -> client.getInputStream().read());
        }

        echo.faults();   // for connections accepted from now on
        try (Socket client = new Socket(echo.host(), echo.port())) {
            assertEquals("ping", exchange(client, "ping"));
        }
    }

    /** A restart: connects are refused while it is down, and it comes back on the same port. */
    @Test
    void aRestartedServerTakesTheClientsReconnectOnTheSamePort() throws Exception {
        int port = echo.port();
        long before = echo.acceptedCount();
        echo.stop();
        assertFalse(echo.isRunning());
        assertThrows(ConnectException.class, () -> new Socket(echo.host(), port).close());

        echo.start();
        assertEquals(port, echo.port());
        try (Socket reconnected = new Socket(echo.host(), port)) {
            assertEquals("back", exchange(reconnected, "back"));
        }
        RecordedConnection seen = PluginServers.connectionAfter(echo, before);
        assertEquals("back", seen.receivedText(), seen::transcript);
    }

    private static String exchange(Socket client, String text) throws IOException {
        client.setSoTimeout(5000);
        client.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
        return new String(client.getInputStream().readNBytes(text.length()), StandardCharsets.US_ASCII);
    }
}
