package dev.tcptest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** A gibibyte echoed over TLS, with the recording and the heap bounded. Run by {@code -Pstress}. */
@Tag("stress")
class TlsStressTest {

    private static final long TOTAL = 1L << 30;
    private static final int CHUNK = 64 * 1024;

    @Test
    void aGibibyteEchoesOverTlsWithinTheRecordingLimit() throws Exception {
        byte[] pattern = Clients.bytes(CHUNK);
        try (TcpServer server = TcpServer.builder().tls().start();
                SSLSocket client = TlsClients.connect(server, server.certificates().clientContext(), "TLSv1.3")) {
            client.startHandshake();
            CompletableFuture<Void> writing = CompletableFuture.runAsync(() -> write(client, pattern));
            long read = readAndCheck(client.getInputStream(), pattern);
            writing.get(1, TimeUnit.MINUTES);
            assertEquals(TOTAL, read);

            RecordedConnection seen = server.takeConnection(Duration.ofMinutes(1));
            assertEquals(TOTAL, seen.receivedCount());
            assertEquals(TOTAL, seen.sentCount());
            assertEquals(1024 * 1024, seen.received().length, "the recording limit, not the gibibyte");
            assertArrayEquals(pattern, Arrays.copyOf(seen.received(), CHUNK), "decrypted bytes are recorded");
            assertEquals(CloseReason.CLOSED, seen.closeReason());
            Runtime runtime = Runtime.getRuntime();
            System.gc();
            long used = runtime.totalMemory() - runtime.freeMemory();
            assertTrue(used < 256L * 1024 * 1024, "heap in use: " + used / (1024 * 1024) + " MiB");
        }
    }

    /** Writes the pattern until the total, then half-closes: TLS 1.3's close_notify, then FIN. */
    private static void write(SSLSocket client, byte[] pattern) {
        try {
            OutputStream out = client.getOutputStream();
            for (long sent = 0; sent < TOTAL; sent += pattern.length) {
                out.write(pattern);
            }
            client.shutdownOutput();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Reads to the end, checking every byte against the pattern at its offset; returns the count. */
    private static long readAndCheck(InputStream in, byte[] pattern) throws IOException {
        byte[] buffer = new byte[CHUNK];
        long total = 0;
        int n;
        while ((n = in.read(buffer)) >= 0) {
            for (int i = 0; i < n; i++) {
                if (buffer[i] != pattern[(int) ((total + i) % pattern.length)]) {
                    throw new AssertionError("byte " + (total + i) + " differs from what was sent");
                }
            }
            total += n;
        }
        return total;
    }
}
