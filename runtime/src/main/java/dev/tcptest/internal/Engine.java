package dev.tcptest.internal;

import dev.tcptest.AcceptHandler;
import dev.tcptest.CloseReason;
import dev.tcptest.Fault;
import dev.tcptest.RecordedConnection;
import java.io.IOException;
import java.net.BindException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A server's engine: its lifecycle, one run after another, and the connections it keeps.
 *
 * <p>The state ({@code STOPPED → RUNNING → STOPPING → STOPPED}) changes under one lock. The rules:
 * {@code start()} on a running server does nothing, and during a stop it waits for the stop to end
 * (from a handler of the run being stopped it throws instead, since that stop waits for it);
 * {@code stop()} during a stop waits for it too; a stop or start called from a handler does not
 * wait for that handler.
 */
public final class Engine {

    private static final System.Logger LOG = System.getLogger("dev.tcptest");

    private enum State { STOPPED, RUNNING, STOPPING }

    private final ServerConfig config;
    private final AcceptHandler handler;
    // The handler a connection accepted now gets: the configured one behind the server's faults.
    private volatile AcceptHandler serving;
    private final Launch launch;
    private final Function<ServerConnection, RecordedConnection> recordOf;
    private final ConnectionLog log;
    private final int readTimeoutMillis;
    // Capped at a year, so that a deadline computed from it cannot overflow.
    private final long shutdownNanos;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition stopped = lock.newCondition();
    private final Condition connectionClosed = lock.newCondition();
    // Guarded by lock.
    private State state = State.STOPPED;
    private Run run;
    private int boundPort = -1;
    private long nextId = 1;

    /**
     * An engine for one server.
     *
     * @param config the server's settings
     * @param handler what serves each connection
     * @param launch when a connection gets its thread
     * @param recordOf makes the public record of a connection, open or finished
     */
    public Engine(ServerConfig config, AcceptHandler handler, Launch launch,
            Function<ServerConnection, RecordedConnection> recordOf) {
        this.config = config;
        this.handler = handler;
        this.serving = config.faults().isEmpty() ? handler : handler.with(config.faults());
        // A read timeout counts from the accept, so the handler must be reading by then; and TLS
        // shakes hands on the connection's thread before the handler runs.
        this.launch = launch == Launch.ON_INPUT && !config.readTimeout().isZero() || config.tls().implicit()
                ? Launch.AT_ONCE : launch;
        this.recordOf = recordOf;
        this.log = new ConnectionLog(config.retainedConnections(), config.retainedBytes(), config.recordingLimit(),
                config.listener());
        this.shutdownNanos = config.shutdownTimeout().compareTo(Duration.ofDays(365)) > 0
                ? Duration.ofDays(365).toNanos() : config.shutdownTimeout().toNanos();
        this.readTimeoutMillis = config.readTimeout().compareTo(Duration.ofMillis(Integer.MAX_VALUE)) >= 0
                ? Integer.MAX_VALUE : (int) config.readTimeout().toMillis();
    }

    ServerConfig config() {
        return config;
    }

    /** When a connection gets its thread: a faulted one at once, since its faults count from the accept. */
    Launch launch(ServerConnection connection) {
        return connection.handler() == handler ? launch : Launch.AT_ONCE;
    }

    /** The handler for a connection accepted now. */
    AcceptHandler serving() {
        return serving;
    }

    /**
     * Puts faults between the handler and the connections accepted from now on; none removes them.
     *
     * @param faults the faults, none null
     */
    public void faults(List<Fault> faults) {
        serving = faults.isEmpty() ? handler : handler.with(faults);
    }

    long shutdownNanos() {
        return shutdownNanos;
    }

    int readTimeoutMillis() {
        return readTimeoutMillis;
    }

    ReentrantLock lock() {
        return lock;
    }

    Condition connectionClosed() {
        return connectionClosed;
    }

    // Called by a run with the lock held.
    long nextId() {
        return nextId++;
    }

    void opened(ServerConnection connection) {
        log.opened(connection);
    }

    /**
     * Starts a run: binds, listens and accepts. Returns once listening.
     *
     * @throws IOException if the address cannot be bound
     */
    public void start() throws IOException {
        Run started;
        lock.lock();
        try {
            awaitStopped("start()");
            if (state == State.RUNNING) {
                return;
            }
            started = bind();
            run = started;
            boundPort = started.address().getPort();
            state = State.RUNNING;
        } finally {
            lock.unlock();
        }
        Backlog.warnIfCapped(config.name(), config.backlog());
        if (LOG.isLoggable(System.Logger.Level.DEBUG)) {
            LOG.log(System.Logger.Level.DEBUG, "tcptest server '" + config.name() + "' listening on "
                    + Addresses.format(started.address()) + " (backlog " + config.backlog() + ")");
        }
    }

    private Run bind() throws IOException {
        boolean restart = boundPort >= 0;
        InetSocketAddress requested = new InetSocketAddress(config.bindAddress(), restart ? boundPort : config.port());
        // An IPv4 address gets an IPv4 socket: a dual-stack socket bound to 0.0.0.0 would report ::.
        ServerSocketChannel channel = config.bindAddress() instanceof Inet4Address
                ? ServerSocketChannel.open(StandardProtocolFamily.INET) : ServerSocketChannel.open();
        try {
            channel.bind(requested, config.backlog());
            return new Run(this, channel, config.acceptPaused());
        } catch (IOException | RuntimeException e) {
            Run.closeQuietly(channel);
            if (e instanceof BindException bind) {
                throw BindFailures.of(requested, restart && config.port() == 0, bind);
            }
            throw e;
        }
    }

    /**
     * Waits while a stop is under way; a handler of the run being stopped must not. A start()
     * gives up when interrupted, a stop() goes on waiting (and keeps the interrupt): a stop in a
     * finally block still stops.
     */
    private void awaitStopped(String call) {
        if (state != State.STOPPING) {
            return;
        }
        if (run.isCallerOwn()) {
            throw new IllegalStateException(call + " was called by a handler while tcptest server '" + config.name()
                    + "' is stopping, and that stop waits for this handler to return. Call start() after stop()"
                    + " in the same handler, or from another thread.");
        }
        boolean interrupted = false;
        try {
            while (state == State.STOPPING) {
                try {
                    stopped.await();
                } catch (InterruptedException e) {
                    if (call.startsWith("start")) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("start() of tcptest server '" + config.name() + "' was"
                                + " interrupted while it waited for a stop under way; the server was not started");
                    }
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Stops gracefully: see {@link #shutdown(boolean)}. */
    public void stop() {
        shutdown(false);
    }

    /** Stops at once, resetting every connection. */
    public void abort() {
        shutdown(true);
    }

    private void shutdown(boolean abort) {
        Run stopping;
        List<ServerConnection> open;
        lock.lock();
        try {
            if (state == State.STOPPING) {
                joinStopUnderWay(abort);
                return;
            }
            if (state == State.STOPPED) {
                return;
            }
            state = State.STOPPING;
            stopping = run;
            open = stopping.stopAccepting();
        } finally {
            lock.unlock();
        }
        try {
            new Shutdown(this, stopping, open, abort).run();
        } finally {
            lock.lock();
            try {
                state = State.STOPPED;
                stopped.signalAll();
            } finally {
                lock.unlock();
            }
            if (LOG.isLoggable(System.Logger.Level.DEBUG)) {
                LOG.log(System.Logger.Level.DEBUG, "tcptest server '" + config.name() + "' on "
                        + Addresses.format(stopping.address()) + (abort ? " aborted" : " stopped") + " after "
                        + acceptedCount() + " connection(s)");
            }
        }
    }

    // With the lock held, during another thread's stop.
    private void joinStopUnderWay(boolean abort) {
        if (abort) {
            // An abort does not wait out the graceful stop's handlers: it resets what is open.
            for (ServerConnection connection : run.openConnections()) {
                connection.abortStopped();
                connection.reset(CloseReason.SERVER_ABORTED);
            }
        }
        if (!run.isCallerOwn()) {
            awaitStopped("stop()");
        }
    }

    /** Serves one connection on its thread, then records it and closes it. */
    void serve(Run owner, ServerConnection connection) {
        Thread thread = Thread.currentThread();
        String idle = thread.getName();
        ClassLoader loader = thread.getContextClassLoader();
        thread.setName("tcptest-" + config.name() + "-" + owner.address().getPort() + "-conn-" + connection.id());
        ServerConnection.current(connection);
        Serving.begin(owner.numberOf(connection));
        try {
            if (connection.prepare()) {
                connection.handler().handle(connection);
                // The conversation is over: a stop that comes during the close does not change that.
                connection.endAs(CloseReason.CLOSED);
            }
        } catch (Throwable e) {
            Failures.record(config.name(), connection, e, readTimeoutMillis);
        } finally {
            try {
                connection.close();
            } catch (IOException | RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, () -> "tcptest: close of #" + connection.id() + " failed: " + e);
            }
            finish(connection);
            connection.finishClose();
            connection.released();
            ServerConnection.current(null);
            Serving.end();
            owner.closed(connection);
            thread.setName(idle);
            thread.setContextClassLoader(loader);
            Thread.interrupted();
        }
    }

    /** Hands the connection's record out, once. */
    void finish(ServerConnection connection) {
        if (connection.markFinished()) {
            RecordedConnection record = recordOf.apply(connection);
            log.finished(record);
            LOG.log(System.Logger.Level.DEBUG, () -> "tcptest server '" + config.name() + "': closed #" + record.id()
                    + " (" + record.closeReason() + ", " + record.receivedCount() + " bytes in, " + record.sentCount()
                    + " bytes out)");
        }
    }

    private <T> T underLock(Supplier<T> value) {
        lock.lock();
        try {
            return value.get();
        } finally {
            lock.unlock();
        }
    }

    /** Whether the server is running. */
    public boolean isRunning() {
        return underLock(() -> state == State.RUNNING);
    }

    /** The bound address of the current or last run, or null before the first start. */
    public InetSocketAddress address() {
        return underLock(() -> run == null ? null : run.address());
    }

    /** Pauses accepting; no client is accepted once this returns. */
    public void pauseAccepting() {
        setPaused(true, "pauseAccepting()");
    }

    /** Accepts again after a pause. */
    public void resumeAccepting() {
        setPaused(false, "resumeAccepting()");
    }

    private void setPaused(boolean paused, String call) {
        lock.lock();
        try {
            if (state != State.RUNNING && !paused) {
                return;
            }
            if (state != State.RUNNING) {
                throw new IllegalStateException("tcptest server '" + config.name() + "' is not running, so there is"
                        + " no accepting to " + (paused ? "pause" : "resume") + ": call " + call + " after start()"
                        + (paused ? ", or build the server with acceptPaused(true) to start it paused" : ""));
            }
            run.pause(paused);
        } finally {
            lock.unlock();
        }
    }

    /** Whether accepting is paused: in the current run, or as the next run will start. */
    public boolean isAcceptPaused() {
        return underLock(() -> state == State.RUNNING ? run.isPaused() : config.acceptPaused());
    }

    /** How many connections were accepted over the server's lifetime. */
    public long acceptedCount() {
        return underLock(() -> nextId - 1);
    }

    /** How many connections are open now. */
    public int activeCount() {
        return underLock(() -> run == null ? 0 : run.openCount());
    }

    /** How many open connections wait for their client without a thread. */
    public int waitingCount() {
        return underLock(() -> run == null ? 0 : run.waitingCount());
    }

    /** The next finished connection in accept order, or null after the timeout. */
    public RecordedConnection take(Duration timeout) throws InterruptedException {
        Objects.requireNonNull(timeout, "takeConnection(timeout): timeout must not be null; e.g. Duration.ofSeconds(5)");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("takeConnection timeout must not be negative, was " + timeout);
        }
        long nanos;
        try {
            nanos = timeout.toNanos();
        } catch (ArithmeticException e) {
            nanos = Long.MAX_VALUE;
        }
        return log.take(nanos);
    }

    /** The kept connections in accept order. */
    public List<RecordedConnection> connections() {
        return log.snapshot(recordOf);
    }

    /** Forgets the finished connections and their handler errors. */
    public void clearConnections() {
        log.clear();
    }

    /** How many finished connections the retention bounds dropped. */
    public long droppedCount() {
        return log.dropped();
    }

    /** How many connections ended with a handler error, taken, dropped or kept (until a clear). */
    public long handlerErrorCount() {
        return log.handlerErrors();
    }
}
