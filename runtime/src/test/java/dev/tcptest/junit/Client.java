package dev.tcptest.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tcptest.TcpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A minimal blocking client for the subjects: send, half-close, read until the server closes. */
final class Client {

    private static final int TIMEOUT_MILLIS = 30_000;

    private Client() {
    }

    /** Sends the text, shuts down output and returns everything the server sent back. */
    static String exchange(TcpServer server, String text) throws IOException {
        try (Socket socket = new Socket(server.host(), server.port())) {
            socket.setSoTimeout(TIMEOUT_MILLIS);
            socket.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
            socket.shutdownOutput();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Asserts that the server is running and echoes. */
    static void assertEchoes(TcpServer server) throws IOException {
        assertEquals("ping " + server.port() + "\n", exchange(server, "ping " + server.port() + "\n"), "echo from " + server);
    }
}
