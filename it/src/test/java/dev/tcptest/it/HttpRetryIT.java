package dev.tcptest.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The JDK's {@code HttpClient} retries a GET whose kept-alive connection is reset. The plugin's
 * {@code keepalive} server plays {@code src/test/resources/keepalive-reset.chat}: it answers the
 * first request on each connection, then resets the connection when a second one arrives on it,
 * as a restarted server or a load balancer that dropped an idle connection does.
 *
 * <p>The second {@code send} goes out on the pooled connection, is reset, and the client sends it
 * again on a new connection, so both calls return the answer and the reset never reaches the
 * caller. That the reset really happened is on the server's side: {@link ServerTranscripts} reads
 * the transcripts under {@code target/tcptest/keepalive/} after {@code stop-server} and checks
 * both connections, the first ended {@code RESET} after two requests.
 */
class HttpRetryIT {

    @Test
    void retriesAGetWhoseKeptAliveConnectionIsReset() throws Exception {
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        HttpRequest status = HttpRequest.newBuilder(URI.create(
                        "http://" + PluginServers.host("keepalive") + ":" + PluginServers.port("keepalive") + "/status"))
                .timeout(Duration.ofSeconds(5))
                .build();

        HttpResponse<String> first = client.send(status, HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> afterTheReset = client.send(status, HttpResponse.BodyHandlers.ofString());

        assertEquals(200, first.statusCode());
        assertEquals("up", first.body());
        assertEquals(200, afterTheReset.statusCode());
        assertEquals("up", afterTheReset.body());
    }
}
