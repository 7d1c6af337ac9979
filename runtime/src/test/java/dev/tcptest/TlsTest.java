package dev.tcptest;

import static dev.tcptest.Clients.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.logging.Level;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A server that speaks TLS from the first byte, against the JDK's own TLS clients: the handshake,
 * the decrypted recording, mutual TLS, and clients whose handshake fails.
 */
class TlsTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
    void echoesOverTlsAndRecordsThePlaintext(String protocol) throws Exception {
        try (TcpServer server = TcpServer.builder().tls().start()) {
            String suite;
            try (SSLSocket client = TlsClients.connect(server, server.certificates().clientContext(), protocol)) {
                Clients.send(client, "hello over TLS\n");
                assertEquals("hello over TLS\n", TlsClients.read(client, 15));
                assertEquals(protocol, client.getSession().getProtocol());
                suite = client.getSession().getCipherSuite();
            }
            RecordedConnection seen = server.takeConnection(WAIT);
            assertEquals("hello over TLS\n", seen.receivedText(), "the decrypted bytes, not the TLS records");
            assertEquals("hello over TLS\n", seen.sentText());
            assertEquals(CloseReason.CLOSED, seen.closeReason());
            assertNull(seen.error());
            String header = seen.transcript().lines().findFirst().orElseThrow();
            assertTrue(header.endsWith(", TLS " + protocol + " " + suite), header);
        }
    }

    @Test
    void theJdksHttpsClientsTrustTheServerThroughItsCertificates() throws Exception {
        String response = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello";
        try (TcpServer server = TcpServer.builder().tls().handler(Handlers.respond(response)).start()) {
            HttpClient client = HttpClient.newBuilder().sslContext(server.certificates().clientContext())
                    .version(HttpClient.Version.HTTP_1_1).build();
            URI uri = URI.create("https://" + server.host() + ":" + server.port() + "/");
            assertEquals("hello", client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()).body());

            HttpsURLConnection connection = (HttpsURLConnection) uri.toURL().openConnection();
            connection.setSSLSocketFactory(server.certificates().clientContext().getSocketFactory());
            try (InputStream body = connection.getInputStream()) {
                assertEquals("hello", new String(body.readAllBytes(), StandardCharsets.US_ASCII));
            }
            assertTrue(server.takeConnection(WAIT).receivedText().startsWith("GET / HTTP/1.1\r\n"));
            assertTrue(server.takeConnection(WAIT).receivedText().startsWith("GET / HTTP/1.1\r\n"));
        }
    }

    @Test
    void theJdksHttpsClientRejectsAnExpiredOrWrongHostLeafByItsOwnChecks() throws Exception {
        Certificates expired = Certificates.builder().validUntil(Instant.now().minus(Duration.ofDays(1))).build();
        Certificates wrongHost = Certificates.forHosts("elsewhere.test");
        for (Certificates leaf : List.of(expired, wrongHost)) {
            try (TcpServer server = TcpServer.builder().tls(leaf).handler(Handlers.respond("HTTP/1.1 204 \r\n\r\n")).start()) {
                HttpClient client = HttpClient.newBuilder().sslContext(leaf.clientContext()).build();
                URI uri = URI.create("https://" + server.host() + ":" + server.port() + "/");
                assertThrows(SSLHandshakeException.class,
                        () -> client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding()));
                assertFailedHandshake(server.takeConnection(WAIT));
            }
        }
    }

    @Test
    void aTlsServerSaysSoAndPresentsTheJvmsThrowawayCertificatesByDefault() {
        TcpServer tls = TcpServer.builder().tls().build();
        TcpServer plain = TcpServer.builder().build();
        assertTrue(tls.isTls());
        assertFalse(plain.isTls());
        assertSame(Certificates.throwaway(), tls.certificates());
        assertSame(Certificates.throwaway(), plain.certificates(), "what an upgrade would present");
        Certificates own = Certificates.forHosts("localhost");
        assertSame(own, TcpServer.builder().tls(own).build().certificates());
        assertFalse(TcpServer.builder().certificates(own).build().isTls(), "certificates alone are for upgrades");
    }

    @Test
    void nullCertificatesAreRejectedNamingTheSetting() {
        InvalidSettingException thrown = assertThrows(InvalidSettingException.class,
                () -> TcpServer.builder().requireClientCertificate(null));
        assertEquals("requireClientCertificate", thrown.setting());
        assertEquals("tls", assertThrows(InvalidSettingException.class, () -> TcpServer.builder().tls(null)).setting());
    }

    @Test
    void theServerPresentsTheCertificatesItWasGiven() throws Exception {
        Certificates own = Certificates.forHosts("db.test", "127.0.0.1");
        try (TcpServer server = TcpServer.builder().tls(own).start();
                SSLSocket client = TlsClients.connect(server, own.clientContext(), "TLSv1.3")) {
            client.startHandshake();
            assertEquals(own.certificatePem(), TlsClients.peerPem(client));
        }
    }

    @Test
    void mutualTlsServesAClientWhoseCertificateTheTrustedCaIssued() throws Exception {
        Certificates clientIdentity = Certificates.forHosts("client.test");
        try (TcpServer server = TcpServer.builder().tls().requireClientCertificate(clientIdentity).start()) {
            try (SSLSocket client = TlsClients.connect(server, server.certificates().clientContext(clientIdentity),
                    "TLSv1.3")) {
                Clients.send(client, "mine\n");
                assertEquals("mine\n", TlsClients.read(client, 5));
            }
            assertEquals(CloseReason.CLOSED, server.takeConnection(WAIT).closeReason());
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
    void mutualTlsFailsTheHandshakeOfAClientWithoutCertificate(String protocol) throws Exception {
        try (TcpServer server = TcpServer.builder().tls().requireClientCertificate(Certificates.throwaway()).start()) {
            try (SSLSocket client = TlsClients.connect(server, server.certificates().clientContext(), protocol)) {
                // With TLS 1.3 the client's handshake ends before the server has checked it: the
                // server's alert arrives with the first read.
                assertThrows(IOException.class, () -> {
                    client.startHandshake();
                    Clients.send(client, "x");
                    client.getInputStream().read();
                });
            }
            assertFailedHandshake(server.takeConnection(WAIT));
            assertEquals(0, server.handlerErrorCount());
        }
    }

    @Test
    void aClientThatTrustsOnlyTheDefaultCasFailsAndTheServerRecordsTheFailedHandshakeAtDebug() throws Exception {
        try (LogCapture logs = new LogCapture(Level.FINE);
                TcpServer server = TcpServer.builder().tls().start()) {
            try (SSLSocket client = TlsClients.connect(server, SSLContext.getDefault(), "TLSv1.3")) {
                SSLHandshakeException thrown = assertThrows(SSLHandshakeException.class, client::startHandshake);
                assertTrue(String.valueOf(thrown.getMessage()).contains("PKIX"), thrown.toString());
            }
            RecordedConnection seen = assertFailedHandshake(server.takeConnection(WAIT));
            assertEquals(List.of(), logs.warnings());
            assertTrue(logs.messages(Level.FINE).stream().anyMatch(m -> m.contains("TLS_HANDSHAKE_FAILED")
                    && m.contains(seen.error().getMessage())), logs.messages(Level.FINE).toString());
            assertTrue(seen.transcript().contains("error: " + seen.error()), seen.transcript());
        }
    }

    @Test
    void aPlainTextClientFailsTheHandshakeAndNoneOfItsBytesIsRecorded() throws Exception {
        try (TcpServer server = TcpServer.builder().tls().start();
                Socket client = Clients.connect(server)) {
            Clients.send(client, "EHLO plain.example\r\n");
            // The server answers with an alert, or resets: either way no echo comes back.
            try {
                assertFalse(new String(Clients.readAll(client.getInputStream())).contains("EHLO"));
            } catch (IOException reset) {
                // The unread rest of the line made the server's close a reset.
            }
            RecordedConnection seen = assertFailedHandshake(server.takeConnection(WAIT));
            assertEquals(0, seen.receivedCount());
            assertEquals(0, seen.sentCount());
        }
    }

    @Test
    void aClientThatNeverShakesHandsFailsWithinTheReadTimeout() throws Exception {
        try (TcpServer server = TcpServer.builder().tls().readTimeout(Duration.ofMillis(200)).start();
                Socket client = Clients.connect(server)) {
            RecordedConnection seen = assertFailedHandshake(server.takeConnection(WAIT));
            assertTrue(seen.error().getMessage().contains("within the read timeout of 200 ms"), seen.error().toString());
            assertInstanceOf(SocketTimeoutException.class, seen.error().getCause());
            assertEquals(-1, client.getInputStream().read(), "closed without a word");
        }
    }

    @ParameterizedTest(name = "abort: {0}")
    @ValueSource(booleans = {false, true})
    void aStopEndsTlsConnectionsMidConversationAndMidHandshake(boolean abort) throws Exception {
        TcpServer server = TcpServer.builder().tls().shutdownTimeout(Duration.ofSeconds(2)).start();
        try (SSLSocket talking = TlsClients.connect(server, server.certificates().clientContext(), "TLSv1.3");
                Socket silent = Clients.connect(server)) {
            Clients.send(talking, "a");
            assertEquals("a", TlsClients.read(talking, 1));
            TcpServerTest.waitFor(() -> server.activeCount() == 2);
            long start = System.nanoTime();
            if (abort) {
                server.abort();
            } else {
                server.stop();
            }
            assertTrue(System.nanoTime() - start < Duration.ofSeconds(2).toNanos(), "returned within its timeout");
            CloseReason expected = abort ? CloseReason.SERVER_ABORTED : CloseReason.SERVER_STOPPED;
            for (RecordedConnection seen : server.connections()) {
                assertEquals(expected, seen.closeReason(), seen.transcript());
                assertNull(seen.error(), seen.transcript());
            }
            assertEquals(2, server.connections().size());
        } finally {
            server.abort();
        }
    }

    private static RecordedConnection assertFailedHandshake(RecordedConnection seen) {
        assertEquals(CloseReason.TLS_HANDSHAKE_FAILED, seen.closeReason(), seen.transcript());
        assertInstanceOf(SSLException.class, seen.error());
        assertFalse(seen.isHandlerError(), "the client's failure, not the handler's");
        return seen;
    }
}
