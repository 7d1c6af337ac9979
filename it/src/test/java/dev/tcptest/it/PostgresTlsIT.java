package dev.tcptest.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcptest.RecordedConnection;
import dev.tcptest.TcpServer;
import dev.tcptest.junit.WithTcpServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * pgjdbc connects with {@code sslmode=verify-full} to a plain server playing
 * {@code postgres-ssl.chat}: the script answers the driver's SSLRequest with {@code S}, upgrades the
 * connection with {@code starttls}, and plays enough of PostgreSQL's startup and simple-query
 * protocol for one {@code SELECT 1}. The driver checks the certificate against the CA it is given
 * as a PEM file, and the host name against the certificate, as it would against a real server.
 */
@WithTcpServer(script = "postgres-ssl.chat")
class PostgresTlsIT {

    /** PostgreSQL's SSLRequest: length 8, then the code 80877103. */
    private static final byte[] SSL_REQUEST = {0, 0, 0, 8, 0x04, (byte) 0xd2, 0x16, 0x2f};

    @Test
    void selectsOneOverTlsWithVerifyFull(TcpServer server, @TempDir Path folder) throws Exception {
        Path rootCertificate = Files.writeString(folder.resolve("root.crt"), server.certificates().caCertificatePem());
        String url = "jdbc:postgresql://" + server.host() + ":" + server.port() + "/orders";

        try (Connection connection = DriverManager.getConnection(url, settings(rootCertificate));
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT 1")) {
            assertTrue(result.next());
            assertEquals(1, result.getInt(1));
            assertFalse(result.next());
            assertEquals("16.4", connection.getMetaData().getDatabaseProductVersion());
        }

        RecordedConnection seen = TlsRecordings.finished(server);
        String header = TlsRecordings.assertPlayedOverTls(seen);
        assertTrue(header.endsWith(", upgraded after 8 bytes in and 1 out"), header);   // the SSLRequest and 'S' in clear
        byte[] received = seen.received();
        assertArrayEquals(SSL_REQUEST, Arrays.copyOf(received, SSL_REQUEST.length));
        String decrypted = new String(received, SSL_REQUEST.length, received.length - SSL_REQUEST.length,
                StandardCharsets.ISO_8859_1);
        assertTrue(decrypted.endsWith("Q\0\0\0\rSELECT 1\0X\0\0\0\4"), decrypted);
    }

    /** What a service sets for a database it must reach over verified TLS; timeouts in seconds. */
    private static Properties settings(Path rootCertificate) {
        Properties settings = new Properties();
        settings.setProperty("user", "app");
        settings.setProperty("sslmode", "verify-full");          // TLS, the CA checked, and the host name
        settings.setProperty("sslrootcert", rootCertificate.toString());
        settings.setProperty("ApplicationName", "orders-service");
        // The script answers the startup and one query: with a server version of 9.0 assumed the
        // driver sends its settings in the startup message instead of SET queries, and in the
        // simple query mode it sends SELECT 1 as one Query message.
        settings.setProperty("assumeMinServerVersion", "9.0");
        settings.setProperty("preferQueryMode", "simple");
        settings.setProperty("connectTimeout", "5");
        settings.setProperty("socketTimeout", "5");
        settings.setProperty("loginTimeout", "5");
        return settings;
    }
}
