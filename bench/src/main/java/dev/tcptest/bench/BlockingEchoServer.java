package dev.tcptest.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The echo server people write inside a test: a {@link ServerSocket}, an accept thread and one
 * platform thread per connection copying through an 8 KiB buffer.
 */
final class BlockingEchoServer implements EchoServer {

    static final String NAME = "blocking";

    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicLong accepted = new AtomicLong();
    private ServerSocket listener;
    private Thread acceptor;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int start() throws IOException {
        accepted.set(0);
        listener = new ServerSocket(0, BACKLOG, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::acceptLoop, "blocking-acceptor");
        acceptor.setDaemon(true);
        acceptor.start();
        return listener.getLocalPort();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            Socket socket;
            try {
                socket = listener.accept();
            } catch (IOException e) {
                return;
            }
            accepted.incrementAndGet();
            open.add(socket);
            Thread worker = new Thread(() -> echo(socket), "blocking-conn");
            worker.setDaemon(true);
            worker.start();
        }
    }

    private void echo(Socket socket) {
        try (socket) {
            socket.setTcpNoDelay(true);
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            byte[] buffer = new byte[8192];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
            }
        } catch (IOException e) {
            // The client reset or the server stopped: the connection is over either way.
        } finally {
            open.remove(socket);
        }
    }

    @Override
    public void stop() throws Exception {
        listener.close();
        acceptor.join(5_000);
        for (Socket socket : open) {
            socket.close();
        }
    }

    @Override
    public long accepted() {
        return accepted.get();
    }
}
