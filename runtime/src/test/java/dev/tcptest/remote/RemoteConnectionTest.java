package dev.tcptest.remote;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcptest.AcceptHandler;
import dev.tcptest.CloseReason;
import dev.tcptest.Handlers;
import dev.tcptest.RecordedConnection;
import dev.tcptest.TcpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A connection taken through the endpoint equals the local record: bytes, counts, times, reason, error, transcript, script. */
class RemoteConnectionTest {

    private ControlEndpoint endpoint;
    private RemoteServers remote;

    @BeforeEach
    void start() {
        endpoint = ControlEndpoint.start("127.0.0.1", 0);
        remote = RemoteServers.connect(endpoint.url());
    }

    @AfterEach
    void stop() {
        endpoint.close();
    }

    @Test
    void aConversationInTurns() throws Exception {
        AcceptHandler chat = connection -> {
            OutputStream out = connection.output();
            InputStream in = connection.input();
            out.write("220 ready\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            byte[] line = in.readNBytes(6);
            out.write(("250 " + new String(line, StandardCharsets.US_ASCII)).getBytes(StandardCharsets.US_ASCII));
            out.flush();
        };
        assertSameAsLocal(TcpServer.builder().handler(chat), "EHLO\r\n");
    }

    @Test
    void binaryBytes() throws Exception {
        byte[] binary = new byte[300];
        for (int i = 0; i < binary.length; i++) {
            binary[i] = (byte) i;
        }
        assertSameAsLocal(TcpServer.builder().handler(Handlers.respond(binary)), new String(binary, StandardCharsets.ISO_8859_1));
    }

    @Test
    void aTruncatedRecording() throws Exception {
        RecordedConnection seen = assertSameAsLocal(TcpServer.builder().recordingLimit(3), "truncated");
        assertTrue(seen.isTruncated());
        assertEquals("tru", seen.receivedText());
        assertEquals(9, seen.receivedCount());
    }

    @Test
    void aHandlersErrorIsARemoteErrorWithItsTypeAndMessage() throws Exception {
        AcceptHandler failing = connection -> {
            throw new IOException("disk \"full\"\nreally");
        };
        RecordedConnection seen = assertSameAsLocal(TcpServer.builder().handler(failing), "");
        RemoteError error = assertInstanceOf(RemoteError.class, seen.error());
        assertEquals("java.io.IOException", error.type());
        assertEquals("disk \"full\"\nreally", error.getMessage());
        assertEquals("java.io.IOException: disk \"full\"\nreally", error.toString());
        assertEquals(CloseReason.HANDLER_ERROR, seen.closeReason());
    }

    @Test
    void anErrorWithoutAMessageShowsItsTypeAlone() throws Exception {
        AcceptHandler failing = connection -> {
            throw new IllegalStateException();
        };
        RecordedConnection seen = assertSameAsLocal(TcpServer.builder().handler(failing), "");
        assertNull(seen.error().getMessage());
        assertEquals("java.lang.IllegalStateException", seen.error().toString());
    }

    @Test
    void aReset() throws Exception {
        RecordedConnection seen = assertSameAsLocal(TcpServer.builder().handler(Handlers.reset()), "");
        assertEquals(CloseReason.RESET, seen.closeReason());
    }

    @Test
    void aTlsConnectionKeepsItsProtocolAndCipherSuite() throws Exception {
        try (TcpServer server = TcpServer.builder().tls().start()) {
            endpoint.register("tls", server);
            try (Socket client = server.certificates().clientContext().getSocketFactory().createSocket("127.0.0.1", server.port())) {
                client.getOutputStream().write("ping".getBytes(StandardCharsets.US_ASCII));
                assertEquals("ping", new String(client.getInputStream().readNBytes(4), StandardCharsets.US_ASCII));
            }
            RecordedConnection seen = remote.server("tls").takeConnection(Duration.ofSeconds(10));
            assertTrue(seen.transcript().contains(", TLS TLSv1."), seen.transcript());
            assertEquals(server.connections().get(0).transcript(), seen.transcript());
        }
    }

    @Test
    void anOpenConnection() throws Exception {
        try (TcpServer server = TcpServer.builder().handler(Handlers.silent()).start(); Socket client = new Socket("127.0.0.1", server.port())) {
            endpoint.register("open", server);
            RemoteTcpServerTest.await(() -> server.connections().size() == 1, "the client is accepted");
            RecordedConnection seen = remote.server("open").connections().get(0);
            assertNull(seen.closeReason());
            assertNull(seen.closedAt());
            assertEquals(server.connections().get(0).transcript(), seen.transcript());
        }
    }

    /** Serves one client that sends {@code text} and reads to the end, then compares both records of it. */
    private RecordedConnection assertSameAsLocal(TcpServer.Builder builder, String text) throws Exception {
        try (TcpServer server = builder.start()) {
            endpoint.register("server", server);
            try {
                talkIgnoringAReset(server.port(), text);
                RecordedConnection seen = remote.server("server").takeConnection(Duration.ofSeconds(10));
                RecordedConnection local = server.connections().get(0);
                assertEquals(local.id(), seen.id());
                assertEquals(local.remoteAddress(), seen.remoteAddress());
                assertEquals(local.localAddress(), seen.localAddress());
                assertArrayEquals(local.received(), seen.received());
                assertArrayEquals(local.sent(), seen.sent());
                assertEquals(local.receivedText(), seen.receivedText());
                assertEquals(local.sentText(), seen.sentText());
                assertEquals(local.receivedCount(), seen.receivedCount());
                assertEquals(local.sentCount(), seen.sentCount());
                assertEquals(local.isTruncated(), seen.isTruncated());
                assertEquals(local.closeReason(), seen.closeReason());
                assertEquals(local.isHandlerError(), seen.isHandlerError());
                assertEquals(local.acceptedAt(), seen.acceptedAt());
                assertEquals(local.closedAt(), seen.closedAt());
                assertEquals(String.valueOf(local.error()), String.valueOf(seen.error()));
                assertEquals(local.transcript(), seen.transcript());
                assertEquals(local.toScript(), seen.toScript());
                assertEquals(local.toString(), seen.toString());
                return seen;
            } finally {
                endpoint.unregister("server");
            }
        }
    }

    private static void talkIgnoringAReset(int port, String text) throws IOException {
        try {
            Talk.talk(port, text);
        } catch (java.net.SocketException reset) {
            // The reset handler's answer.
        }
    }
}
