package dev.tcptest.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
 * <p>The client side is asserted here: the replies Jedis parsed. The server side is asserted by
 * the script: a line no rule matches, such as a command it does not know, is a handler error that
 * {@code stop-server} turns into a failed build.
 */
class RedisIT {

    @Test
    void pingsSetsAndGets() {
        try (Jedis jedis = new Jedis(new HostAndPort(PluginServers.host("redis"), PluginServers.port("redis")), clientConfig())) {
            assertEquals("PONG", jedis.ping());
            assertEquals("OK", jedis.set("greeting", "hello"));
            assertEquals("hello", jedis.get("greeting"));
        }
    }

    /**
     * Bounded timeouts, and no {@code CLIENT SETINFO} on connect: a real Redis takes it, the
     * script answers only the commands the test sends.
     */
    static JedisClientConfig clientConfig() {
        return DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(5000)
                .socketTimeoutMillis(5000)
                .clientSetInfoConfig(ClientSetInfoConfig.DISABLED)
                .build();
    }
}
