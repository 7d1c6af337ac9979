package dev.tcptest.remote;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A client's whole conversation with a server in one call: connect, send, half-close, read to the end. */
final class Talk {

    private Talk() {
    }

    /**
     * Sends a text and reads what the server answers until it closes; every read is bounded.
     *
     * @param port the server's port on 127.0.0.1
     * @param text what to send
     * @return what the server sent back
     */
    static String talk(int port, String text) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
            socket.shutdownOutput();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
