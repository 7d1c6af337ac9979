package dev.tcptest.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tcptest.RecordedConnection;
import dev.tcptest.TcpServer;
import dev.tcptest.junit.WithTcpServer;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;

/**
 * Jedis talks RESP over TLS, as to a {@code rediss://} server, to a server that speaks TLS from
 * the first byte and plays the {@code redis.chat} of {@link RedisIT}. Jedis trusts the server's CA
 * through its socket factory and checks the host name.
 */
@WithTcpServer(tls = true, script = "redis.chat")
class RedisTlsIT {

    @Test
    void pingsSetsAndGetsOverTls(TcpServer server) throws Exception {
        try (Jedis jedis = new Jedis(new HostAndPort(server.host(), server.port()), clientConfig(server))) {
            assertEquals("PONG", jedis.ping());
            assertEquals("OK", jedis.set("greeting", "hello"));
            assertEquals("hello", jedis.get("greeting"));
        }

        RecordedConnection seen = TlsRecordings.finished(server);
        TlsRecordings.assertPlayedOverTls(seen);
        assertEquals(RedisIT.PING_SET_GET, seen.receivedText(), seen::transcript);   // decrypted, in order
    }

    /** The settings of {@link RedisIT}, with TLS trusting the server's CA and checking its name. */
    private static JedisClientConfig clientConfig(TcpServer server) {
        SSLParameters checkHostName = new SSLParameters();
        checkHostName.setEndpointIdentificationAlgorithm("HTTPS");   // the certificate must name 127.0.0.1
        return RedisIT.clientSettings()
                .ssl(true)
                .sslSocketFactory(server.certificates().clientContext().getSocketFactory())
                .sslParameters(checkHostName)
                .build();
    }
}
