package dev.tcptest;

import static dev.tcptest.Clients.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;

/**
 * Faults on a TLS server act on the plaintext, between the handler and TLS, so they mean what
 * they say; a proxy without TLS forwards the TLS bytes as they are, and one with TLS terminates it.
 */
class TlsFaultsTest {

    @Test
    void latencyDelaysEachPlaintextWrite() throws Exception {
        try (TcpServer server = TcpServer.builder().tls().faults("latency=250ms").start();
                SSLSocket client = TlsClients.connect(server, server.certificates().clientContext(), "TLSv1.3")) {
            client.startHandshake();
            long start = System.nanoTime();
            Clients.send(client, "late\n");
            assertEquals("late\n", TlsClients.read(client, 5));
            assertTrue(System.nanoTime() - start >= Duration.ofMillis(250).toNanos(), "held back by the latency");
            client.close();
            RecordedConnection seen = server.takeConnection(WAIT);
            assertEquals("late\n", seen.sentText());
            assertEquals(CloseReason.CLOSED, seen.closeReason());
        }
    }

    @Test
    void resetAfterCountsPlaintextBytesAndResetsTheSocketBeneathTls() throws Exception {
        AcceptHandler handler = Handlers.respond("0123456789").with(Faults.resetAfter(4));
        try (TcpServer server = TcpServer.builder().tls().handler(handler).start();
                SSLSocket client = TlsClients.connect(server, server.certificates().clientContext(), "TLSv1.3")) {
            String seenByClient;
            try {
                seenByClient = TlsClients.read(client, 10);
            } catch (IOException reset) {
                // The RST may overtake the four bytes in the client's receive buffer.
                seenByClient = "RESET";
            }
            assertTrue(seenByClient.equals("0123") || seenByClient.equals("RESET"), seenByClient);
            RecordedConnection seen = server.takeConnection(WAIT);
            assertEquals("0123", seen.sentText(), "four plaintext bytes, however large their TLS record");
            assertEquals(CloseReason.RESET, seen.closeReason());
            assertNull(seen.error());
        }
    }

    @Test
    void aPlainProxyForwardsTlsBytesUnchanged() throws Exception {
        try (TcpServer target = TcpServer.builder().tls().start();
                TcpServer proxy = TcpServer.builder().handler(Handlers.proxy(target.host(), target.port())).start()) {
            // The client trusts the target's CA and checks its name, through the proxy's address.
            try (SSLSocket client = TlsClients.connect(proxy, target.certificates().clientContext(), "TLSv1.3")) {
                Clients.send(client, "through the proxy\n");
                assertEquals("through the proxy\n", TlsClients.read(client, 18));
            }
            RecordedConnection atTarget = target.takeConnection(WAIT);
            assertEquals("through the proxy\n", atTarget.receivedText());
            RecordedConnection atProxy = proxy.takeConnection(WAIT);
            assertEquals(0x16, atProxy.received()[0], "a TLS handshake record, as the client sent it");
            assertFalse(atProxy.receivedText().contains("through the proxy"), "the proxy saw only ciphertext");
            assertNull(atProxy.transcript().lines().findFirst().filter(header -> header.contains(", TLS ")).orElse(null));
        }
    }

    @Test
    void aTlsProxyTerminatesTlsAndForwardsPlaintext() throws Exception {
        try (TcpServer target = TcpServer.builder().start();
                TcpServer proxy = TcpServer.builder().tls().handler(Handlers.proxy(target.host(), target.port())).start()) {
            try (SSLSocket client = TlsClients.connect(proxy, proxy.certificates().clientContext(), "TLSv1.3")) {
                Clients.send(client, "in clear behind\n");
                assertEquals("in clear behind\n", TlsClients.read(client, 16));
            }
            assertEquals("in clear behind\n", target.takeConnection(WAIT).receivedText());
            assertEquals("in clear behind\n", new String(proxy.takeConnection(WAIT).received(), StandardCharsets.UTF_8));
        }
    }
}
