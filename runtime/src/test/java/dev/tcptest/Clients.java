package dev.tcptest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Plain-socket client helpers shared by the runtime's tests. */
final class Clients {

    static final Duration WAIT = Duration.ofSeconds(10);

    private Clients() {
    }

    /**
     * A connected client with a read timeout, so a broken test fails instead of hanging. The
     * connect is untimed: it returns when the handshake completes, so a reset the server sends
     * right after accepting shows on the first read; a timed connect polls afterwards and can
     * report it as a connect failure. Use {@link #connect(InetSocketAddress, int)} where the
     * backlog may be full.
     */
    static Socket connect(TcpServer server) throws IOException {
        Socket socket = new Socket();
        socket.connect(server.address());
        socket.setSoTimeout(10_000);
        return socket;
    }

    static Socket connect(InetSocketAddress address, int timeoutMillis) throws IOException {
        Socket socket = new Socket();
        try {
            socket.connect(address, timeoutMillis);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
        socket.setSoTimeout(10_000);
        return socket;
    }

    static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int n;
        while ((n = in.read(buffer)) >= 0) {
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    static String readAllText(Socket socket) throws IOException {
        return new String(readAll(socket.getInputStream()), StandardCharsets.UTF_8);
    }

    static void send(Socket socket, String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
        socket.getOutputStream().flush();
    }

    static byte[] bytes(int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (i * 31 + (i >>> 8));
        }
        return bytes;
    }
}
