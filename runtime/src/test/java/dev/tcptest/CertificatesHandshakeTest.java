package dev.tcptest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Certificates in real TLS handshakes over loopback, with the JDK's own sockets and checks: a
 * client that trusts the CA and verifies the host name as HTTPS does, a server that presents a
 * leaf and, for mutual TLS, asks for a client certificate.
 */
class CertificatesHandshakeTest {

    private static final int TIMEOUT_MILLIS = 10_000;
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @TempDir
    Path folder;

    /** What the server does with a connection once the handshake is done. */
    private interface Exchange {
        void on(SSLSocket socket) throws IOException;
    }

    /**
     * A TLS server for one connection: it handshakes, runs the exchange and reports the session,
     * or the handshake's failure.
     */
    private static final class OneConnectionServer implements AutoCloseable {

        final SSLServerSocket listener;
        final CompletableFuture<SSLSession> session = new CompletableFuture<>();
        private final Thread thread;

        OneConnectionServer(SSLContext context, boolean needClientAuth, Exchange exchange) throws IOException {
            listener = (SSLServerSocket) context.getServerSocketFactory().createServerSocket(0, 1, LOOPBACK);
            listener.setNeedClientAuth(needClientAuth);
            listener.setSoTimeout(TIMEOUT_MILLIS);
            thread = new Thread(() -> serve(exchange), "tls-test-server");
            thread.start();
        }

        private void serve(Exchange exchange) {
            try (SSLSocket socket = (SSLSocket) listener.accept()) {
                socket.setSoTimeout(TIMEOUT_MILLIS);
                socket.startHandshake();
                exchange.on(socket);
                session.complete(socket.getSession());
            } catch (IOException | RuntimeException e) {
                session.completeExceptionally(e);
            }
        }

        int port() {
            return listener.getLocalPort();
        }

        /** The server's failure, waiting for it with a deadline. */
        Throwable failure() throws Exception {
            try {
                session.get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                return e.getCause();
            }
            return fail("the server's handshake succeeded");
        }

        @Override
        public void close() throws Exception {
            listener.close();
            thread.join(TIMEOUT_MILLIS);
        }
    }

    /** Writes back one byte. */
    private static void echoOneByte(SSLSocket socket) throws IOException {
        socket.getOutputStream().write(socket.getInputStream().read());
        socket.getOutputStream().flush();
    }

    /** A client over loopback that checks the server's name as HTTPS does, naming it {@code host}. */
    private static SSLSocket connect(SSLContext context, int port, String host, String protocol) throws IOException {
        Socket plain = new Socket();
        plain.connect(new InetSocketAddress(LOOPBACK, port), TIMEOUT_MILLIS);
        plain.setSoTimeout(TIMEOUT_MILLIS);
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(plain, host, port, true);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        parameters.setProtocols(new String[] {protocol});
        socket.setSSLParameters(parameters);
        return socket;
    }

    /** Sends a byte and reads its echo, which a finished handshake allows. */
    private static void assertEchoes(SSLSocket client) throws IOException {
        client.getOutputStream().write('x');
        client.getOutputStream().flush();
        assertEquals('x', client.getInputStream().read());
    }

    private static <T extends Throwable> T cause(Throwable thrown, Class<T> type) {
        for (Throwable cause = thrown; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return type.cast(cause);
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " in the causes of " + thrown, thrown);
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
    void aClientTrustingTheCaAcceptsTheThrowawayLeafByEachOfItsNames(String protocol) throws Exception {
        Certificates certificates = Certificates.throwaway();
        for (String host : new String[] {"localhost", "127.0.0.1", "::1"}) {
            try (OneConnectionServer server = new OneConnectionServer(certificates.serverContext(null), false,
                    CertificatesHandshakeTest::echoOneByte);
                    SSLSocket client = connect(certificates.clientContext(), server.port(), host, protocol)) {
                assertEchoes(client);
                SSLSession session = client.getSession();
                assertEquals(protocol, session.getProtocol());
                assertTrue(session.getCipherSuite().startsWith(protocol.equals("TLSv1.2") ? "TLS_ECDHE_ECDSA_" : "TLS_AES_"),
                        session.getCipherSuite());
                assertEquals(CertificatesTest.leaf(certificates), session.getPeerCertificates()[0]);
                assertEquals(protocol, server.session.get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS).getProtocol());
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
    void aLeafForAnotherHostIsRejectedByTheHostNameCheck(String protocol) throws Exception {
        Certificates other = Certificates.forHosts("db.test", "10.9.9.9");
        for (String host : new String[] {"localhost", "127.0.0.1"}) {
            try (OneConnectionServer server = new OneConnectionServer(other.serverContext(null), false,
                    CertificatesHandshakeTest::echoOneByte);
                    SSLSocket client = connect(other.clientContext(), server.port(), host, protocol)) {
                SSLHandshakeException e = assertThrows(SSLHandshakeException.class, client::startHandshake);
                assertTrue(e.getMessage().contains(host), e.getMessage());
                server.failure();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
    void anExpiredOrNotYetValidLeafIsRejectedByTheValidityCheck(String protocol) throws Exception {
        Instant now = Instant.now();
        Certificates expired = Certificates.builder().validFrom(now.minus(Duration.ofDays(2)))
                .validUntil(now.minus(Duration.ofDays(1))).build();
        Certificates early = Certificates.builder().validFrom(now.plus(Duration.ofDays(1))).build();
        assertHandshakeFails(expired, protocol, CertificateExpiredException.class);
        assertHandshakeFails(early, protocol, CertificateNotYetValidException.class);
    }

    private static void assertHandshakeFails(Certificates presented, String protocol, Class<? extends Exception> reason)
            throws Exception {
        try (OneConnectionServer server = new OneConnectionServer(presented.serverContext(null), false,
                CertificatesHandshakeTest::echoOneByte);
                SSLSocket client = connect(presented.clientContext(), server.port(), "localhost", protocol)) {
            cause(assertThrows(SSLHandshakeException.class, client::startHandshake), reason);
            server.failure();
        }
    }

    @Test
    void aClientTrustingAnotherCaRejectsTheLeaf() throws Exception {
        // A chain of one is its own CA: a client trusting it trusts nothing the JVM's CA issued.
        SSLContext trustsAnother = chainOfOne(Certificates.forHosts("localhost")).clientContext();
        try (OneConnectionServer server = new OneConnectionServer(Certificates.throwaway().serverContext(null), false,
                CertificatesHandshakeTest::echoOneByte);
                SSLSocket client = connect(trustsAnother, server.port(), "localhost", "TLSv1.3")) {
            SSLHandshakeException e = assertThrows(SSLHandshakeException.class, client::startHandshake);
            assertTrue(e.getMessage().contains("PKIX path"), e.getMessage());
            server.failure();
        }
    }

    /** The same key and leaf, loaded without the CA: a chain of one, which is its own CA. */
    private Certificates chainOfOne(Certificates issued) throws Exception {
        KeyStore keys = issued.keyStore();
        String alias = keys.aliases().nextElement();
        KeyStore alone = KeyStore.getInstance("PKCS12");
        alone.load(null, null);
        alone.setKeyEntry(alias, keys.getKey(alias, new char[0]), "pw".toCharArray(),
                new X509Certificate[] {(X509Certificate) keys.getCertificate(alias)});
        Path file = folder.resolve("alone-" + System.nanoTime() + ".p12");
        try (var out = Files.newOutputStream(file)) {
            alone.store(out, "pw".toCharArray());
        }
        return Certificates.load(file, "pw");
    }

    @Test
    void aLeafLoadedAsAChainOfOneIsTrustedDirectly() throws Exception {
        Certificates alone = chainOfOne(Certificates.forHosts("localhost"));
        try (OneConnectionServer server = new OneConnectionServer(alone.serverContext(null), false,
                CertificatesHandshakeTest::echoOneByte);
                SSLSocket client = connect(alone.clientContext(), server.port(), "localhost", "TLSv1.3")) {
            assertEchoes(client);
            assertEquals(1, client.getSession().getPeerCertificates().length);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
    void mutualTlsAcceptsAClientCertificateFromTheTrustedCa(String protocol) throws Exception {
        Certificates server = Certificates.throwaway();
        Certificates client = Certificates.forHosts("client.test");
        try (OneConnectionServer listener = new OneConnectionServer(server.serverContext(client), true,
                CertificatesHandshakeTest::echoOneByte);
                SSLSocket socket = connect(server.clientContext(client), listener.port(), "localhost", protocol)) {
            assertEchoes(socket);
            SSLSession seen = listener.session.get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
            assertEquals("CN=client.test", ((X509Certificate) seen.getPeerCertificates()[0]).getSubjectX500Principal()
                    .getName());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
    void mutualTlsRejectsAClientWithoutACertificate(String protocol) throws Exception {
        Certificates server = Certificates.throwaway();
        try (OneConnectionServer listener = new OneConnectionServer(server.serverContext(server), true,
                CertificatesHandshakeTest::echoOneByte);
                SSLSocket socket = connect(server.clientContext(), listener.port(), "localhost", protocol)) {
            // In TLS 1.3 the client's handshake ends before the server has read its (empty)
            // certificate: the refusal arrives on the client's first read.
            int echoed;
            try {
                socket.getOutputStream().write('x');
                socket.getOutputStream().flush();
                echoed = socket.getInputStream().read();
            } catch (SSLException | SocketException e) {
                echoed = -1;
            }
            assertEquals(-1, echoed, "the server echoed to a client without a certificate");
            assertInstanceOf(SSLHandshakeException.class, listener.failure());
        }
    }

    @Test
    void httpsUrlConnectionAcceptsTheThrowawayLeafAndRejectsAnExpiredOrWrongHostOne() throws Exception {
        Certificates throwaway = Certificates.throwaway();
        assertEquals("ok", httpsGet(throwaway, throwaway.clientContext()));
        Instant now = Instant.now();
        Certificates expired = Certificates.builder().validFrom(now.minus(Duration.ofDays(2)))
                .validUntil(now.minus(Duration.ofDays(1))).build();
        cause(assertThrows(SSLHandshakeException.class, () -> httpsGet(expired, throwaway.clientContext())),
                CertificateExpiredException.class);
        SSLHandshakeException wrongHost = assertThrows(SSLHandshakeException.class,
                () -> httpsGet(Certificates.forHosts("db.test"), throwaway.clientContext()));
        assertTrue(wrongHost.getMessage().contains("127.0.0.1"), wrongHost.getMessage());
    }

    /** A GET of https://127.0.0.1 with the JDK's default host name check, served once with "ok". */
    private static String httpsGet(Certificates presented, SSLContext trust) throws Exception {
        try (OneConnectionServer server = new OneConnectionServer(presented.serverContext(null), false, socket -> {
            InputStream in = socket.getInputStream();
            // The request's head ends with an empty line.
            int lastFour = 0;
            int c;
            while (lastFour != 0x0d0a0d0a && (c = in.read()) >= 0) {
                lastFour = lastFour << 8 | c;
            }
            socket.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"
                    .getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
        })) {
            HttpsURLConnection connection = (HttpsURLConnection) new URL("https://127.0.0.1:" + server.port() + "/")
                    .openConnection();
            connection.setSSLSocketFactory(trust.getSocketFactory());
            connection.setConnectTimeout(TIMEOUT_MILLIS);
            connection.setReadTimeout(TIMEOUT_MILLIS);
            try (InputStream body = connection.getInputStream()) {
                assertEquals(HttpURLConnection.HTTP_OK, connection.getResponseCode());
                return new String(body.readAllBytes(), StandardCharsets.US_ASCII);
            } finally {
                connection.disconnect();
            }
        }
    }
}
