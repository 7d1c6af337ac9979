package dev.tcptest.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcptest.RecordedConnection;
import dev.tcptest.remote.RemoteTcpServer;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.ClientSetInfoConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * Timeouts, each shown with the client library's own exception: a connect timeout against a
 * server that listens but does not accept, and a read timeout against one that never answers.
 * The servers' side comes from the control endpoint: the paused server accepted nobody, the
 * silent one sent nothing.
 */
class TimeoutsIT {

    /**
     * The plugin's {@code saturated} server listens with backlog 1 and accepting paused, so the
     * kernel completes connects only while its queue has room: on Linux that is backlog + 1
     * connections. With the queue filled, the next SYN is dropped and the client's connect
     * timeout fires, as it does against a server too busy to accept.
     */
    @Test
    void connectTimesOutWhileTheListenQueueIsFull() throws Exception {
        InetSocketAddress saturated = new InetSocketAddress(PluginServers.host("saturated"), PluginServers.port("saturated"));
        try (Socket first = new Socket(); Socket second = new Socket()) {
            first.connect(saturated, 5000);    // queued, never accepted
            second.connect(saturated, 5000);   // queued: the queue is full now

            HttpClient client = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofMillis(500))
                    .build();
            HttpRequest request = HttpRequest.newBuilder(URI.create(
                    "http://" + saturated.getHostString() + ":" + saturated.getPort() + "/")).build();

            assertThrows(HttpConnectTimeoutException.class, () -> client.send(request, HttpResponse.BodyHandlers.ofString()));
        }
        assertEquals(0, PluginServers.remote("saturated").acceptedCount(), "connections wait in the backlog, unaccepted");
    }

    /**
     * The plugin's {@code silent} server accepts and then reads and writes nothing: Jedis's
     * socket timeout fires while it waits for the reply to PING.
     */
    @Test
    void readTimesOutWhenTheServerNeverAnswers() throws Exception {
        RemoteTcpServer silent = PluginServers.remote("silent");
        long before = silent.acceptedCount();
        DefaultJedisClientConfig config = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(5000)
                .socketTimeoutMillis(500)
                .clientSetInfoConfig(ClientSetInfoConfig.DISABLED)
                .build();
        try (Jedis jedis = new Jedis(new HostAndPort(PluginServers.host("silent"), PluginServers.port("silent")), config)) {
            JedisConnectionException thrown = assertThrows(JedisConnectionException.class, jedis::ping);

            assertInstanceOf(SocketTimeoutException.class, thrown.getCause());
            assertTrue(jedis.isBroken());
        }
        // It reads nothing, so it cannot tell that Jedis closed: the connection stays open, and silent.
        RecordedConnection seen = silent.connections().stream().filter(each -> each.id() > before).findFirst().orElseThrow();
        assertEquals(0, seen.sentCount(), seen::transcript);
    }
}
