package dev.tcptest;

import static dev.tcptest.Clients.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;

/**
 * How a TLS server reads its clients' records: many at once when they queue up, and a client's
 * end of input, with or without its close_notify, ending only the client's half.
 */
class TlsStreamTest {

    @Test
    void recordsThatQueueUpAreEachReadAndEchoedInOrder() throws Exception {
        try (TcpServer server = TcpServer.builder().tls().start();
                SSLSocket client = TlsClients.connect(server, server.certificates().clientContext(), "TLSv1.3")) {
            StringBuilder sent = new StringBuilder();
            OutputStream out = client.getOutputStream();
            for (int i = 0; i < 500; i++) {
                String line = "record " + i + "\n";
                out.write(line.getBytes(StandardCharsets.UTF_8)); // one TLS record per write
                sent.append(line);
            }
            assertEquals(sent.toString(), TlsClients.read(client, sent.length()));
            client.close();
            RecordedConnection seen = server.takeConnection(WAIT);
            assertEquals(sent.toString(), seen.receivedText());
            assertEquals(sent.toString(), seen.sentText());
        }
    }

    @Test
    void aClientThatEndsItsOutputWithoutCloseNotifyStillGetsTheAnswerWrittenAfter() throws Exception {
        AcceptHandler answerAtTheEnd = connection -> {
            byte[] all = connection.input().readAllBytes();
            connection.output().write(("got " + all.length + " bytes\n").getBytes(StandardCharsets.UTF_8));
        };
        try (TcpServer server = TcpServer.builder().tls().handler(answerAtTheEnd).start();
                Socket plain = Clients.connect(server);
                SSLSocket client = TlsClients.layer(plain, server.certificates().clientContext(), server, "TLSv1.3")) {
            client.getOutputStream().write("12345".getBytes(StandardCharsets.UTF_8));
            client.getOutputStream().flush();
            plain.shutdownOutput(); // a FIN beneath TLS, no close_notify
            InputStream in = client.getInputStream();
            assertEquals("got 5 bytes\n", TestClient.readLine(in));
            RecordedConnection seen = server.takeConnection(WAIT);
            assertEquals("12345", seen.receivedText());
            assertEquals("got 5 bytes\n", seen.sentText());
            assertEquals(CloseReason.CLOSED, seen.closeReason());
        }
    }
}
