package dev.tcptest.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tcptest.RecordedConnection;
import dev.tcptest.TcpServer;
import dev.tcptest.junit.WithTcpServer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.SslOptions;
import redis.clients.jedis.SslVerifyMode;

/**
 * Jedis talks RESP over TLS, as to a {@code rediss://} server, to a server that speaks TLS from
 * the first byte and plays the {@code redis.chat} of {@link RedisIT}. Jedis reads the server's CA
 * from a trust store file, as it would a production one, and checks the host name.
 */
@WithTcpServer(tls = true, script = "redis.chat")
class RedisTlsIT {

    @Test
    void pingsSetsAndGetsOverTls(TcpServer server, @TempDir Path folder) throws Exception {
        Path trustStore = folder.resolve("truststore.p12");
        server.certificates().writeTrustStore(trustStore, "changeit");

        try (Jedis jedis = new Jedis(new HostAndPort(server.host(), server.port()), clientConfig(trustStore))) {
            assertEquals("PONG", jedis.ping());
            assertEquals("OK", jedis.set("greeting", "hello"));
            assertEquals("hello", jedis.get("greeting"));
        }

        RecordedConnection seen = TlsRecordings.finished(server);
        TlsRecordings.assertPlayedOverTls(seen);
        assertEquals(RedisIT.PING_SET_GET, seen.receivedText(), seen::transcript);   // decrypted, in order
    }

    /** The settings of {@link RedisIT}, with TLS trusting this trust store and checking the host name. */
    private static JedisClientConfig clientConfig(Path trustStore) {
        SslOptions tls = SslOptions.builder()
                .truststore(trustStore.toFile(), "changeit".toCharArray())
                .trustStoreType("PKCS12")
                .sslVerifyMode(SslVerifyMode.FULL)   // the CA, and the certificate must name 127.0.0.1
                .build();
        return RedisIT.clientSettings().sslOptions(tls).build();
    }
}
