package dev.tcptest;

import dev.tcptest.internal.Addresses;
import dev.tcptest.internal.Lifetime;
import dev.tcptest.internal.SocketErrors;
import dev.tcptest.internal.Threads;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;

/**
 * Forwards each accepted connection to a target server: one thread per direction, a half-close
 * passed on as a half-close, a reset passed on as a reset. What the client sent and received is
 * recorded on the accepted connection as usual.
 */
final class ProxyHandler implements AcceptHandler {

    static final int CONNECT_TIMEOUT_MILLIS = 10_000;
    private static final int BUFFER = 64 * 1024;

    private final String host;
    private final int port;
    private final int connectTimeoutMillis;

    ProxyHandler(String host, int port) {
        this(host, port, CONNECT_TIMEOUT_MILLIS);
    }

    ProxyHandler(String host, int port, int connectTimeoutMillis) {
        this.host = host;
        this.port = port;
        this.connectTimeoutMillis = connectTimeoutMillis;
    }

    @Override
    public void handle(Connection connection) throws Exception {
        Lifetime lifetime = Lifetime.of(connection);
        Socket target = new Socket();
        Forwarding forwarding = new Forwarding(connection, lifetime, target);
        // Whatever ends the client's connection (close, reset, server stop) also ends the target's,
        // from the connect on: a stop does not wait for a target that never accepts.
        Thread watcher = Threads.daemonThread("tcptest-proxy-" + connection.id() + "-watch", forwarding::watch);
        watcher.start();
        Thread downstream = null;
        try {
            if (!connect(connection, target, forwarding)) {
                return;
            }
            downstream = Threads.daemonThread("tcptest-proxy-" + connection.id() + "-down", forwarding::downstream);
            downstream.start();
            forwarding.upstream();
            downstream.join();
        } finally {
            forwarding.ending = true;
            watcher.interrupt();
            closeQuietly(target);
            if (downstream != null) {
                end(downstream);
            }
        }
        if (forwarding.failure != null) {
            throw forwarding.failure;
        }
    }

    /**
     * Connects to the target; on failure resets the client and throws what went wrong.
     *
     * @return false if the client's connection ended meanwhile, so there is nothing to forward
     */
    private boolean connect(Connection connection, Socket target, Forwarding forwarding) throws IOException {
        try {
            target.connect(new InetSocketAddress(host, port), connectTimeoutMillis);
            target.setTcpNoDelay(true);
            return true;
        } catch (IOException | IllegalArgumentException e) {
            closeQuietly(target);
            if (forwarding.ending) {
                // The connection ended while the connect waited (a server stop, a fault's cut), and
                // the end closed the socket: the connection ends as that decided.
                return false;
            }
            connection.reset();
            if (SocketErrors.isReset(e)) {
                // The target accepted and reset at once, which a timed connect reports as its own
                // failure: passed on as a reset, as it is once the relay runs.
                return false;
            }
            String why;
            if (e instanceof UnknownHostException) {
                why = "cannot resolve the target's host name '" + host + "'; check its spelling, or give an IP address.";
            } else if (e instanceof SocketTimeoutException) {
                why = "the target did not accept the connection within " + connectTimeoutMillis + " ms (" + e + "); is its"
                        + " listen queue full, its accepting paused, or the address one that drops connections?";
            } else {
                why = "cannot connect to the target (" + e + "); is it running and listening there?";
            }
            ConnectException failure = new ConnectException("proxy to " + target() + " on connection #" + connection.id()
                    + ": " + why + " The client was reset.");
            failure.initCause(e);
            throw failure;
        }
    }

    /**
     * Ends the relay thread when the handler leaves without it, as after a read timeout or a stop
     * that interrupted the handler: it may be waiting in a fault's delay, which closing the
     * target does not end, and no thread outlives its connection.
     */
    private static void end(Thread relay) {
        if (!relay.isAlive()) {
            return;
        }
        relay.interrupt();
        try {
            relay.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** {@code host:port}, an IPv6 literal in brackets so that the port stands apart. */
    private String target() {
        return Addresses.format(host, port);
    }

    @Override
    public String toString() {
        return "proxy(" + target() + ")";
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // Closing a failed socket: nothing left to release.
        }
    }

    private static void resetQuietly(Socket socket) {
        try {
            if (!socket.isClosed()) {
                socket.setSoLinger(true, 0);
            }
        } catch (IOException e) {
            // Already gone: nothing to reset.
        }
        closeQuietly(socket);
    }

    /** The state of one proxied connection, shared by its threads. */
    private static final class Forwarding {
        private final Connection client;
        private final Lifetime lifetime;
        private final Socket target;
        /** Set once the proxy ended one side on purpose: errors on the other side are expected. */
        private volatile boolean ending;
        private volatile Exception failure;

        Forwarding(Connection client, Lifetime lifetime, Socket target) {
            this.client = client;
            this.lifetime = lifetime;
            this.target = target;
        }

        /** Client to target, on the handler's thread. */
        void upstream() throws IOException {
            InputStream from = client.input();
            OutputStream to;
            try {
                to = target.getOutputStream();
            } catch (IOException e) {
                if (!ending) {
                    failure = e;
                }
                // Else the other side ended the connection first (a target's reset passed on, say)
                // and closed the target before this thread got to it.
                return;
            }
            byte[] buffer = new byte[BUFFER];
            while (true) {
                int n;
                try {
                    n = from.read(buffer);
                } catch (IOException e) {
                    if (ending) {
                        return;
                    }
                    ending = true;
                    resetQuietly(target);
                    if (SocketErrors.isReset(e)) {
                        return;   // the client's reset, passed on: the connection says CLIENT_RESET
                    }
                    throw e;
                }
                if (n < 0) {
                    finishUpstream();
                    return;
                }
                if (!forward(to, buffer, n)) {
                    return;
                }
            }
        }

        /** The client's FIN, passed on to the target. */
        private void finishUpstream() {
            try {
                if (!target.isClosed()) {
                    target.shutdownOutput();
                }
            } catch (IOException e) {
                // The target is gone; the downstream side sees it.
            }
        }

        /**
         * One write to the target; false once the target is gone. Under the lock: a write that
         * meets the target's reset takes the socket's error, and the downstream read then sees a
         * plain end of stream, which must not reach the client as a FIN before this side has
         * passed the reset on.
         */
        private synchronized boolean forward(OutputStream to, byte[] buffer, int n) throws IOException {
            try {
                to.write(buffer, 0, n);
                to.flush();
                return true;
            } catch (IOException e) {
                if (!ending) {
                    // The target reset or vanished while the client was still sending.
                    ending = true;
                    client.reset();
                }
                return false;
            }
        }

        /** Target to client, on its own thread. */
        void downstream() {
            try {
                InputStream from = target.getInputStream();
                OutputStream to = client.output();
                byte[] buffer = new byte[BUFFER];
                while (true) {
                    int n;
                    try {
                        n = from.read(buffer);
                    } catch (IOException e) {
                        if (!ending) {
                            // The target reset: the client gets a reset too.
                            ending = true;
                            client.reset();
                        }
                        return;
                    }
                    if (n < 0) {
                        boolean passOn;
                        synchronized (this) {
                            passOn = !ending;
                        }
                        // Outside the lock: a slow-close fault delays this half-close, and the
                        // upstream side must not wait for that delay to write to the target, nor
                        // sit unable to see a stop's interrupt.
                        if (passOn) {
                            client.shutdownOutput();
                        }
                        return;
                    }
                    try {
                        to.write(buffer, 0, n);
                        to.flush();
                    } catch (IOException e) {
                        if (!ending) {
                            // The client is gone; its reset shows on the upstream side.
                            ending = true;
                            resetQuietly(target);
                        }
                        return;
                    }
                }
            } catch (IOException | RuntimeException e) {
                if (!ending) {
                    failure = e;
                    ending = true;
                    resetQuietly(target);
                }
            }
        }

        /** Ends the target's connection once the client's has ended for any reason. */
        void watch() {
            try {
                lifetime.awaitEnd();
                ending = true;
                closeQuietly(target);
            } catch (InterruptedException e) {
                // The forwarding is over: nothing to watch.
            }
        }
    }
}
