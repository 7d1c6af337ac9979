package dev.tcptest.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ServerSocketFactory;

/**
 * What the servers people write inside a test are made of: a {@link ServerSocket} on 127.0.0.1,
 * an accept thread, and one platform daemon thread per connection running a {@link Service}.
 * The stop closes the listener and every socket still open, so that no thread outlives it.
 */
final class ThreadPerConnection {

    /** What a connection's thread does; the socket is closed when it returns or throws. */
    interface Service {

        /**
         * Serves one accepted connection.
         *
         * @param socket the accepted socket
         * @throws IOException if the connection fails, which ends it quietly
         */
        void serve(Socket socket) throws IOException;
    }

    private final String threadName;
    private final Service service;
    private final ServerSocketFactory sockets;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicLong accepted = new AtomicLong();
    private ServerSocket listener;
    private Thread acceptor;

    ThreadPerConnection(String threadName, Service service) {
        this(threadName, service, ServerSocketFactory.getDefault());
    }

    /** The same over listeners of the factory's, such as an {@code SSLServerSocketFactory}'s for TLS. */
    ThreadPerConnection(String threadName, Service service, ServerSocketFactory sockets) {
        this.threadName = threadName;
        this.service = service;
        this.sockets = sockets;
    }

    /**
     * Binds an ephemeral port with the bench's backlog and starts accepting.
     *
     * @return the bound port
     * @throws IOException if it cannot listen
     */
    int start() throws IOException {
        accepted.set(0);
        listener = sockets.createServerSocket(0, EchoServer.BACKLOG, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::acceptLoop, threadName + "-acceptor");
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
            Thread worker = new Thread(() -> serve(socket), threadName + "-conn");
            worker.setDaemon(true);
            worker.start();
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            service.serve(socket);
        } catch (IOException e) {
            // The client reset or the server stopped: the connection is over either way.
        } finally {
            open.remove(socket);
        }
    }

    /**
     * Has the stop close this socket too, as a relay's connection to its target.
     *
     * @param socket a socket a connection's thread opened
     */
    void track(Socket socket) {
        open.add(socket);
    }

    /**
     * Forgets a socket given to {@link #track}, once its thread has closed it.
     *
     * @param socket the socket
     */
    void untrack(Socket socket) {
        open.remove(socket);
    }

    /**
     * Stops accepting and closes every open socket.
     *
     * @throws Exception if closing fails or the wait for the accept thread is interrupted
     */
    void stop() throws Exception {
        listener.close();
        acceptor.join(5_000);
        for (Socket socket : open) {
            socket.close();
        }
    }

    /**
     * How many connections were accepted since the start.
     *
     * @return the count
     */
    long accepted() {
        return accepted.get();
    }
}
