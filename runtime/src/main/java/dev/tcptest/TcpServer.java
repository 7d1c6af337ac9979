package dev.tcptest;

import dev.tcptest.internal.Addresses;
import dev.tcptest.internal.Engine;
import dev.tcptest.internal.ServerConfig;
import dev.tcptest.internal.ServerTls;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * A real TCP server inside the test's JVM: it binds, listens with a chosen backlog, accepts each
 * client on a new socket and serves it with an {@link AcceptHandler}, recording every byte.
 *
 * <pre>{@code
 * try (TcpServer server = TcpServer.builder()
 *         .backlog(1)
 *         .handler(Handlers.respond("220 ready\r\n"))
 *         .start()) {
 *     MyClient client = new MyClient("127.0.0.1", server.port());
 *     ...
 *     RecordedConnection seen = server.takeConnection(Duration.ofSeconds(5));
 * }
 * }</pre>
 *
 * <p>{@link #start()} returns once the socket is listening, so a client's connect cannot race it.
 * {@link #pauseAccepting()} stops calling {@code accept()} while the socket keeps listening: the
 * kernel completes further handshakes into the backlog queue until it is full, and after that
 * clients' connects stall and time out, which is what a saturated server looks like to a client.
 *
 * <p>All methods are thread-safe. Each connection is served on a daemon platform thread of a pool
 * the run owns and ends at its stop; no thread keeps a JVM alive, but a server that is never
 * stopped keeps its port until the JVM exits.
 */
public final class TcpServer implements AutoCloseable {

    private final Engine engine;
    private final String name;
    // Null for the JVM's throwaway ones, made only when first needed.
    private final Certificates certificates;
    private final boolean tls;

    private TcpServer(Builder b) {
        this.name = b.name;
        this.certificates = b.certificates;
        this.tls = b.tls;
        ServerTls serverTls = new ServerTls(tls, b.clientIssuer != null, () -> certificates().serverContext(b.clientIssuer));
        this.engine = new Engine(new ServerConfig(name, b.bindAddress, b.port, b.backlog, b.readTimeout, b.maxConnections,
                b.acceptPaused, b.shutdownTimeout, b.recordingLimit, b.retainedConnections, b.retainedBytes, b.listener,
                b.faults, serverTls), b.handler, Handlers.launchOf(b.handler), RecordedConnection::of);
    }

    /** {@return a new builder with the defaults: 127.0.0.1, an ephemeral port, backlog 50, the echo handler} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Binds and listens; returns once a client can connect. Does nothing if already running. After
     * {@link #stop()} it binds the same port again, so a client's reconnect logic can be tested;
     * while another thread's stop is under way it waits for that stop to end first.
     *
     * @return this server
     * @throws BindFailedException if the address cannot be bound, saying why and the fix
     * @throws UncheckedIOException if the server cannot start for another reason
     * @throws IllegalStateException if called by a handler while another thread's stop waits for that handler
     */
    public TcpServer start() {
        try {
            engine.start();
        } catch (IOException e) {
            throw new UncheckedIOException("tcptest server '" + name + "': " + e.getMessage(), e);
        }
        return this;
    }

    /**
     * Stops gracefully: closes the listening socket, lets running handlers finish (blocked reads
     * see end of stream at once), and closes what is left when the shutdown timeout, within which
     * it returns, runs out. A stop or {@link #start()} during another thread's stop waits for it to
     * end, so that no connection of the stopped run is open then; a handler may stop its own
     * server, which does not wait for that handler. An interrupt does not cut the wait short.
     */
    public void stop() {
        engine.stop();
    }

    /** Same as {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    /**
     * Stops abortively: closes the listening socket and resets (RST) every open connection, also
     * those another thread's {@link #stop()} still waits for (recorded as {@code SERVER_ABORTED}).
     */
    public void abort() {
        engine.abort();
    }

    /** {@return whether the server is listening: true between {@link #start()} and {@link #stop()}} */
    public boolean isRunning() {
        return engine.isRunning();
    }

    /** {@return the bound IP literal, such as {@code 127.0.0.1}, never a host name}; before {@link #start()} it throws. */
    public String host() {
        return Addresses.host(address().getAddress());
    }

    /** {@return the real bound port}, also after {@link #stop()}; before the first {@link #start()} it throws. */
    public int port() {
        return address().getPort();
    }

    /** {@return the bound address and port that clients connect to}; before {@link #start()} it throws. */
    public InetSocketAddress address() {
        InetSocketAddress address = engine.address();
        if (address == null) {
            throw new IllegalStateException("tcptest server '" + name + "' has no address yet: call start() first");
        }
        return address;
    }

    /** {@return the server's name, as given to {@link Builder#name(String)}} */
    public String name() {
        return name;
    }

    /** {@return the certificates the server presents, never null: by default {@link Certificates#throwaway()}} */
    public Certificates certificates() {
        return certificates != null ? certificates : Certificates.throwaway();
    }

    /** {@return whether every connection speaks TLS from its first byte, as {@link Builder#tls()} sets} */
    public boolean isTls() {
        return tls;
    }

    /**
     * Stops accepting connections while the socket keeps listening. When this returns, no client
     * is accepted, not even by an accept that was already waiting; clients' connects still
     * complete in the kernel until the backlog queue is full. The pause lasts until
     * {@link #resumeAccepting()} or the server's stop.
     *
     * @throws IllegalStateException if the server is not running (see {@link Builder#acceptPaused(boolean)})
     */
    public void pauseAccepting() {
        engine.pauseAccepting();
    }

    /** Accepts again, the clients waiting in the backlog queue first; does nothing unless paused and running. */
    public void resumeAccepting() {
        engine.resumeAccepting();
    }

    /** {@return whether accepting is paused, after {@link #pauseAccepting()} or {@link Builder#acceptPaused(boolean)}} */
    public boolean isAcceptPaused() {
        return engine.isAcceptPaused();
    }

    /** {@return how many connections were accepted in all, across restarts} */
    public long acceptedCount() {
        return engine.acceptedCount();
    }

    /** {@return how many connections are open right now} */
    public int activeCount() {
        return engine.activeCount();
    }

    /** How many open connections have no thread yet: built-in handlers waiting for the client. */
    int waitingCount() {
        return engine.waitingCount();
    }

    /**
     * The next finished connection in accept order, each returned once; waits for it at most
     * {@code timeout}, for the earliest one not yet taken even if later ones have finished (see
     * {@link #connections()} for all at once). A connection has finished once its handler returned
     * and its client closed too, or sent nothing for 100 ms, so a pooled client that keeps its
     * socket does not hold it back; what it sends after that is read but not recorded.
     *
     * @param timeout how long to wait, not negative
     * @return the connection, or null if none finished in time
     * @throws InterruptedException if interrupted while waiting
     */
    public RecordedConnection takeConnection(Duration timeout) throws InterruptedException {
        return engine.take(timeout);
    }

    /**
     * Puts faults between the handler and each connection accepted from now on, in any state and
     * across {@link #stop()} and {@link #start()}; faults of {@code handler.with(...)} stay as they are.
     *
     * @param faults the faults; none ({@code faults()}) removes the server's faults
     */
    public void faults(Fault... faults) {
        engine.faults(Checks.faults(faults));
    }

    /**
     * {@link #faults(Fault...)} in the string form of {@link Faults#parse(String)}, as {@code <faults>} gives them.
     *
     * @param faults such as {@code "latency=50ms,reset-after=1KiB"}; blank removes the server's faults
     * @throws IllegalArgumentException naming what is wrong with the string
     */
    public void faults(String faults) {
        engine.faults(Checks.faults(faults));
    }

    /** {@return an unmodifiable snapshot of the kept connections in accept order}; open ones have no close reason. */
    public List<RecordedConnection> connections() {
        return engine.connections();
    }

    /** Forgets the connections recorded so far, with their handler errors, so that a shared server starts clean. */
    public void clearConnections() {
        engine.clearConnections();
    }

    /** {@return how many finished connections were dropped to keep within {@link Builder#retention(int, long)}} */
    public long droppedCount() {
        return engine.droppedCount();
    }

    /** {@return how many connections ended with a handler (or script) error}, kept or not, since the last clear. */
    public long handlerErrorCount() {
        return engine.handlerErrorCount();
    }

    @Override
    public String toString() {
        InetSocketAddress address = engine.address();
        return "TcpServer[" + name + (address == null ? "" : " " + Addresses.format(address))
                + (engine.isRunning() ? ", running" : ", stopped") + "]";
    }

    /** Configures a {@link TcpServer}; every setter checks its value at once, or throws {@link InvalidSettingException}. */
    public static final class Builder {

        private InetAddress bindAddress = Addresses.LOOPBACK;
        private int port;
        private int backlog = 50;
        private AcceptHandler handler = Handlers.echo();
        private String name = "default";
        private Duration readTimeout = Duration.ZERO;
        private int maxConnections = Integer.MAX_VALUE;
        private boolean acceptPaused;
        private Duration shutdownTimeout = Duration.ofSeconds(5);
        private int recordingLimit = 1024 * 1024;
        private int retainedConnections = 10_000;
        private long retainedBytes = 256L * 1024 * 1024;
        private Consumer<RecordedConnection> listener;
        private List<Fault> faults = List.of();
        private boolean tls;
        private Certificates certificates;
        private Certificates clientIssuer;

        private Builder() {
        }

        /**
         * The local address to bind: an IP literal or a host name resolved now. The default is
         * 127.0.0.1; {@code 0.0.0.0} or {@code ::} binds every interface, which only makes sense
         * when clients on other machines must reach the server.
         *
         * @param address the address
         * @return this builder
         * @throws InvalidSettingException if the name cannot be resolved, or the value includes a
         *     port (set that with {@link #port(int)})
         */
        public Builder bindAddress(String address) {
            this.bindAddress = BindAddress.parse(address);
            return this;
        }

        /**
         * The local address to bind.
         *
         * @param address the address, not null
         * @return this builder
         */
        public Builder bindAddress(InetAddress address) {
            this.bindAddress = Checks.bindAddress(address);
            return this;
        }

        /**
         * The port to bind; 0 (the default) picks a free ephemeral port, which {@link #port()}
         * then reports.
         *
         * @param port 0 to 65535
         * @return this builder
         */
        public Builder port(int port) {
            this.port = Checks.port(port);
            return this;
        }

        /**
         * The listen(2) backlog: how many connections the kernel queues before they are accepted.
         * Linux queues up to backlog + 1 connections and caps it at {@code net.core.somaxconn}.
         *
         * @param backlog 1 or more (the JDK would turn 0 into its default of 50)
         * @return this builder
         */
        public Builder backlog(int backlog) {
            this.backlog = Checks.backlog(backlog);
            return this;
        }

        /**
         * What serves each accepted connection; the default echoes.
         *
         * @param handler the handler, not null
         * @return this builder
         */
        public Builder handler(AcceptHandler handler) {
            this.handler = Checks.handler(handler);
            return this;
        }

        /**
         * A name for log lines and thread names; the default is {@code default}.
         *
         * @param name a non-blank name
         * @return this builder
         */
        public Builder name(String name) {
            this.name = Checks.name(name);
            return this;
        }

        /**
         * How long a handler's read may block before it fails with a {@link java.net.SocketTimeoutException}
         * ({@link CloseReason#READ_TIMEOUT}), and a TLS handshake may wait for the client;
         * {@link Duration#ZERO}, the default, waits forever; more than about 24 days is cut to that.
         *
         * @param timeout zero or positive
         * @return this builder
         */
        public Builder readTimeout(Duration timeout) {
            this.readTimeout = Checks.readTimeout(timeout);
            return this;
        }

        /**
         * How many connections are served at once. When that many are open the server stops
         * accepting until one closes, so further clients wait in the backlog queue (and past it
         * their connects stall), like a server whose worker pool is exhausted. No limit by default.
         *
         * @param max 1 or more
         * @return this builder
         */
        public Builder maxConnections(int max) {
            this.maxConnections = Checks.maxConnections(max);
            return this;
        }

        /**
         * Whether the server starts listening with accepting paused, as after {@link TcpServer#pauseAccepting()}.
         *
         * @param paused true to start paused
         * @return this builder
         */
        public Builder acceptPaused(boolean paused) {
            this.acceptPaused = paused;
            return this;
        }

        /**
         * How long {@link TcpServer#stop()} waits for running handlers before it closes their sockets; 5 s by default.
         *
         * @param timeout positive
         * @return this builder
         */
        public Builder shutdownTimeout(Duration timeout) {
            this.shutdownTimeout = Checks.shutdownTimeout(timeout);
            return this;
        }

        /**
         * How many bytes per direction of each connection are kept for
         * {@link RecordedConnection}; past it only counts go on. The default is 1 MiB.
         *
         * @param bytes 0 or more
         * @return this builder
         */
        public Builder recordingLimit(int bytes) {
            this.recordingLimit = Checks.recordingLimit(bytes);
            return this;
        }

        /**
         * How many finished connections the server keeps, and how many recorded bytes they may
         * hold together; past either bound the oldest finished ones are dropped (see
         * {@link TcpServer#droppedCount()}). The defaults, 10,000 connections and 256 MiB, never
         * bite a unit test; a long-lived server (a command line or {@code tcptest:run}) wants less.
         *
         * @param connections at least 1
         * @param bytes at least 1
         * @return this builder
         */
        public Builder retention(int connections, long bytes) {
            this.retainedConnections = Checks.retention(connections, bytes);
            this.retainedBytes = bytes;
            return this;
        }

        /**
         * Something to tell of each connection as it finishes, with its record (to write its
         * transcript before retention may drop it), on the connection's thread once
         * {@link TcpServer#takeConnection} can hand it out; what it throws is logged and ignored.
         *
         * @param listener told of each finished connection, not null
         * @return this builder
         */
        public Builder onConnectionFinished(Consumer<RecordedConnection> listener) {
            this.listener = Checks.listener(listener);
            return this;
        }

        /**
         * The faults between the handler and each connection, as {@link TcpServer#faults(Fault...)} sets them.
         *
         * @param faults the faults
         * @return this builder
         */
        public Builder faults(Fault... faults) {
            this.faults = Checks.faults(faults);
            return this;
        }

        /**
         * The faults in their string form, as {@link Faults#parse(String)} reads it.
         *
         * @param faults such as {@code "latency=50ms"}; blank for none
         * @return this builder
         */
        public Builder faults(String faults) {
            this.faults = Checks.faults(faults);
            return this;
        }

        /** {@return this builder}, with TLS from the first byte of every connection (HTTPS, SMTPS, rediss) */
        public Builder tls() {
            this.tls = true;
            return this;
        }

        /**
         * {@return this builder}, with TLS from the first byte of every connection presenting these certificates
         *
         * @param certificates the server's leaf and CA, not null
         */
        public Builder tls(Certificates certificates) {
            this.certificates = Checks.certificates("tls", certificates);
            return tls();
        }

        /**
         * {@return this builder}, presenting these certificates with {@link #tls()} or when a handler
         * upgrades a plain connection ({@link Connection#startTls()}, a script's {@code starttls})
         *
         * @param certificates the server's leaf and CA, not null; unset, the JVM's throwaway ones
         */
        public Builder certificates(Certificates certificates) {
            this.certificates = Checks.certificates("certificates", certificates);
            return this;
        }

        /**
         * {@return this builder}, with mutual TLS: a client's handshake fails unless it presents a
         * certificate issued by {@code trusted}'s CA
         *
         * @param trusted whose CA issued the clients' certificates, such as {@code Certificates.forHosts("client")}
         */
        public Builder requireClientCertificate(Certificates trusted) {
            this.clientIssuer = Checks.certificates("requireClientCertificate", trusted);
            return this;
        }

        /** {@return a server with these settings, not yet started} */
        public TcpServer build() {
            return new TcpServer(this);
        }

        /** {@return the server, built and started}, once it is listening; see {@link TcpServer#start()}. */
        public TcpServer start() {
            return build().start();
        }
    }
}
