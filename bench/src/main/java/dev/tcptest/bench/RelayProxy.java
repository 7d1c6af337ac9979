package dev.tcptest.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * The relay people write inside a test: blocking sockets and two platform threads per connection,
 * each copying one direction through a 16 KiB buffer. A client's half-close is passed on as a
 * half-close, so that the echo's end comes back; an error on either side closes both.
 */
final class RelayProxy implements Proxy {

    static final String NAME = "relay";

    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;

    private final ThreadPerConnection connections = new ThreadPerConnection("relay", this::relay);
    private volatile int targetPort;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int start(int targetPort) throws IOException {
        this.targetPort = targetPort;
        return connections.start();
    }

    private void relay(Socket client) throws IOException {
        client.setTcpNoDelay(true);
        try (Socket target = new Socket()) {
            connections.track(target);
            try {
                target.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort),
                        CONNECT_TIMEOUT_MILLIS);
                target.setTcpNoDelay(true);
                Thread downstream = new Thread(() -> copy(target, client), "relay-down");
                downstream.setDaemon(true);
                downstream.start();
                copy(client, target);
                downstream.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                connections.untrack(target);
            }
        }
    }

    private static void copy(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
            }
            to.shutdownOutput();
        } catch (IOException e) {
            // A reset or a stop on either side: closing both ends the other direction's copy too.
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // Already failing: the connection is over either way.
        }
    }

    @Override
    public void stop() throws Exception {
        connections.stop();
    }
}
