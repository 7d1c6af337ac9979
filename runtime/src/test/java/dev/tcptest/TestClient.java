package dev.tcptest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;

/** A raw socket client for tests: every read is bounded by a timeout, so no test can hang. */
final class TestClient implements AutoCloseable {

    static final int TIMEOUT_MILLIS = 10_000;

    final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    TestClient(TcpServer server) throws IOException {
        this(server.port());
    }

    TestClient(int port) throws IOException {
        // An untimed connect returns when the handshake completes; a timed one polls afterwards
        // and can report a reset the server sent right after accepting as a connect failure.
        socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port));
        socket.setSoTimeout(TIMEOUT_MILLIS);
        socket.setTcpNoDelay(true);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    TestClient send(String text) throws IOException {
        return send(text.getBytes(StandardCharsets.UTF_8));
    }

    TestClient send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    /** Reads one line including its LF; the rest if the stream ends first. */
    String readLine() throws IOException {
        return readLine(in);
    }

    /**
     * One line of a stream including its LF, read a byte at a time: nothing after the line is
     * taken from the stream, so a TLS handshake that follows finds its bytes where it looks.
     */
    static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            line.write(b);
            if (b == '\n') {
                break;
            }
        }
        return line.toString(StandardCharsets.UTF_8);
    }

    /** Reads exactly n bytes, or fewer if the stream ends. */
    byte[] readBytes(int n) throws IOException {
        return in.readNBytes(n);
    }

    /** Reads until end of stream. */
    String readAll() throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    /**
     * Reads until end of stream, then shuts the output down too, so that the server's graceful
     * close sees the client's FIN at once instead of lingering for it.
     */
    String readToEnd() throws IOException {
        String all = readAll();
        if (!socket.isOutputShutdown()) {
            socket.shutdownOutput();
        }
        return all;
    }

    /** Reads until end of stream; "RESET" if the connection was reset instead. */
    String readToEndOrReset() throws IOException {
        try {
            return readAll();
        } catch (SocketException e) {
            if (String.valueOf(e.getMessage()).toLowerCase().contains("reset")) {
                return "RESET";
            }
            throw e;
        }
    }

    void shutdownOutput() throws IOException {
        socket.shutdownOutput();
    }

    InputStream input() {
        return in;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
