package dev.tcptest.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcptest.CloseReason;
import dev.tcptest.RecordedConnection;
import dev.tcptest.TcpServer;
import dev.tcptest.junit.WithTcpServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The JDK's {@code HttpClient}, which pools its HTTP/1.1 connections, against
 * {@code pooled-http.chat}: both GETs go out on one kept-alive connection, which the script keeps
 * open between them and, with {@code await-close}, until the client closes it.
 */
@WithTcpServer(script = "pooled-http.chat")
class PooledHttpIT {

    @Test
    void twoGetsShareOneConnectionThatTheClientCloses(TcpServer server) throws Exception {
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();

        HttpResponse<String> first = client.send(get(server, "/orders/1"), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> second = client.send(get(server, "/orders/2"), HttpResponse.BodyHandlers.ofString());

        assertEquals(200, first.statusCode());
        assertEquals("{\"id\":1}", first.body());
        assertEquals(200, second.statusCode());
        assertEquals("{\"id\":2}", second.body());

        RecordedConnection pooled = server.takeConnection(Duration.ofSeconds(5));
        assertNotNull(pooled, "no connection finished within 5 s");
        assertNull(pooled.error(), pooled::transcript);   // the script ran to its end
        assertEquals(CloseReason.CLOSED, pooled.closeReason(), pooled::transcript);
        assertTrue(pooled.receivedText().startsWith("GET /orders/1 HTTP/1.1\r\n"), pooled::transcript);
        assertTrue(pooled.receivedText().contains("\r\n\r\nGET /orders/2 HTTP/1.1\r\n"), pooled::transcript);
        // As a script, the connection ends as the client ended it: the server had not closed first.
        assertTrue(pooled.toScript().endsWith("# the client closed the connection\nawait-close\n"), pooled::toScript);
        assertEquals(1, server.acceptedCount(), "both requests came on the one connection");
    }

    private static HttpRequest get(TcpServer server, String path) {
        return HttpRequest.newBuilder(URI.create("http://" + server.host() + ":" + server.port() + path))
                .timeout(Duration.ofSeconds(5))
                .build();
    }
}
