package dev.tcptest.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcptest.RecordedConnection;
import dev.tcptest.remote.RemoteTcpServer;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The JDK's {@code HttpClient} over HTTPS, with its default host name check, to the plugin's
 * {@code https} server: {@code <tls>true</tls>} and the same {@code http.chat} as {@link HttpIT}.
 * The client trusts the CA whose trust store the plugin exported as
 * {@code tcptest.https.truststore}; the server records the decrypted conversation.
 */
class HttpsIT {

    @Test
    void postsAnOrderOverTlsTrustingTheExportedTrustStore() throws Exception {
        RemoteTcpServer https = PluginServers.remote("https");
        long before = https.acceptedCount();
        HttpClient client = HttpClient.newBuilder()
                .sslContext(PluginServers.trusting("https"))
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        HttpResponse<String> response = client.send(HttpIT.postOrder("https://localhost:" + PluginServers.port("https")),
                HttpResponse.BodyHandlers.ofString());

        assertEquals(201, response.statusCode());
        assertEquals("{\"id\":42,\"status\":\"created\"}", response.body());
        RecordedConnection seen = PluginServers.connectionAfter(https, before);
        assertTrue(seen.receivedText().startsWith("POST /orders HTTP/1.1\r\n"), seen::transcript);
        assertTrue(seen.transcript().lines().findFirst().orElseThrow().contains(", TLS TLSv1."), seen::transcript);
    }
}
