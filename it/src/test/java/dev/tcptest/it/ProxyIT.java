package dev.tcptest.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcptest.CloseReason;
import dev.tcptest.RecordedConnection;
import dev.tcptest.remote.RemoteTcpServer;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/**
 * Jedis behind the fault proxy. The plugin's {@code slow-redis} server forwards to the
 * {@code redis} server (its {@code proxyTarget}) and delays every write to the client by
 * 200 ms ({@code faults} {@code latency=200ms}), the way a distant or congested network does.
 * The conversation still works, each reply just comes later.
 *
 * <p>Only lower bounds are asserted: a reply can be late for many reasons, it cannot be early.
 * Both servers' records show the whole conversation relayed, seen from each side of the proxy.
 */
class ProxyIT {

    private static final Duration LATENCY = Duration.ofMillis(200);   // as configured in it/pom.xml

    @Test
    void everyReplyThroughTheProxyIsDelayed() throws Exception {
        RemoteTcpServer proxy = PluginServers.remote("slow-redis");
        RemoteTcpServer redis = PluginServers.remote("redis");
        long proxiedBefore = proxy.acceptedCount();
        long redisBefore = redis.acceptedCount();
        try (Jedis jedis = new Jedis(new HostAndPort(PluginServers.host("slow-redis"), PluginServers.port("slow-redis")),
                RedisIT.clientConfig())) {
            long start = System.nanoTime();
            assertEquals("PONG", jedis.ping());
            long afterPing = System.nanoTime();
            assertEquals("OK", jedis.set("greeting", "hello"));
            assertEquals("hello", jedis.get("greeting"));
            long afterGet = System.nanoTime();

            assertTrue(Duration.ofNanos(afterPing - start).compareTo(LATENCY) >= 0,
                    "PING answered after " + Duration.ofNanos(afterPing - start) + ", sooner than the proxy's latency");
            assertTrue(Duration.ofNanos(afterGet - afterPing).compareTo(LATENCY.multipliedBy(2)) >= 0,
                    "SET and GET answered after " + Duration.ofNanos(afterGet - afterPing) + ", sooner than twice the latency");
        }

        RecordedConnection proxied = PluginServers.connectionAfter(proxy, proxiedBefore);
        assertEquals(RedisIT.PING_SET_GET, proxied.receivedText(), proxied::transcript);
        assertEquals("+PONG\r\n+OK\r\n$5\r\nhello\r\n", proxied.sentText(), proxied::transcript);
        assertEquals(CloseReason.CLIENT_RESET, proxied.closeReason(), proxied::transcript);   // Jedis closes with SO_LINGER 0
        RecordedConnection relayed = PluginServers.connectionAfter(redis, redisBefore);
        assertEquals(RedisIT.PING_SET_GET, relayed.receivedText(), relayed::transcript);
    }
}
