package dev.tcptest.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import javax.net.ServerSocketFactory;

/**
 * The echo server people write inside a test: a {@link java.net.ServerSocket}, an accept thread and one
 * platform thread per connection copying through an 8 KiB buffer. It is also the target behind
 * every proxy of the proxy scenario. Over an {@code SSLServerSocketFactory}'s listener it is the
 * TLS echo server people write: each connection's thread shakes hands at its first read.
 */
final class BlockingEchoServer implements EchoServer {

    static final String NAME = "blocking";

    private final ThreadPerConnection connections;

    BlockingEchoServer() {
        this(ServerSocketFactory.getDefault());
    }

    BlockingEchoServer(ServerSocketFactory sockets) {
        connections = new ThreadPerConnection("blocking", BlockingEchoServer::echo, sockets);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int start() throws IOException {
        return connections.start();
    }

    private static void echo(Socket socket) throws IOException {
        socket.setTcpNoDelay(true);
        InputStream in = socket.getInputStream();
        OutputStream out = socket.getOutputStream();
        byte[] buffer = new byte[8192];
        int n;
        while ((n = in.read(buffer)) >= 0) {
            out.write(buffer, 0, n);
        }
    }

    @Override
    public void stop() throws Exception {
        connections.stop();
    }

    @Override
    public long accepted() {
        return connections.accepted();
    }
}
