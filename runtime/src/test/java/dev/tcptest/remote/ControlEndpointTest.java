package dev.tcptest.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcptest.TcpServer;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The control endpoint's URL, its server calls over raw HTTP, and its registry. */
class ControlEndpointTest {

    private ControlEndpoint endpoint;
    private TcpServer smtp;

    @BeforeEach
    void start() {
        endpoint = ControlEndpoint.start("127.0.0.1", 0);
        smtp = TcpServer.builder().name("mail").start();
        endpoint.register("smtp", smtp);
    }

    @AfterEach
    void stop() {
        endpoint.close();
        smtp.close();
    }

    @Test
    void theUrlIsLoopbackWithA128BitSecretAndEndsInASlash() {
        assertTrue(endpoint.url().matches("http://127\\.0\\.0\\.1:\\d+/[0-9a-f]{32}/"), endpoint.url());
        String secret = endpoint.url().split("/")[3];
        assertFalse(endpoint.toString().contains(secret), endpoint.toString());
        try (ControlEndpoint other = ControlEndpoint.start("127.0.0.1", 0)) {
            assertFalse(other.url().contains(secret), "each endpoint has its own secret");
        }
    }

    @Test
    void getServersListsEveryServerInRegistrationOrder() {
        try (TcpServer first = TcpServer.builder().start()) {
            endpoint.register("b-2", first);
            List<Map<String, Object>> servers = Http.get(endpoint.url() + "servers").list("servers");
            assertEquals(List.of("smtp", "b-2"), servers.stream().map(s -> s.get("id")).toList());
        }
    }

    @Test
    void getServerShowsItsState() {
        Map<String, Object> shown = Http.get(endpoint.url() + "servers/smtp").json();
        assertEquals(JsonWriter.object("id", "smtp", "name", "mail", "host", "127.0.0.1", "port", (long) smtp.port(),
                "address", "127.0.0.1:" + smtp.port(), "running", true, "acceptPaused", false, "acceptedCount", 0L,
                "activeCount", 0L, "droppedCount", 0L, "handlerErrorCount", 0L), shown);
    }

    @Test
    void aServerNotStartedYetHasNoAddress() {
        endpoint.register("later", TcpServer.builder().build());
        Map<String, Object> shown = Http.get(endpoint.url() + "servers/later").json();
        assertNull(shown.get("host"));
        assertNull(shown.get("port"));
        assertNull(shown.get("address"));
        assertEquals(false, shown.get("running"));
    }

    @Test
    void pauseAndResumeAnswerTheStateAfterwards() throws Exception {
        assertEquals(true, Http.post(endpoint.url() + "servers/smtp/pause").get("acceptPaused"));
        assertTrue(smtp.isAcceptPaused());
        assertEquals(false, Http.post(endpoint.url() + "servers/smtp/resume").get("acceptPaused"));
        assertFalse(smtp.isAcceptPaused());
        try (Socket client = new Socket("127.0.0.1", smtp.port())) {
            // connect() returns once the kernel queued the connection; the accept follows.
            RemoteTcpServerTest.await(() -> smtp.acceptedCount() == 1, "the client is accepted");
            assertEquals(1L, Http.get(endpoint.url() + "servers/smtp").get("acceptedCount"));
        }
    }

    @Test
    void stopStartAndAbortAnswerTheStateAfterwards() {
        int port = smtp.port();
        assertEquals(false, Http.post(endpoint.url() + "servers/smtp/stop").get("running"));
        assertFalse(smtp.isRunning());
        Map<String, Object> started = Http.post(endpoint.url() + "servers/smtp/start").json();
        assertEquals(true, started.get("running"));
        assertEquals((long) port, started.get("port"), "a restart binds the same port");
        assertEquals(false, Http.post(endpoint.url() + "servers/smtp/abort").get("running"));
        assertFalse(smtp.isRunning());
    }

    @Test
    void aStartThatCannotBindIsAConflictWithTheBindFailure() throws Exception {
        smtp.stop();
        try (ServerSocket taker = new ServerSocket()) {
            taker.bind(new InetSocketAddress("127.0.0.1", smtp.port()));
            String error = Http.post(endpoint.url() + "servers/smtp/start").error(409);
            assertTrue(error.contains(String.valueOf(smtp.port())) && error.contains("in use"), error);
        }
        assertFalse(smtp.isRunning());
    }

    @Test
    void pausingAStoppedServerIsAConflict() {
        smtp.stop();
        String error = Http.post(endpoint.url() + "servers/smtp/pause").error(409);
        assertTrue(error.contains("not running"), error);
    }

    @Test
    void registeringATakenIdOrAnIdThatCannotStandInAUrlIsRefused() {
        IllegalArgumentException taken = assertThrows(IllegalArgumentException.class, () -> endpoint.register("smtp", smtp));
        assertTrue(taken.getMessage().contains("'smtp'"), taken.getMessage());
        for (String id : new String[] {"", "a b", "a/b", ".", "..", "smtp?x", "é"}) {
            IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> endpoint.register(id, smtp));
            assertTrue(bad.getMessage().contains("letters, digits"), bad.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> endpoint.register(null, smtp));
        assertThrows(IllegalArgumentException.class, () -> endpoint.register("other", null));
    }

    @Test
    void anUnregisteredServerIsUnknownAndGoesOn() {
        endpoint.unregister("smtp");
        endpoint.unregister("smtp");
        assertEquals(List.of(), Http.get(endpoint.url() + "servers").list("servers"));
        assertTrue(smtp.isRunning());
        endpoint.register("smtp", smtp);
        assertEquals(200, Http.get(endpoint.url() + "servers/smtp").status());
    }

    @Test
    void closeStopsTheEndpointAndNotTheServers() throws Exception {
        String url = endpoint.url();
        endpoint.close();
        endpoint.close();
        assertTrue(smtp.isRunning());
        int port = Integer.parseInt(url.split("[:/]")[4]);
        assertThrows(java.io.IOException.class, () -> new Socket("127.0.0.1", port).close(), "nothing listens any more");
        assertThrows(IllegalStateException.class, () -> endpoint.register("other", smtp));
    }

    @Test
    void badBindAddressesAndPortsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> ControlEndpoint.start(null, 0));
        assertThrows(IllegalArgumentException.class, () -> ControlEndpoint.start("127.0.0.1", 65536));
        assertThrows(IllegalArgumentException.class, () -> ControlEndpoint.start("no-such-host.invalid", 0));
    }
}
