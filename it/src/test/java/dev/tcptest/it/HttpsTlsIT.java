package dev.tcptest.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcptest.RecordedConnection;
import dev.tcptest.TcpServer;
import dev.tcptest.junit.WithTcpServer;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/**
 * The JDK's {@code HttpClient} posts the order of {@link HttpIT} over HTTPS: the server speaks TLS
 * from the first byte and plays the same {@code http.chat}. A client given the server's
 * {@code clientContext()} checks the certificate and the host name as in production; one with the
 * JDK's default trust rejects the throwaway certificate.
 */
class HttpsTlsIT {

    @Test
    @WithTcpServer(tls = true, script = "http.chat")
    void postsAnOrderOverHttps(TcpServer server) throws Exception {
        HttpClient client = client(HttpClient.newBuilder().sslContext(server.certificates().clientContext()));

        HttpResponse<String> response = client.send(postOrder(server), HttpResponse.BodyHandlers.ofString());

        assertEquals(201, response.statusCode());
        assertEquals(Optional.of("/orders/42"), response.headers().firstValue("Location"));
        assertEquals("{\"id\":42,\"status\":\"created\"}", response.body());
        assertEquals("TLSv1.3", response.sslSession().orElseThrow().getProtocol());

        RecordedConnection seen = TlsRecordings.finished(server);
        TlsRecordings.assertPlayedOverTls(seen);
        String request = seen.receivedText();   // decrypted: the request as the client wrote it
        assertTrue(request.startsWith("POST /orders HTTP/1.1\r\n"), request);
        assertTrue(request.endsWith("\r\n\r\n" + HttpIT.ORDER), request);
    }

    @Test
    @WithTcpServer(tls = true, script = "http.chat")
    void aClientWithTheDefaultTrustRejectsTheThrowawayCertificate(TcpServer server) throws Exception {
        HttpClient client = client(HttpClient.newBuilder());   // no sslContext: the JDK's default CAs only

        SSLHandshakeException rejected = assertThrows(SSLHandshakeException.class,
                () -> client.send(postOrder(server), HttpResponse.BodyHandlers.ofString()));

        assertTrue(String.valueOf(rejected.getMessage()).contains("PKIX path building failed"), rejected::toString);
        TlsRecordings.assertHandshakeFailed(TlsRecordings.finished(server));
    }

    private static HttpRequest postOrder(TcpServer server) {
        return HttpIT.postOrder("https://" + server.host() + ":" + server.port());
    }

    private static HttpClient client(HttpClient.Builder builder) {
        return builder
                .version(HttpClient.Version.HTTP_1_1)   // the script speaks HTTP/1.1; TLS offers no ALPN here
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }
}
