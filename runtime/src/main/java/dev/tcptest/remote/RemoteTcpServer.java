package dev.tcptest.remote;

import dev.tcptest.RecordedConnection;
import dev.tcptest.TcpServer;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A {@link TcpServer} in another JVM, seen and steered through its {@link ControlEndpoint}: each
 * method is one HTTP call and does what the local method of the same name does.
 *
 * <pre>{@code
 * RemoteTcpServer smtp = RemoteServers.connect(url).server("smtp");
 * smtp.faults("latency=200ms");
 * client.send(mail);
 * RecordedConnection seen = smtp.takeConnection(Duration.ofSeconds(5));
 * assertEquals(CloseReason.CLOSED, seen.closeReason());
 * }</pre>
 *
 * <p>Bad input (a fault string, say) throws {@link IllegalArgumentException} with the endpoint's
 * message; a state that does not allow the call (a start that cannot bind, a pause of a stopped
 * server) and an endpoint that does not answer in time throw {@link IllegalStateException}.
 * Thread-safe.
 */
public final class RemoteTcpServer {

    private final ControlClient client;
    private final String id;
    private final String path;

    RemoteTcpServer(ControlClient client, String id) {
        this.client = client;
        this.id = id;
        this.path = "servers/" + id;
    }

    /** {@return the id the server is registered with at the endpoint} */
    public String id() {
        return id;
    }

    /**
     * {@return the bound IP literal to connect to, such as {@code 127.0.0.1}}
     *
     * @throws IllegalStateException before the server's first start
     */
    public String host() {
        return client.call("GET", path, null, server -> {
            String host = server.stringOrNull("host");
            if (host == null) {
                throw noAddress();
            }
            return host;
        });
    }

    /**
     * {@return the server's real bound port}
     *
     * @throws IllegalStateException before the server's first start
     */
    public int port() {
        return address().getPort();
    }

    /**
     * {@return the bound address and port, the socket address clients connect to}
     *
     * @throws IllegalStateException before the server's first start
     */
    public InetSocketAddress address() {
        return client.call("GET", path, null, server -> {
            String address = server.stringOrNull("address");
            if (address == null) {
                throw noAddress();
            }
            return Wire.socketAddress(address);
        });
    }

    private IllegalStateException noAddress() {
        return new IllegalStateException("tcptest server '" + id + "' has no address yet: call start() first");
    }

    /** {@return whether the server is listening} */
    public boolean isRunning() {
        return client.call("GET", path, null, server -> server.bool("running"));
    }

    /** {@return whether the server's accepting is paused} */
    public boolean isAcceptPaused() {
        return client.call("GET", path, null, server -> server.bool("acceptPaused"));
    }

    /** {@return how many connections the server accepted in all, across restarts} */
    public long acceptedCount() {
        return client.call("GET", path, null, server -> server.number("acceptedCount"));
    }

    /**
     * Stops accepting while the socket keeps listening, as {@link TcpServer#pauseAccepting()}: once
     * this returns, clients' connects queue in the backlog.
     *
     * @throws IllegalStateException if the server is not running
     */
    public void pauseAccepting() {
        post("pause");
    }

    /** Accepts again, as {@link TcpServer#resumeAccepting()}. */
    public void resumeAccepting() {
        post("resume");
    }

    /**
     * Puts faults between the handler and each connection accepted from now on, as
     * {@link TcpServer#faults(String)}.
     *
     * @param faults such as {@code "latency=50ms,reset-after=1KiB"}; blank or null removes them
     * @throws IllegalArgumentException with the parser's message if the string is invalid
     */
    public void faults(String faults) {
        client.call("PUT", path + "/faults", faults == null ? "" : faults, server -> null);
    }

    /** Removes the server's faults, those of its configuration too, for connections accepted from now on. */
    public void faults() {
        client.call("DELETE", path + "/faults", null, server -> null);
    }

    /**
     * The next finished connection in accept order, each returned once, as
     * {@link TcpServer#takeConnection(Duration)}; waits for it at most {@code timeout}, with the
     * call timeout on top for the answer to arrive.
     *
     * @param timeout how long the server waits, not negative
     * @return the connection, with {@link RecordedConnection#error()} a {@link RemoteError}, or null if none finished in time
     * @throws InterruptedException if interrupted while waiting
     */
    public RecordedConnection takeConnection(Duration timeout) throws InterruptedException {
        Objects.requireNonNull(timeout, "takeConnection(timeout): timeout must not be null; e.g. Duration.ofSeconds(5)");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("takeConnection timeout must not be negative, was " + timeout);
        }
        long millis = millisRoundedUp(timeout);
        return client.call("POST", path + "/connections/take?timeout=" + millis + "ms", null, Duration.ofMillis(millis),
                Wire::connection);
    }

    private static long millisRoundedUp(Duration timeout) {
        try {
            long millis = timeout.toMillis();
            return timeout.minusMillis(millis).isZero() ? millis : Math.addExact(millis, 1);
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    /** {@return a snapshot of the connections the server keeps, in accept order; open ones have no close reason} */
    public List<RecordedConnection> connections() {
        return client.call("GET", path + "/connections", null,
                answer -> answer.objects("connections").stream().map(Wire::connection).toList());
    }

    /** Forgets the connections recorded so far, with their handler errors, as {@link TcpServer#clearConnections()}. */
    public void clearConnections() {
        client.call("DELETE", path + "/connections", null, server -> null);
    }

    /** Stops the server gracefully, as {@link TcpServer#stop()}; a {@link #start()} binds the same port again. */
    public void stop() {
        post("stop");
    }

    /**
     * Starts the server, as {@link TcpServer#start()}; after a stop it binds the same port.
     *
     * @return this
     * @throws IllegalStateException with the bind failure's message if the port cannot be bound
     */
    public RemoteTcpServer start() {
        post("start");
        return this;
    }

    /** Stops the server abortively, resetting every open connection, as {@link TcpServer#abort()}. */
    public void abort() {
        post("abort");
    }

    private void post(String action) {
        client.call("POST", path + "/" + action, null, server -> null);
    }

    /** {@return the id and the endpoint's host and port, never its secret} */
    @Override
    public String toString() {
        return "RemoteTcpServer[" + id + " at " + client.where() + "]";
    }
}
