package dev.tcptest;

import dev.tcptest.internal.Addresses;
import dev.tcptest.internal.Engine;
import dev.tcptest.internal.ServerConfig;
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

    private TcpServer(Builder builder, ServerConfig config) {
        this.name = config.name();
        this.engine = new Engine(config, builder.handler, Handlers.launchOf(builder.handler), RecordedConnection::of);
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
     * @throws BindFailedException if the address cannot be bound, saying why (the port in use, say)
     *     and the fix; nothing is left bound then
     * @throws UncheckedIOException if the server cannot start for another reason
     * @throws IllegalStateException if called by a handler while another thread stops this server:
     *     that stop waits for the handler to return, so the handler cannot wait for the stop
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
     * Stops gracefully: closes the listening socket (new connects are refused), lets running
     * handlers finish (blocked reads see end of stream at once), and closes what is left when the
     * shutdown timeout runs out. Returns within the shutdown timeout. Idempotent: a stop (or a
     * {@link #start()}) called while another thread's stop is under way waits for that stop to
     * end, so that once it returns no connection of the stopped run is open. A handler may stop
     * its own server: the stop does not wait for that handler, whose connection ends when it
     * returns. An interrupt of the calling thread does not cut the wait short, and stays set.
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
     * Stops abortively: closes the listening socket and resets (RST) every open connection.
     * Called while another thread's {@link #stop()} waits for slow handlers, it resets the
     * connections that stop still waits for (recorded as {@code SERVER_ABORTED}) instead of
     * waiting out its shutdown timeout, and returns once that stop has ended.
     */
    public void abort() {
        engine.abort();
    }

    /** {@return whether the server is listening: true between {@link #start()} and {@link #stop()}} */
    public boolean isRunning() {
        return engine.isRunning();
    }

    /**
     * {@return the bound IP literal to connect to, such as {@code 127.0.0.1}; never a host name}
     *
     * @throws IllegalStateException before the first {@link #start()}
     */
    public String host() {
        return Addresses.host(address().getAddress());
    }

    /**
     * {@return the real bound port}, also after {@link #stop()}, so a test can reconnect to it.
     *
     * @throws IllegalStateException before the first {@link #start()}
     */
    public int port() {
        return address().getPort();
    }

    /**
     * {@return the bound address and port, the socket address clients connect to}
     *
     * @throws IllegalStateException before the first {@link #start()}
     */
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

    /**
     * Stops accepting connections while the socket keeps listening. When this returns, no client
     * is accepted, not even by an accept that was already waiting; clients' connects still
     * complete in the kernel until the backlog queue is full. The pause lasts until
     * {@link #resumeAccepting()} or the server's stop: a restarted server accepts (or starts
     * paused) as {@link Builder#acceptPaused(boolean)} says.
     *
     * @throws IllegalStateException if the server is not running (to start one paused, build it
     *     with {@link Builder#acceptPaused(boolean)})
     */
    public void pauseAccepting() {
        engine.pauseAccepting();
    }

    /**
     * Accepts again, starting with the clients that waited in the backlog queue, in order. Does
     * nothing if accepting is not paused or the server is not running.
     */
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
     * {@code timeout}. In accept order means it waits for the earliest connection not yet taken,
     * even if later ones have finished: a connection the client keeps open holds back the ones
     * after it (see {@link #connections()} for all of them at once, open ones included). A
     * connection has finished once its handler returned and its client closed too, or sent
     * nothing for 100 ms: a pooled client that keeps its socket does not hold it back. What the
     * client sends after that is read (so that the close stays a FIN) but not recorded.
     *
     * @param timeout how long to wait, not negative
     * @return the connection, or null if none finished in time
     * @throws InterruptedException if interrupted while waiting
     */
    public RecordedConnection takeConnection(Duration timeout) throws InterruptedException {
        return engine.take(timeout);
    }

    /**
     * Puts faults between the handler and each connection accepted from now on, whatever the
     * server's state; they stay across {@link #stop()} and {@link #start()}. Connections accepted
     * before keep what they had, and faults the handler carries itself ({@code handler.with(...)})
     * stay as they are.
     *
     * @param faults the faults; none ({@code faults()}) removes the server's faults
     */
    public void faults(Fault... faults) {
        engine.faults(Checks.faults(faults));
    }

    /**
     * {@link #faults(Fault...)} in the string form of {@link Faults#parse(String)}, as the plugin's
     * {@code <faults>} and the command line's {@code --faults} give them.
     *
     * @param faults such as {@code "latency=50ms,reset-after=1KiB"}; blank removes the server's faults
     * @throws IllegalArgumentException naming what is wrong with the string
     */
    public void faults(String faults) {
        engine.faults(Checks.faults(faults));
    }

    /**
     * {@return an unmodifiable snapshot of the kept connections in accept order}; connections still
     * open have a null {@link RecordedConnection#closeReason()}.
     */
    public List<RecordedConnection> connections() {
        return engine.connections();
    }

    /**
     * Forgets the connections recorded so far, with their handler errors; open connections stay.
     * A server shared by several tests can start each test clean this way.
     */
    public void clearConnections() {
        engine.clearConnections();
    }

    /** {@return how many finished connections were dropped to keep within {@link Builder#retention(int, long)}} */
    public long droppedCount() {
        return engine.droppedCount();
    }

    /**
     * {@return how many connections ended with an error of their handler (or script)}, counted as
     * they end: taken, dropped and kept ones alike, until {@link #clearConnections()}.
     */
    public long handlerErrorCount() {
        return engine.handlerErrorCount();
    }

    @Override
    public String toString() {
        InetSocketAddress address = engine.address();
        return "TcpServer[" + name + (address == null ? "" : " " + Addresses.format(address))
                + (engine.isRunning() ? ", running" : ", stopped") + "]";
    }

    /**
     * Configures a {@link TcpServer}. Every setter checks its value at once and throws
     * {@link InvalidSettingException} naming the setting, the value and the fix.
     */
    public static final class Builder {

        private InetAddress bindAddress;
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

        private Builder() {
            bindAddress = Addresses.LOOPBACK;
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
            if (address == null) {
                throw new InvalidSettingException("bindAddress", null, Phrase.of("must not be null"), BindAddress.LOCAL, null);
            }
            this.bindAddress = address;
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
         * How long a handler's read may block before it fails with
         * {@link java.net.SocketTimeoutException} (recorded as {@link CloseReason#READ_TIMEOUT});
         * {@link Duration#ZERO}, the default, waits forever. A timeout longer than
         * {@link Integer#MAX_VALUE} milliseconds (about 24 days), the most a socket can wait, is
         * cut to that.
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
         * Whether the server starts listening with accepting paused, as after
         * {@link TcpServer#pauseAccepting()}.
         *
         * @param paused true to start paused
         * @return this builder
         */
        public Builder acceptPaused(boolean paused) {
            this.acceptPaused = paused;
            return this;
        }

        /**
         * How long {@link TcpServer#stop()} waits for running handlers before it closes their
         * sockets; the default is 5 seconds.
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
            if (connections < 1 || bytes < 1) {
                throw new InvalidSettingException("retention", connections + " connections, " + bytes + " bytes",
                        "must keep at least 1 connection and 1 byte", "leave it unset for 10,000 connections and 256 MiB");
            }
            this.retainedConnections = connections;
            this.retainedBytes = bytes;
            return this;
        }

        /**
         * Something to tell of each connection as it finishes, with its record: to write its
         * transcript, or collect its handler error, before retention may drop it. Called on the
         * connection's thread, after {@link TcpServer#takeConnection} can hand the record out; an
         * exception it throws is logged and otherwise ignored.
         *
         * @param listener told of each finished connection, not null
         * @return this builder
         */
        public Builder onConnectionFinished(Consumer<RecordedConnection> listener) {
            this.listener = Checks.listener(listener);
            return this;
        }

        /**
         * The faults between the handler and each connection, as {@link TcpServer#faults(Fault...)}
         * sets them on a built server; none by default.
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

        /** {@return a server with these settings, not yet started} */
        public TcpServer build() {
            return new TcpServer(this, new ServerConfig(name, bindAddress, port, backlog, readTimeout, maxConnections,
                    acceptPaused, shutdownTimeout, recordingLimit, retainedConnections, retainedBytes, listener, faults));
        }

        /**
         * Builds and starts the server; returns once it is listening.
         *
         * @return the running server
         * @throws BindFailedException if the address cannot be bound
         */
        public TcpServer start() {
            return build().start();
        }
    }
}
