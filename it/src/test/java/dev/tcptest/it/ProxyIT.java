package dev.tcptest.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * {@link ServerTranscripts} checks, after {@code stop-server}, that the proxy relayed the whole
 * conversation; the {@code redis} script checks each command on its side.
 */
class ProxyIT {

    private static final Duration LATENCY = Duration.ofMillis(200);   // as configured in it/pom.xml

    @Test
    void everyReplyThroughTheProxyIsDelayed() {
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
    }
}
