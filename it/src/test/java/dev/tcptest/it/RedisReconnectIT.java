package dev.tcptest.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tcptest.CloseReason;
import dev.tcptest.RecordedConnection;
import dev.tcptest.remote.RemoteTcpServer;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * A Jedis pool against the plugin's {@code redis-reconnect} server, which plays
 * {@code src/test/resources/redis-reconnect.chat}: its {@code [connection 1]} section resets the
 * first connection, its {@code [connection *]} section answers every other one with the rules it
 * includes from {@code redis-commands.chat}, which {@code redis.chat} shares. The pool must drop
 * the broken connection and open a new one.
 *
 * <p>No other test connects to this server: its first connection is this test's.
 */
class RedisReconnectIT {

    @Test
    void thePoolReplacesTheConnectionTheServerReset() throws Exception {
        RemoteTcpServer redis = PluginServers.remote("redis-reconnect");
        HostAndPort address = new HostAndPort(PluginServers.host("redis-reconnect"), PluginServers.port("redis-reconnect"));
        try (JedisPool pool = new JedisPool(address, RedisIT.clientConfig())) {
            assertThrows(JedisConnectionException.class, () -> {
                try (Jedis first = pool.getResource()) {
                    first.ping();
                }
            }, "the server resets the first connection");
            try (Jedis second = pool.getResource()) {
                assertEquals("PONG", second.ping(), "a new connection, answered");
                assertEquals("OK", second.set("greeting", "hello"));
            }
        }

        RecordedConnection reset = PluginServers.connectionAfter(redis, 0);
        assertEquals(1, reset.id(), reset::transcript);
        assertEquals(CloseReason.RESET, reset.closeReason(), reset::transcript);
        RecordedConnection answered = PluginServers.connectionAfter(redis, reset.id());
        assertNull(answered.error(), answered::transcript);
        assertEquals("*1\r\n$4\r\nPING\r\n*3\r\n$3\r\nSET\r\n$8\r\ngreeting\r\n$5\r\nhello\r\n", answered.receivedText(),
                answered::transcript);
    }
}
