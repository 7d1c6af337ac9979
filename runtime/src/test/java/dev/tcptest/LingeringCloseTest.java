package dev.tcptest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Why the server closes the way it does. On Linux, close() on a socket with unread input sends
 * RST instead of FIN, and the RST throws away whatever of the response is still in flight. The
 * server's graceful close shuts down output first and drains the unread input, so the whole
 * response arrives.
 */
class LingeringCloseTest {

    private static final int RESPONSE_SIZE = 8 * 1024 * 1024;

    @Test
    void aPlainCloseWithUnreadInputResetsTheConnectionAndDestroysTheResponseInFlight() throws Exception {
        byte[] response = Clients.bytes(RESPONSE_SIZE);
        try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Void> served = CompletableFuture.runAsync(() -> {
                try (Socket accepted = listener.accept()) {
                    accepted.getOutputStream().write(response);
                    // Returning closes the socket while the client's request sits unread.
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            try (Socket client = new Socket(listener.getInetAddress(), listener.getLocalPort())) {
                client.setSoTimeout(10_000);
                Clients.send(client, "a request the server never reads");
                SlowRead result = readSlowly(client.getInputStream());
                served.get();
                assertNotNull(result.failure, "the client saw a reset instead of end of stream");
                assertTrue(result.failure.getMessage().contains("reset"), result.failure.getMessage());
                assertTrue(result.bytes < RESPONSE_SIZE,
                        "the reset destroyed part of the response: " + result.bytes + " of " + RESPONSE_SIZE + " bytes");
            }
        }
    }

    @Test
    void theServersGracefulCloseDeliversTheWholeResponseDespiteUnreadInput() throws Exception {
        byte[] response = Clients.bytes(RESPONSE_SIZE);
        try (TcpServer server = TcpServer.builder().handler(Handlers.respond(response)).start();
                Socket client = Clients.connect(server)) {
            Clients.send(client, "a request the server never reads");
            SlowRead result = readSlowly(client.getInputStream());
            assertTrue(result.failure == null, () -> "no reset: " + result.failure);
            assertTrue(result.bytes == RESPONSE_SIZE, "every byte arrived: " + result.bytes);
            client.close();
            RecordedConnection connection = server.takeConnection(Clients.WAIT);
            assertEquals(RESPONSE_SIZE, connection.sentCount());
            assertEquals(CloseReason.CLOSED, connection.closeReason());
        }
    }

    @Test
    void aCloseAfterTheClientsFinDeliversTheWholeResponseWithoutADrain() throws Exception {
        byte[] response = Clients.bytes(RESPONSE_SIZE);
        AcceptHandler answerAfterTheRequest = connection -> {
            connection.input().readAllBytes();
            connection.output().write(response);
        };
        try (TcpServer server = TcpServer.builder().handler(answerAfterTheRequest).start();
                Socket client = Clients.connect(server)) {
            Clients.send(client, "the whole request");
            client.shutdownOutput();
            SlowRead result = readSlowly(client.getInputStream());
            assertTrue(result.failure == null, () -> "no reset: " + result.failure);
            assertEquals(RESPONSE_SIZE, result.bytes, "every byte arrived, then end of stream");
            RecordedConnection connection = server.takeConnection(Clients.WAIT);
            assertEquals("the whole request", connection.receivedText());
            assertEquals(CloseReason.CLOSED, connection.closeReason());
        }
    }

    /** Reads with small pauses, so that the response is still in flight when the server closes. */
    private static SlowRead readSlowly(InputStream in) throws InterruptedException {
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        try {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                total += n;
                Thread.sleep(2);
            }
            return new SlowRead(total, null);
        } catch (SocketException e) {
            return new SlowRead(total, e);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private record SlowRead(long bytes, SocketException failure) {
    }

    @Test
    void aClientThatStaysOpenDoesNotHoldBackTakeConnection() throws Exception {
        // A pooled client keeps its socket after the answer: the server's closing drain would wait
        // two seconds for its FIN, but the conversation, and so the record, is over before that.
        try (TcpServer server = TcpServer.builder().handler(Handlers.respond("hello")).start();
                Socket pooled = Clients.connect(server)) {
            Clients.send(pooled, "GET");
            assertEquals("hello", new String(pooled.getInputStream().readNBytes(5), StandardCharsets.UTF_8));
            RecordedConnection seen = server.takeConnection(Duration.ofSeconds(1));
            assertNotNull(seen, "handed out while the client still holds its socket");
            assertEquals(CloseReason.CLOSED, seen.closeReason());
            assertEquals("GET", seen.receivedText(), "what the client sent before going quiet is recorded");
        }
    }
}
