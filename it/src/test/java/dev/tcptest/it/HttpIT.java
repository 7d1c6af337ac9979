package dev.tcptest.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The JDK's {@code java.net.http.HttpClient} posts an order over HTTP/1.1 to the plugin's
 * {@code http} server, which plays {@code src/test/resources/http.chat}: it checks the request
 * line and the JSON body before it answers {@code 201 Created}.
 */
class HttpIT {

    @Test
    void postsAnOrderAndReadsTheCreatedResource() throws Exception {
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)   // no h2c upgrade headers: plain HTTP/1.1
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        HttpRequest request = postOrder("http://" + PluginServers.host("http") + ":" + PluginServers.port("http"));

        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());

        assertEquals(201, response.statusCode());
        assertEquals(HttpClient.Version.HTTP_1_1, response.version());
        assertEquals(Optional.of("/orders/42"), response.headers().firstValue("Location"));
        assertEquals("{\"id\":42,\"status\":\"created\"}", response.body());
    }

    /** The order {@code http.chat} expects, as JSON. */
    static final String ORDER = "{\"item\":\"book\",\"quantity\":1}";

    /** The POST of {@link #ORDER} that {@code http.chat} answers, to a server such as {@code http://127.0.0.1:8080}. */
    static HttpRequest postOrder(String server) {
        return HttpRequest.newBuilder(URI.create(server + "/orders"))
                .timeout(Duration.ofSeconds(5))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(ORDER))
                .build();
    }
}
