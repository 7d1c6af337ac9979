package dev.tcptest.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tcptest.RecordedConnection;
import dev.tcptest.remote.RemoteTcpServer;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.ClientSetInfoConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;

/**
 * Jedis talks RESP to the plugin's {@code redis} server, which answers with the {@code on} rules
 * of {@code src/test/resources/redis.chat}.
 *
 * <p>The client side is asserted through the replies Jedis parsed; the server side through the
 * control endpoint: what the server received, in order. The script checks each line as it comes:
 * a line no rule matches is a handler error that {@code stop-server} turns into a failed build.
 */
class RedisIT {

    /** What Jedis sends for PING, SET greeting hello and GET greeting, in RESP. */
    static final String PING_SET_GET = "*1\r\n$4\r\nPING\r\n"
            + "*3\r\n$3\r\nSET\r\n$8\r\ngreeting\r\n$5\r\nhello\r\n"
            + "*2\r\n$3\r\nGET\r\n$8\r\ngreeting\r\n";

    @Test
    void pingsSetsAndGets() throws Exception {
        RemoteTcpServer redis = PluginServers.remote("redis");
        long before = redis.acceptedCount();
        try (Jedis jedis = new Jedis(new HostAndPort(PluginServers.host("redis"), PluginServers.port("redis")), clientConfig())) {
            assertEquals("PONG", jedis.ping());
            assertEquals("OK", jedis.set("greeting", "hello"));
            assertEquals("hello", jedis.get("greeting"));
        }

        // The rules of redis.chat take each known line in any order: the order is checked here.
        RecordedConnection seen = PluginServers.connectionAfter(redis, before);
        assertEquals(PING_SET_GET, seen.receivedText(), seen::transcript);
    }

    /**
     * Bounded timeouts, and no {@code CLIENT SETINFO} on connect: a real Redis takes it, the
     * script answers only the commands the test sends.
     */
    static JedisClientConfig clientConfig() {
        return clientSettings().build();
    }

    /** The settings of {@link #clientConfig()}, for a test to add to. */
    static DefaultJedisClientConfig.Builder clientSettings() {
        return DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(5000)
                .socketTimeoutMillis(5000)
                .clientSetInfoConfig(ClientSetInfoConfig.DISABLED);
    }
}
