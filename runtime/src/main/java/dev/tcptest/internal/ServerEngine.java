package dev.tcptest.internal;

import dev.tcptest.internal.script.ScriptFailure;
import java.io.IOException;
import java.net.BindException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The listening socket, its accept loop and the sessions it spawned.
 *
 * <p>Accepting runs on one daemon platform thread. It starts with a blocking {@code accept()},
 * as the plainest server does, and moves for the rest of the run to a non-blocking listening
 * channel and a selector the first time it needs one: to pause (see {@link #pauseAccepting()}),
 * to wait for room under the connection limit, or to hold a connection that has no thread yet.
 * A server that starts paused or with a limit has its selector from the start. Opening,
 * registering and closing a selector made a cold start and stop a fifth slower than a bare
 * {@code ServerSocket}'s, for servers that mostly never pause. After a blocking accept, a
 * connection that no idle thread can take has its thread started before it is set up (its
 * session made and its first bytes read), so that the two overlap.
 *
 * <p>In selector mode every {@code accept()} happens under {@link #lock} after checking the
 * pause flag, which is how a pause takes effect before it returns. A blocking accept cannot be
 * interrupted without closing the socket, so a pause that finds the loop waiting in one wakes
 * it with a connection of its own to the listening port, waits until the loop has taken it and
 * closed it unseen, and only then returns: clients the loop took before it were accepted before
 * the pause returned, and the rest stay in the kernel's backlog queue. While paused the kernel
 * keeps completing handshakes into that queue until it is full, and further clients' connects
 * stall.
 *
 * <p>The selector also holds the sessions whose handler has no thread yet (see {@link Launch}):
 * a session {@link Launch#ON_INPUT} waits there, non-blocking, until it is readable; one
 * {@link Launch#ON_STOP} waits there until its client closes without having sent anything, else
 * in {@link #parked} alone until the stop. A session leaves {@link #parked} under the
 * lock exactly once, and whoever takes it out launches it: the accept loop when it turns
 * readable, or {@link #stop()} for every session still waiting.
 */
public final class ServerEngine {

    private static final System.Logger LOG = System.getLogger("dev.tcptest");
    /** Where a pause's wake-up connects to a server that listens on every address. */
    private static final InetAddress IPV4_LOOPBACK = Addresses.ipv4Literal("127.0.0.1");
    /** Most bytes read at the accept for a handler that starts with the client's input. */
    private static final int EARLY_INPUT_BYTES = 512;
    /**
     * An early-input buffer that a stopped server's accept loop left for the next one: making a
     * direct buffer (and registering its cleaner) was a tenth of a new server's first accept.
     */
    private static final AtomicReference<ByteBuffer> SPARE_EARLY_INPUT = new AtomicReference<>();

    private final ServerConfig config;
    private final SessionHandler handler;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition finished = lock.newCondition();
    // Signalled when a stop has done all it does.
    private final Condition stopDone = lock.newCondition();
    private final List<Session> sessions = new ArrayList<>();
    private final Set<Session> active = new LinkedHashSet<>();
    private final Set<Session> parked = new HashSet<>();
    private final Launch launch;
    // The socket's read timeout: Duration.toMillis() overflows for the longest durations.
    private final int readTimeoutMillis;
    // The shutdown timeout, capped so that a deadline from it cannot overflow.
    private final long shutdownNanos;
    // Held by a pause that must wake a blocking accept, so that one wake is under way at a time,
    // and by start(), so that no wake of a stopped run is under way when the next run binds.
    private final ReentrantLock waking = new ReentrantLock();

    // Guarded by lock.
    private boolean running;
    // Stops from their start to their end: another stop, or a start, waits until none is. There
    // can be two: a handler may start the next run during a stop, and that run be stopped in turn.
    private int stopsUnderWay;
    // Set when an abort() came during the graceful stop under way, which then logs an abort.
    private volatile boolean stopAborted;
    private boolean paused;
    private int takeCursor;
    private long nextId = 1;
    private int boundPort = -1;
    private ServerSocketChannel listener;
    // Null while the accept loop accepts blocking; set when it moves to the selector.
    private SelectionKey listening;
    // Null until a selector is needed; a pause may open it before the accept loop takes it up.
    private volatile Selector selector;
    // Whether the accept loop is in (or about to enter) a blocking accept.
    private boolean acceptingBlocking;
    // The client end of the connection a pause wakes a blocking accept with, until it is taken.
    private InetSocketAddress wakeFrom;
    private boolean acceptLoopEnded;
    private Thread acceptor;
    private ConnectionRunner runner;
    private InetSocketAddress address;
    // Used by the accept loop alone.
    private ByteBuffer earlyInput;

    /**
     * An engine, not yet listening.
     *
     * @param config validated settings
     * @param handler what serves each session
     */
    public ServerEngine(ServerConfig config, SessionHandler handler) {
        this(config, handler, Launch.AT_ONCE);
    }

    /**
     * An engine, not yet listening, whose handler may wait for a thread until it has work.
     *
     * @param config validated settings
     * @param handler what serves each session
     * @param launch when a session's handler gets its thread
     */
    public ServerEngine(ServerConfig config, SessionHandler handler, Launch launch) {
        this.config = config;
        this.handler = handler;
        this.paused = config.acceptPaused();
        // A read timeout counts from the accept, so the handler must be reading by then.
        this.launch = launch == Launch.ON_INPUT && !config.readTimeout().isZero() ? Launch.AT_ONCE : launch;
        this.readTimeoutMillis = config.readTimeout().compareTo(Duration.ofMillis(Integer.MAX_VALUE)) >= 0
                ? Integer.MAX_VALUE : (int) config.readTimeout().toMillis();
        // Some 73 years: deadlines are compared by their difference to now, which cannot overflow then.
        this.shutdownNanos = config.shutdownTimeout().compareTo(Duration.ofNanos(Long.MAX_VALUE / 4)) >= 0
                ? Long.MAX_VALUE / 4 : config.shutdownTimeout().toNanos();
    }

    /**
     * Binds and listens; returns once a client's connect() can succeed. Does nothing if running.
     *
     * @throws IOException if the address cannot be bound; nothing is left bound then
     */
    public void start() throws IOException {
        // A pause still waking the stopped run's accept must see that run end before this binds
        // the port again: its wake-up would reach the new run as a client, or its failure unpause it.
        waking.lock();
        lock.lock();
        try {
            awaitStopDone();
            if (running) {
                return;
            }
            awaitAcceptLoopEnded();
            // Every run starts as configured: a pause does not outlive the stop of the run it paused.
            paused = config.acceptPaused();
            int port = boundPort >= 0 ? boundPort : config.port();
            InetSocketAddress requested = new InetSocketAddress(config.bindAddress(), port);
            // An IPv4 address gets an IPv4 socket: on a dual-stack JVM a default (IPv6) socket bound
            // to 0.0.0.0 would listen on :: and report that as its address.
            ServerSocketChannel channel = config.bindAddress() instanceof Inet4Address
                    ? ServerSocketChannel.open(StandardProtocolFamily.INET)
                    : ServerSocketChannel.open();
            Selector newSelector = null;
            SelectionKey key = null;
            try {
                channel.bind(requested, config.backlog());
                if (paused || config.maxConnections() != Integer.MAX_VALUE) {
                    // It waits at once, or may have to: a failure to open the selector is start()'s.
                    channel.configureBlocking(false);
                    newSelector = Selector.open();
                    key = channel.register(newSelector, SelectionKey.OP_ACCEPT);
                }
            } catch (IOException | RuntimeException e) {
                closeQuietly(channel);
                closeQuietly(newSelector);
                if (e instanceof BindException) {
                    throw bindFailure(requested, (BindException) e);
                }
                throw e;
            }
            listener = channel;
            listening = key;
            selector = newSelector;
            address = (InetSocketAddress) channel.getLocalAddress();
            boundPort = address.getPort();
            running = true;
            acceptingBlocking = false;
            wakeFrom = null;
            acceptLoopEnded = false;
            runner = new ConnectionRunner(new IdleThreadName(boundPort));
            // A platform thread even where virtual ones exist, because it starts the connections'
            // platform threads: on JDK 25, platform threads started from a virtual thread (or from
            // a thread that one started) served ping-pong a quarter to a third slower, side by side.
            acceptor = Threads.daemonThread("tcptest-" + config.name() + "-acceptor-" + boundPort, new AcceptLoop());
            acceptor.start();
        } finally {
            lock.unlock();
            waking.unlock();
        }
        if (LOG.isLoggable(System.Logger.Level.INFO)) {
            LOG.log(System.Logger.Level.INFO, "tcptest server '" + config.name() + "' listening on "
                    + Addresses.format(address) + " (backlog " + config.backlog() + (paused ? ", accepting paused" : "")
                    + ")");
        }
    }

    /**
     * Waits, holding the lock, until the stopped run's accept loop has ended, a second at most. A
     * stop closes the listening socket at once, but one that a blocking {@code accept()} waits in
     * is only released when that accept returns: a handler that starts its server during another
     * thread's stop (which does not wait for that stop) would otherwise find the port still held
     * by the stopped run. An interrupt does not cut the wait short and is kept.
     */
    private void awaitAcceptLoopEnded() {
        if (acceptor != null && !acceptLoopEnded) {
            awaitFinished(() -> acceptLoopEnded, System.nanoTime() + 1_000_000_000L);
        }
    }

    /**
     * Waits on {@link #finished}, holding the lock, until {@code done} holds or the deadline has
     * passed. An interrupt does not cut the wait short (the deadline bounds it) and is kept for the
     * caller.
     *
     * @return whether {@code done} held before the deadline
     */
    private boolean awaitFinished(BooleanSupplier done, long deadlineNanos) {
        boolean interrupted = false;
        try {
            while (!done.getAsBoolean()) {
                long left = deadlineNanos - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    finished.awaitNanos(left);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            return true;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private dev.tcptest.BindFailedException bindFailure(InetSocketAddress requested, BindException cause) {
        // Port 0 was asked for, and a restart binds the port the first start got: "use port 0" is no fix.
        return BindFailures.of(requested, config.port() == 0 && requested.getPort() != 0, cause);
    }

    /**
     * Stops gracefully: no new connections; running handlers see end of stream at once and get
     * until the shutdown timeout to finish; what is left is closed. Returns within the timeout.
     */
    public void stop() {
        shutdown(false);
    }

    /** Stops abortively: every open connection is reset (RST) at once. */
    public void abort() {
        shutdown(true);
    }

    private void shutdown(boolean abort) {
        List<Session> open;
        List<Session> waiting;
        Thread acceptorThread;
        ConnectionRunner stoppedRunner;
        lock.lock();
        try {
            if (!running) {
                if (abort && stopsUnderWay > 0) {
                    // An abort during a graceful stop does not wait for that stop's handlers: it
                    // resets what is still open, and the stop under way ends as soon as they do.
                    List<Session> left = escalate();
                    lock.unlock();
                    try {
                        for (Session session : left) {
                            session.abortStopped();
                        }
                    } finally {
                        lock.lock();
                    }
                }
                // Another stop is under way: it returns once it is done, and so does this one.
                awaitStopDone();
                return;
            }
            running = false;
            stopsUnderWay++;
            // Closing the listener also ends a blocking accept waiting in it.
            closeQuietly(listener);
            closeQuietly(selector);
            // A pause waiting for the accept loop to take its wake-up returns: there is nothing to pause.
            finished.signalAll();
            acceptorThread = acceptor;
            stoppedRunner = runner;
            // No session is added once running is false: the accept loop registers under the lock.
            open = active.isEmpty() ? List.of() : new ArrayList<>(active);
            // Those still waiting for their thread are a part of them; whoever takes one out launches it.
            waiting = parked.isEmpty() ? List.of() : new ArrayList<>(parked);
            parked.clear();
        } finally {
            lock.unlock();
        }
        try {
            // The accept loop ends on its own now that it cannot accept; it is joined last, so that its
            // thread's exit overlaps the rest.
            if (!open.isEmpty()) {
                stopSessions(open, waiting, abort);
            }
            stoppedRunner.shutdown();
            if (LOG.isLoggable(System.Logger.Level.INFO)) {
                LOG.log(System.Logger.Level.INFO, "tcptest server '" + config.name() + "' on " + Addresses.format(address)
                        + (abort || stopAborted ? " aborted" : " stopped") + " after " + acceptedCount() + " connection(s)");
            }
            // It only needs the lock to see the stop, so it ends at once, even after a slow shutdown.
            joinQuietly(acceptorThread);
        } finally {
            lock.lock();
            try {
                if (--stopsUnderWay == 0) {
                    stopAborted = false;
                    stopDone.signalAll();
                }
            } finally {
                lock.unlock();
            }
        }
    }

    /**
     * Turns the graceful stop under way into an abort, holding the lock.
     *
     * @return the connections it still waits for, to be reset; those a handler has yet to take
     *         up are among them, and their handlers meet a closed socket
     */
    private List<Session> escalate() {
        stopAborted = true;
        return new ArrayList<>(active);
    }

    /**
     * Waits, holding the lock, until no stop is under way, which is within its shutdown timeout.
     * A handler of this server does not wait: the stop may be waiting for it to return.
     */
    private void awaitStopDone() {
        if (stopsUnderWay == 0) {
            return;
        }
        Session caller = Session.current();
        if (caller != null && active.contains(caller)) {
            return;
        }
        boolean interrupted = false;
        while (stopsUnderWay > 0) {
            try {
                stopDone.await();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Waits until no session of the stopped run but the caller's own (null if it serves none) is
     * open; a handler may have started the next run meanwhile, whose sessions are not waited for.
     * An interrupt does not cut the wait short, which the shutdown timeout bounds: a caller that
     * restored an interrupt before closing the server would otherwise give up on every handler at
     * once. The interrupt is kept for the caller.
     */
    private boolean awaitIdle(long deadlineNanos, Session caller, List<Session> run) {
        lock.lock();
        try {
            return awaitFinished(new RunEnded(run, caller), deadlineNanos);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Whether every session of a stopped run but the caller's has ended; asked under the lock.
     * Sessions never come back once ended, so the run's list is gone through once.
     */
    private final class RunEnded implements BooleanSupplier {
        private final List<Session> run;
        private final Session caller;
        private int ended;

        RunEnded(List<Session> run, Session caller) {
            this.run = run;
            this.caller = caller;
        }

        @Override
        public boolean getAsBoolean() {
            while (ended < run.size() && (run.get(ended) == caller || !active.contains(run.get(ended)))) {
                ended++;
            }
            return ended == run.size();
        }
    }

    /** @return whether the server is listening */
    public boolean isRunning() {
        lock.lock();
        try {
            return running;
        } finally {
            lock.unlock();
        }
    }

    /** @return the bound address, or null before the first start */
    public InetSocketAddress address() {
        lock.lock();
        try {
            return address;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Stops accepting; when this returns no client is accepted until {@link #resumeAccepting()}.
     *
     * @throws IOException if the selector a paused server waits in cannot be opened, or the
     *     accept loop waiting in a blocking accept cannot be reached to wake it; the server is
     *     not paused then
     */
    public void pauseAccepting() throws IOException {
        waking.lock();
        try {
            SocketChannel wake;
            InetSocketAddress target;
            lock.lock();
            try {
                if (!running) {
                    throw new IllegalStateException("tcptest server '" + config.name() + "' is not running, so there"
                            + " is no accepting to pause: call pauseAccepting() after start(), or build the server"
                            + " with acceptPaused(true) to start it paused");
                }
                if (selector == null) {
                    try {
                        selector = Selector.open();
                    } catch (IOException e) {
                        throw new IOException("Cannot pause accepting on " + Addresses.format(address)
                                + ": no selector to wait in could be opened (" + e + "). Raise the limit"
                                + " of open files, or close what holds them.", e);
                    }
                }
                paused = true;
                if (!acceptingBlocking) {
                    // The loop checks the flag under the lock before it accepts again.
                    Selector current = selector;
                    if (current != null) {
                        current.wakeup();
                    }
                    return;
                }
                target = wakeTarget();
                wake = null;
                try {
                    wake = SocketChannel.open();
                    wake.bind(new InetSocketAddress(target.getAddress(), 0));
                    wakeFrom = (InetSocketAddress) wake.getLocalAddress();
                } catch (IOException e) {
                    closeQuietly(wake);
                    paused = false;
                    throw wakeFailure(target, e);
                }
            } finally {
                lock.unlock();
            }
            awaitWake(wake, target);
        } finally {
            waking.unlock();
        }
    }

    /** Connects the wake-up to the listening port and waits until the accept loop has taken it. */
    private void awaitWake(SocketChannel wake, InetSocketAddress target) throws IOException {
        try (wake) {
            wake.connect(target);
            lock.lock();
            try {
                while (wakeFrom != null && running && !acceptLoopEnded) {
                    finished.awaitUninterruptibly();
                }
            } finally {
                lock.unlock();
            }
        } catch (IOException e) {
            lock.lock();
            try {
                wakeFrom = null;
                if (!running) {
                    return;
                }
                paused = false;
            } finally {
                lock.unlock();
            }
            throw wakeFailure(target, e);
        }
    }

    private static IOException wakeFailure(InetSocketAddress target, IOException cause) {
        return new IOException("Cannot pause accepting on " + Addresses.format(target)
                + ": the accept waiting there could not be woken with a connection to it (" + cause
                + "). A server built with acceptPaused(true) waits in a selector from its start"
                + " and needs no such connection to pause.", cause);
    }

    /**
     * Where a connection reaches the listener: its own address, or 127.0.0.1 if it listens on
     * every address (IPv4 or dual-stack IPv6 alike, whatever loopback the JVM prefers).
     */
    private InetSocketAddress wakeTarget() {
        if (address.getAddress().isAnyLocalAddress()) {
            return new InetSocketAddress(IPV4_LOOPBACK, address.getPort());
        }
        return address;
    }

    /** Accepts again, first the clients that waited in the backlog queue, in order. */
    public void resumeAccepting() {
        Selector current;
        lock.lock();
        try {
            paused = false;
            current = selector;
        } finally {
            lock.unlock();
        }
        if (current != null) {
            current.wakeup();
        }
    }

    /** @return whether accepting is paused */
    public boolean isAcceptPaused() {
        lock.lock();
        try {
            return paused;
        } finally {
            lock.unlock();
        }
    }

    /** @return how many connections were accepted since the engine was made */
    public long acceptedCount() {
        lock.lock();
        try {
            return nextId - 1;
        } finally {
            lock.unlock();
        }
    }

    /** @return how many of the connections being served have no thread yet (see {@link Launch}) */
    public int waitingCount() {
        lock.lock();
        try {
            return parked.size();
        } finally {
            lock.unlock();
        }
    }

    /** @return how many connections are being served now */
    public int activeCount() {
        lock.lock();
        try {
            return active.size();
        } finally {
            lock.unlock();
        }
    }

    /**
     * The next finished session in accept order, waiting for it at most {@code timeoutNanos}.
     *
     * @param timeoutNanos how long to wait
     * @return its record, or null on timeout
     * @throws InterruptedException if interrupted while waiting
     */
    public SessionRecord take(long timeoutNanos) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutNanos;
        lock.lock();
        try {
            while (takeCursor >= sessions.size() || !sessions.get(takeCursor).isFinished()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return null;
                }
                finished.awaitNanos(left);
            }
            return sessions.get(takeCursor++).record();
        } finally {
            lock.unlock();
        }
    }

    /** @return a snapshot of every session in accept order, finished or not */
    public List<SessionRecord> records() {
        List<Session> copy;
        lock.lock();
        try {
            copy = new ArrayList<>(sessions);
        } finally {
            lock.unlock();
        }
        List<SessionRecord> records = new ArrayList<>(copy.size());
        for (Session session : copy) {
            records.add(session.record());
        }
        return records;
    }

    private void acceptLoop() {
        try {
            Selector current = acceptBlocking();
            if (current != null) {
                acceptSelecting(current);
            }
        } catch (ClosedSelectorException | ClosedChannelException | CancelledKeyException e) {
            // stop() closed the listener: the normal end of the loop. Sessions still parked are stop()'s.
        } catch (IOException | RuntimeException e) {
            if (isRunning()) {
                LOG.log(System.Logger.Level.ERROR, "tcptest server '" + config.name() + "': accept loop failed", e);
            }
        } finally {
            if (earlyInput != null) {
                SPARE_EARLY_INPUT.compareAndSet(null, earlyInput);
                earlyInput = null;
            }
            lock.lock();
            try {
                // A pause still waiting for its wake-up to be taken returns.
                acceptLoopEnded = true;
                acceptingBlocking = false;
                finished.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    /**
     * Accepts with blocking calls for as long as no selector is needed.
     *
     * @return the selector to go on with, or null once the server stopped
     */
    private Selector acceptBlocking() throws IOException {
        while (true) {
            lock.lock();
            try {
                if (!running) {
                    return null;
                }
                if (listening != null) {
                    return selector;
                }
                if (!mayAccept() && wakeFrom == null) {
                    // Paused (a server with a connection limit has had its selector from the start):
                    // only a selector waits without accepting.
                    useSelector();
                    return selector;
                }
                acceptingBlocking = true;
            } finally {
                lock.unlock();
            }
            SocketChannel channel;
            try {
                channel = listener.accept();
            } catch (ClosedChannelException e) {
                return null;
            } catch (IOException e) {
                // Out of file descriptors or a connection that died in the queue: keep serving.
                LOG.log(System.Logger.Level.WARNING, "tcptest server '" + config.name() + "': accept failed: " + e);
                channel = null;
            }
            // Its thread starts while the connection is set up, when there is no idle one to take it.
            // Until the lock is taken below the loop still counts as in its accept, so a pause now
            // wakes it and waits: a client accepted before the pause returned is registered before.
            ConnectionRunner.Reservation thread = channel == null || launch == Launch.ON_STOP ? null : runner.reserve();
            Session session = null;
            try {
                lock.lock();
                try {
                    acceptingBlocking = false;
                    if (channel == null) {
                        continue;
                    }
                    if (wakeFrom != null && wakeFrom.equals(channel.getRemoteAddress())) {
                        // A pause's wake-up: not a client. The pause returns once this is seen.
                        wakeFrom = null;
                        finished.signalAll();
                        closeQuietly(channel);
                        continue;
                    }
                    if (!running) {
                        // Accepted as the server stopped, like a client left in the backlog queue.
                        closeQuietly(channel);
                        return null;
                    }
                    session = register(channel);
                } catch (IOException e) {
                    closeQuietly(channel);
                    continue;
                } finally {
                    lock.unlock();
                }
                if (session != null) {
                    launch(session, thread);
                }
            } finally {
                if (thread != null && session == null) {
                    thread.cancel();
                }
            }
        }
    }

    /**
     * Moves the accept loop to a non-blocking listener in the selector, opening the selector if
     * no pause did. Called under the lock, on the accept loop's thread, which is not in an accept.
     *
     * @throws IOException if the selector cannot be opened or the listener registered; the
     *     listener accepts blocking as before then
     */
    private void useSelector() throws IOException {
        if (listening != null) {
            return;
        }
        if (selector == null) {
            selector = Selector.open();
        }
        try {
            listener.configureBlocking(false);
            listening = listener.register(selector, 0);
        } catch (IOException | RuntimeException e) {
            if (listener.isOpen()) {
                listener.configureBlocking(true);
            }
            throw e;
        }
    }

    private void acceptSelecting(Selector selector) throws IOException {
        SelectionKey listening;
        lock.lock();
        try {
            listening = this.listening;
        } finally {
            lock.unlock();
        }
        List<Session> readable = new ArrayList<>();
        while (true) {
            lock.lock();
            try {
                if (!running) {
                    return;
                }
                // Not accepting leaves the clients in the kernel's backlog queue; waiting sessions still wake.
                listening.interestOps(mayAccept() ? SelectionKey.OP_ACCEPT : 0);
            } finally {
                lock.unlock();
            }
            selector.select();
            boolean acceptable = false;
            for (SelectionKey key : selector.selectedKeys()) {
                if (key == listening) {
                    acceptable = true;
                } else {
                    key.cancel();
                    readable.add((Session) key.attachment());
                }
            }
            selector.selectedKeys().clear();
            if (!readable.isEmpty()) {
                // Deregisters the cancelled keys: only then may their channels block again.
                selector.selectNow();
                selector.selectedKeys().clear();
                for (Session session : readable) {
                    if (launch == Launch.ON_STOP) {
                        heardFrom(session);
                    } else {
                        unpark(session);
                    }
                }
                readable.clear();
            }
            if (acceptable) {
                acceptReady();
            }
        }
    }

    private boolean mayAccept() {
        return !paused && active.size() < config.maxConnections();
    }

    /** Accepts every pending connection, as long as accepting is allowed. */
    private void acceptReady() throws IOException {
        while (true) {
            Session session;
            lock.lock();
            try {
                if (!running || !mayAccept()) {
                    return;
                }
                SocketChannel channel;
                try {
                    channel = listener.accept();
                } catch (ClosedChannelException e) {
                    return;
                } catch (IOException e) {
                    // Out of file descriptors or a connection that died in the queue: keep serving.
                    LOG.log(System.Logger.Level.WARNING, "tcptest server '" + config.name() + "': accept failed: " + e);
                    return;
                }
                if (channel == null) {
                    return;
                }
                session = register(channel);
            } finally {
                lock.unlock();
            }
            if (session != null) {
                launch(session);
            }
        }
    }

    /** Launches a session that waited for its thread, unless stop() took it first. */
    private void unpark(Session session) {
        lock.lock();
        try {
            if (!parked.remove(session)) {
                return;
            }
        } finally {
            lock.unlock();
        }
        launch(session);
    }

    private Session register(SocketChannel channel) {
        long id = nextId++;
        try {
            channel.configureBlocking(true);
            // A listener on one address accepts on that address and port: no need to ask each socket.
            InetSocketAddress local = address.getAddress().isAnyLocalAddress() ? null : address;
            Session session = new Session(id, channel, local, config.recordingLimit(),
                    readTimeoutMillis);
            sessions.add(session);
            active.add(session);
            if (LOG.isLoggable(System.Logger.Level.DEBUG)) {
                LOG.log(System.Logger.Level.DEBUG, "tcptest server '" + config.name() + "': accepted #" + id + " from "
                        + Addresses.format(session.remoteAddress()));
            }
            return park(session, channel) ? null : session;
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, () -> "tcptest server '" + config.name() + "': connection #" + id
                    + " died before it could be served: " + e);
            closeQuietly(channel);
            return null;
        }
    }

    /**
     * Parks a new session whose handler can wait for its thread: in the selector until it is
     * readable, or until the server stops.
     *
     * @return false if it must be launched now, its handler may write first
     */
    private boolean park(Session session, SocketChannel channel) {
        if (launch == Launch.ON_INPUT) {
            try {
                channel.configureBlocking(false);
                // Most clients have written by the time they are accepted: no need to wait then.
                if (session.readEarly(earlyInput())) {
                    return false;
                }
            } catch (IOException e) {
                // The handler meets the failure on its own thread, like any other.
                return false;
            }
            try {
                useSelector();
                channel.register(selector, SelectionKey.OP_READ, session);
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "tcptest server '" + config.name() + "': connection #"
                        + session.id() + " cannot wait for its first byte without a thread (" + e + "); it gets one now");
                return false;
            }
        } else if (launch == Launch.ON_STOP) {
            // It reads nothing, but the selector tells when the client closes (see heardFrom).
            try {
                channel.configureBlocking(false);
                useSelector();
                channel.register(selector, SelectionKey.OP_READ, session);
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "tcptest server '" + config.name() + "': connection #"
                        + session.id() + " cannot be watched for its client's close (" + e + "); it is held until"
                        + " the server stops");
            }
        } else {
            return false;
        }
        parked.add(session);
        return true;
    }

    /**
     * A session whose handler reads nothing turned readable in the selector, its key cancelled:
     * if its client has closed, it gets its thread now (and its handler returns at once);
     * if the client sent bytes, they stay unread and the session is held until the stop, since
     * a close behind them cannot be seen without reading them. Under the lock, so that no stop
     * launches the session while its channel is read here.
     */
    private void heardFrom(Session session) {
        Session.Heard heard;
        lock.lock();
        try {
            if (!parked.contains(session)) {
                return;
            }
            heard = session.listen();
            if (heard == Session.Heard.LEFT) {
                parked.remove(session);
            } else if (heard == Session.Heard.NOTHING) {
                try {
                    session.watch(selector);
                } catch (IOException e) {
                    // Closed meanwhile: the stop takes it like any parked session.
                }
            }
        } finally {
            lock.unlock();
        }
        if (heard == Session.Heard.LEFT) {
            launch(session);
        }
    }

    /**
     * The accept loop's buffer for {@link Session#readEarly}: a stopped server's if one is
     * spare, else made with the first use.
     */
    private ByteBuffer earlyInput() {
        if (earlyInput == null) {
            earlyInput = SPARE_EARLY_INPUT.getAndSet(null);
            if (earlyInput == null) {
                earlyInput = ByteBuffer.allocateDirect(EARLY_INPUT_BYTES);
            }
        }
        return earlyInput;
    }

    private void launch(Session session) {
        launch(session, null);
    }

    /** Serves the session on the reserved thread, or on the runner's choice if there is none. */
    private void launch(Session session, ConnectionRunner.Reservation thread) {
        String name = "tcptest-" + config.name() + "-" + boundPort + "-conn-" + session.id();
        if (thread != null) {
            thread.run(name, new Serving(session));
        } else {
            runner.run(name, new Serving(session));
        }
    }

    private void serve(Session session) {
        Session.current(session);
        session.servedBy(Thread.currentThread());
        try {
            if (!session.prepare()) {
                return;
            }
            handler.handle(session);
            // The conversation is over once the handler returns: a stop during the closing drain
            // that follows does not make it one the server cut short.
            session.endAs(Ending.CLOSED);
        } catch (Throwable e) {
            Ending before = session.ending();
            if ((e instanceof IOException || e instanceof InterruptedException || e instanceof ScriptFailure)
                    && (before == Ending.SERVER_STOPPED || before == Ending.SERVER_ABORTED)) {
                // The server's own stop closed the socket under a read or write, or interrupted the
                // thread: not the handler's error. A script waiting for the client reads the stop's
                // end of stream as the client's, and fails on it.
                LOG.log(System.Logger.Level.DEBUG, () -> "tcptest server '" + config.name() + "': connection #"
                        + session.id() + " ended (" + before + "): " + e);
                return;
            }
            session.fail(e);
            Ending ending = session.ending();
            if (ending == Ending.SERVER_STOPPED || ending == Ending.SERVER_ABORTED || ending == Ending.CLIENT_RESET) {
                LOG.log(System.Logger.Level.DEBUG, () -> "tcptest server '" + config.name() + "': connection #"
                        + session.id() + " ended (" + ending + "): " + e);
            } else if (ending == Ending.READ_TIMEOUT) {
                // What the server was told to do; the recorded error keeps the stack that says where.
                LOG.log(System.Logger.Level.WARNING, "tcptest server '" + config.name() + "': connection #"
                        + session.id() + " from " + Addresses.format(session.remoteAddress()) + " ended: the client sent"
                        + " nothing for the read timeout of " + readTimeoutMillis + " ms");
            } else if (e instanceof ScriptFailure) {
                // Its message names the script's file and line: the interpreter's stack says no more.
                LOG.log(System.Logger.Level.WARNING, "tcptest server '" + config.name() + "': connection #"
                        + session.id() + " from " + Addresses.format(session.remoteAddress()) + ": " + e.getMessage());
            } else {
                LOG.log(System.Logger.Level.WARNING, "tcptest server '" + config.name() + "': handler failed on connection #"
                        + session.id() + " from " + Addresses.format(session.remoteAddress()), e);
            }
        } finally {
            Session.current(null);
            session.servedBy(null);
            try {
                session.close();
            } catch (IOException | RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, () -> "close of #" + session.id() + " failed: " + e);
            }
            SessionRecord record = session.finish();
            lock.lock();
            try {
                active.remove(session);
                finished.signalAll();
            } finally {
                lock.unlock();
            }
            Selector current = selector;
            if (current != null && config.maxConnections() != Integer.MAX_VALUE) {
                current.wakeup();
            }
            if (LOG.isLoggable(System.Logger.Level.DEBUG)) {
                LOG.log(System.Logger.Level.DEBUG, "tcptest server '" + config.name() + "': closed #" + record.id()
                        + " (" + record.ending() + ", " + record.receivedCount() + " bytes in, " + record.sentCount()
                        + " bytes out)");
            }
        }
    }

    // Classes rather than capturing lambdas on the way from start() to a first answer: making one
    // of those goes through method handles, 2-5 us each while the code is still cold.

    /** The accept thread's task. */
    private final class AcceptLoop implements Runnable {
        @Override
        public void run() {
            acceptLoop();
        }
    }

    /** One session's task on its thread. */
    private final class Serving implements Runnable {
        private final Session session;

        Serving(Session session) {
            this.session = session;
        }

        @Override
        public void run() {
            serve(session);
        }
    }

    /** The name of this run's idle connection threads, built when the first one goes idle. */
    private final class IdleThreadName implements Supplier<String> {
        private final int port;

        IdleThreadName(int port) {
            this.port = port;
        }

        @Override
        public String get() {
            return "tcptest-" + config.name() + "-" + port + "-idle";
        }
    }

    /**
     * Ends the sessions that were open at the stop: their input is shut (or they are reset), those
     * waiting for a thread get it now and see the stop like every other, and what is still running
     * near the end of the shutdown timeout is closed. A handler that stops its own server is not
     * waited for: it could only return once this does. It sees the stop like the others, and its
     * connection ends when it returns.
     */
    private void stopSessions(List<Session> open, List<Session> waiting, boolean abort) {
        Session caller = Session.current();
        long deadline = System.nanoTime() + shutdownNanos;
        for (Session session : open) {
            if (abort) {
                session.reset(Ending.SERVER_ABORTED);
            } else {
                session.stopInput(Ending.SERVER_STOPPED);
            }
        }
        for (Session session : waiting) {
            launch(session);
        }
        // Leave a tenth of the timeout to force what is left and let its threads end.
        long grace = shutdownNanos / 10;
        if (awaitIdle(deadline - grace, caller, open)) {
            return;
        }
        List<Session> left = stillOpen(open, caller);
        for (Session session : left) {
            session.forceClose(abort ? Ending.SERVER_ABORTED : Ending.SERVER_STOPPED);
        }
        if (!awaitIdle(deadline, caller, open)) {
            abandon(caller, open);
        }
    }

    /** The run's sessions still open, but the caller's; takes the lock (reentrant). */
    private List<Session> stillOpen(List<Session> run, Session caller) {
        lock.lock();
        try {
            List<Session> left = new ArrayList<>();
            for (Session session : run) {
                if (session != caller && active.contains(session)) {
                    left.add(session);
                }
            }
            return left;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Gives up on the handlers still running at the end of the shutdown timeout: their sockets
     * are closed and their threads interrupted already. Their connections are recorded as they
     * are now and no longer count as open, so that a restarted server starts with none. The
     * caller's own session, if it serves one, ends when its handler returns.
     */
    private void abandon(Session caller, List<Session> run) {
        List<Session> left;
        lock.lock();
        try {
            left = stillOpen(run, caller);
            for (Session session : left) {
                session.finish();
                active.remove(session);
            }
            finished.signalAll();
        } finally {
            lock.unlock();
        }
        if (left.isEmpty()) {
            return;
        }
        List<String> threads = new ArrayList<>();
        for (Session session : left) {
            Thread serving = session.servingThread();
            threads.add("#" + session.id() + (serving == null ? "" : " on thread " + serving.getName()));
        }
        LOG.log(System.Logger.Level.WARNING, "tcptest server '" + config.name() + "': " + left.size()
                + " handler(s) still running after the shutdown timeout of " + shutdownNanos / 1_000_000
                + " ms, although their sockets were closed and their threads interrupted: " + String.join(", ", threads)
                + ". Their connections are recorded as stopped. Make the handler return when its connection's"
                + " input ends or its thread is interrupted, or raise shutdownTimeout.");
    }

    /**
     * Waits for the accept thread, which ends as soon as it sees the stop; a second at most, also
     * on an interrupted thread, whose interrupt is kept.
     */
    private static void joinQuietly(Thread thread) {
        if (thread == null) {
            return;
        }
        boolean interrupted = false;
        long deadline = System.nanoTime() + 1_000_000_000L;
        while (thread.isAlive()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            try {
                thread.join(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            // Closing during shutdown: nothing left to release.
        }
    }
}
