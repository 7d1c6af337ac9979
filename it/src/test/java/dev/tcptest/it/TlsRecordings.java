package dev.tcptest.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcptest.CloseReason;
import dev.tcptest.RecordedConnection;
import dev.tcptest.TcpServer;
import java.time.Duration;
import javax.net.ssl.SSLException;

/**
 * The server's side of the TLS ITs: the connection a client opened, and what its recording says
 * about TLS. The recording holds the decrypted bytes, and the transcript's first line names the
 * protocol and the cipher suite.
 */
final class TlsRecordings {

    private TlsRecordings() {
    }

    /** The connection the test's client opened, once it finished. */
    static RecordedConnection finished(TcpServer server) throws InterruptedException {
        RecordedConnection seen = server.takeConnection(Duration.ofSeconds(5));
        assertNotNull(seen, "no connection finished within 5 s");
        return seen;
    }

    /**
     * Asserts that the script played to its end over TLS: no error, and a transcript naming
     * TLS 1.3, which a client and a server of the JDK agree on.
     *
     * @return the transcript's first line, for what else a test checks there
     */
    static String assertPlayedOverTls(RecordedConnection seen) {
        assertNull(seen.error(), seen::transcript);
        String header = seen.transcript().lines().findFirst().orElseThrow();
        assertTrue(header.contains(", TLS TLSv1.3 TLS_"), header);
        return header;
    }

    /** Asserts that the client gave up in the handshake: nothing was decrypted, nothing is the handler's fault. */
    static void assertHandshakeFailed(RecordedConnection seen) {
        assertEquals(CloseReason.TLS_HANDSHAKE_FAILED, seen.closeReason(), seen::transcript);
        assertTrue(seen.error() instanceof SSLException, seen::transcript);
        assertFalse(seen.isHandlerError());
        assertEquals(0, seen.receivedCount());
    }
}
