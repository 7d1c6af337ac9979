package dev.tcptest.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcptest.Handlers;
import dev.tcptest.RecordedConnection;
import dev.tcptest.TcpServer;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/**
 * Records a conversation of Jedis through a proxy and replays it as a script: the proxy stands in
 * front of a Redis server ({@code redis.chat}, where a build would have a real one), its recorded
 * connection becomes a script file with {@link RecordedConnection#toScript()}, and a server that
 * plays that file gives the same client the same answers, with no Redis server behind it.
 */
class RecordReplayIT {

    @Test
    void aRecordedConversationReplaysToTheSameClient(@TempDir Path folder) throws Exception {
        URL redisScript = RecordReplayIT.class.getResource("/redis.chat");
        assertNotNull(redisScript, "redis.chat is not on the test class path");
        Path recorded = folder.resolve("redis-ping-set-get.chat");
        RecordedConnection original;
        try (TcpServer redis = TcpServer.builder().name("redis").handler(Handlers.script(redisScript)).start();
                TcpServer proxy = TcpServer.builder().name("proxy").handler(Handlers.proxy(redis.host(), redis.port())).start()) {
            assertEquals(List.of("PONG", "OK", "hello"), pingSetGet(proxy));
            original = proxy.takeConnection(Duration.ofSeconds(5));
            assertNotNull(original, "no connection through the proxy finished within 5 s");
            assertEquals(0, redis.handlerErrorCount(), redis.connections()::toString);
            Files.writeString(recorded, original.toScript());
        }

        String script = Files.readString(recorded);
        assertTrue(script.contains("expect exactly \"PING\\r\\n\"\n"), script);   // what the client sent, byte for byte
        assertTrue(script.contains("send \"+PONG\\r\\n\"\n"), script);           // what the server answered
        try (TcpServer replay = TcpServer.builder().name("replay").handler(Handlers.script(recorded)).start()) {
            assertEquals(List.of("PONG", "OK", "hello"), pingSetGet(replay), script);
            RecordedConnection replayed = replay.takeConnection(Duration.ofSeconds(5));
            assertNotNull(replayed, "no replayed connection finished within 5 s");
            assertNull(replayed.error(), replayed::transcript);   // the client sent every byte it did before
            assertEquals(original.receivedText(), replayed.receivedText(), replayed::transcript);
            assertEquals(original.sentText(), replayed.sentText(), replayed::transcript);
            assertEquals(0, replay.handlerErrorCount(), script);
        }
    }

    /** The client's conversation: what Jedis answers to a PING, a SET and a GET. */
    private static List<String> pingSetGet(TcpServer server) {
        try (Jedis jedis = new Jedis(new HostAndPort(server.host(), server.port()), RedisIT.clientConfig())) {
            return List.of(jedis.ping(), jedis.set("greeting", "hello"), jedis.get("greeting"));
        }
    }
}
