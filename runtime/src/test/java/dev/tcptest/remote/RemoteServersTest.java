package dev.tcptest.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcptest.TcpServer;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Connecting to a control endpoint: its ids, a server by id, and every way a URL or an endpoint can be wrong. */
class RemoteServersTest {

    private ControlEndpoint endpoint;
    private TcpServer smtp;
    private String secret;

    @BeforeEach
    void start() {
        endpoint = ControlEndpoint.start("127.0.0.1", 0);
        smtp = TcpServer.builder().start();
        endpoint.register("smtp", smtp);
        endpoint.register("imap", smtp);
        secret = endpoint.url().split("/")[3];
    }

    @AfterEach
    void stop() {
        endpoint.close();
        smtp.close();
    }

    @Test
    void listsTheIdsAndHandsOutAServerById() {
        RemoteServers servers = RemoteServers.connect(endpoint.url());
        assertEquals(List.of("smtp", "imap"), servers.ids());
        RemoteTcpServer remote = servers.server("smtp");
        assertEquals("smtp", remote.id());
        assertEquals(smtp.port(), remote.port());
        assertFalse(servers.toString().contains(secret) || remote.toString().contains(secret), servers + " " + remote);
        assertTrue(remote.toString().contains("smtp"), remote.toString());
    }

    @Test
    void aUrlWithoutItsTrailingSlashWorksToo() {
        String url = endpoint.url();
        assertEquals(List.of("smtp", "imap"), RemoteServers.connect(url.substring(0, url.length() - 1)).ids());
    }

    @Test
    void anUnknownIdIsRefusedAtOnceListingTheKnownOnes() {
        RemoteServers servers = RemoteServers.connect(endpoint.url());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> servers.server("pop3"));
        assertTrue(unknown.getMessage().contains("'pop3'") && unknown.getMessage().contains("smtp, imap"), unknown.getMessage());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> servers.server("a/b"));
        assertTrue(bad.getMessage().contains("letters, digits"), bad.getMessage());
        assertThrows(IllegalArgumentException.class, () -> servers.server(null));
    }

    @Test
    void aMalformedUrlSaysWhatFormIsExpectedWithoutShowingIt() {
        String port = endpoint.url().split("[:/]")[4];
        for (String url : new String[] {null, " ", "https://127.0.0.1:" + port + "/" + secret + "/",
            "http://127.0.0.1/" + secret + "/", "http://127.0.0.1:" + port + "/", "http://127.0.0.1:" + port,
            "http://127.0.0.1:" + port + "/" + secret + "/?x=1", "127.0.0.1:" + port + "/" + secret, "http://[::1:" + port + "/" + secret}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RemoteServers.connect(url), url);
            assertTrue(e.getMessage().contains("http://HOST:PORT/SECRET/"), e.getMessage());
            assertFalse(e.getMessage().contains(secret), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> RemoteServers.connect(endpoint.url(), Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> RemoteServers.connect(endpoint.url(), null));
    }

    @Test
    void aWrongSecretIsAnIllegalStateNamingTheEndpointOnly() {
        String wrong = endpoint.url().replace(secret, "0".repeat(32));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> RemoteServers.connect(wrong));
        assertTrue(e.getMessage().contains("127.0.0.1:" + endpoint.url().split("[:/]")[4])
                && e.getMessage().contains("does not know the URL's secret"), e.getMessage());
        assertFalse(e.getMessage().contains("0".repeat(32)), e.getMessage());
    }

    @Test
    void aDeadEndpointIsAnIllegalStateNamingItsHostAndPort() throws Exception {
        int port;
        try (ServerSocket closed = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = closed.getLocalPort();
        }
        String url = "http://127.0.0.1:" + port + "/" + secret + "/";
        IllegalStateException e = assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> assertThrows(IllegalStateException.class, () -> RemoteServers.connect(url, Duration.ofSeconds(2))));
        assertTrue(e.getMessage().contains("127.0.0.1:" + port) && e.getMessage().contains("refused"), e.getMessage());
        assertFalse(e.getMessage().contains(secret), e.getMessage());
    }

    @Test
    void anEndpointThatNeverAnswersIsAnIllegalStateAfterTheCallTimeout() throws Exception {
        try (ServerSocket silent = new ServerSocket()) {
            silent.bind(new InetSocketAddress("127.0.0.1", 0), 50);
            String url = "http://127.0.0.1:" + silent.getLocalPort() + "/" + secret + "/";
            Duration callTimeout = Duration.ofMillis(300);
            IllegalStateException e = assertTimeoutPreemptively(callTimeout.plusSeconds(30),
                    () -> assertThrows(IllegalStateException.class, () -> RemoteServers.connect(url, callTimeout)));
            assertTrue(e.getMessage().contains("127.0.0.1:" + silent.getLocalPort())
                    && e.getMessage().contains("did not answer within 300ms"), e.getMessage());
            assertFalse(e.getMessage().contains(secret), e.getMessage());
        }
    }
}
