package dev.tcptest.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One run of a server, from its start to its stop: the listening socket, the accept loop and
 * its selector, the threads that serve connections, and the connections still open.
 *
 * <p>The accept loop accepts only while holding the server's lock, after checking that it may:
 * that is how a pause takes effect before {@code pauseAccepting()} returns. Connections whose
 * handler reads first wait in the same selector for their client's first byte, without a thread.
 */
final class Run {

    private static final System.Logger LOG = System.getLogger("dev.tcptest");

    private final Engine engine;
    private final ServerSocketChannel listener;
    private final InetSocketAddress address;
    private final ConnectionThreads threads;
    private final Thread acceptor;
    // Guarded by the engine's lock.
    private final Set<ServerConnection> open = new HashSet<>();
    private final Set<ServerConnection> waiting = new HashSet<>();
    private boolean paused;
    private boolean stopping;
    // Opened by the accept thread when it first waits; null until then.
    private Selector selector;
    private SelectionKey listening;
    // The id of the run's first connection: a connection's number in the run counts from it.
    private long firstId;

    /**
     * Sets a run up around a bound listener and starts its accept thread. Called with the
     * engine's lock held, which the accept thread takes before it reads anything of the run.
     */
    Run(Engine engine, ServerSocketChannel listener, boolean paused) throws IOException {
        this.engine = engine;
        this.listener = listener;
        this.paused = paused;
        this.address = (InetSocketAddress) listener.getLocalAddress();
        String prefix = "tcptest-" + engine.config().name() + "-";
        this.threads = new ConnectionThreads(prefix + address.getPort() + "-idle");
        // A platform thread: the connections' threads it starts serve at full pace only then.
        this.acceptor = Threads.daemonThread(prefix + "acceptor-" + address.getPort(), this::acceptLoop);
        acceptor.start();
    }

    InetSocketAddress address() {
        return address;
    }

    // The following are called with the engine's lock held.

    boolean isPaused() {
        return paused;
    }

    void pause(boolean pause) {
        paused = pause;
        if (!pause && selector != null) {
            selector.wakeup();
        }
    }

    int openCount() {
        return open.size();
    }

    int waitingCount() {
        return waiting.size();
    }

    /** Whether the calling thread serves one of this run's open connections. */
    boolean isCallerOwn() {
        ServerConnection mine = ServerConnection.current();
        return mine != null && open.contains(mine);
    }

    boolean isOpen(ServerConnection connection) {
        return open.contains(connection);
    }

    List<ServerConnection> openConnections() {
        return new ArrayList<>(open);
    }

    /** Stops accepting: the accept loop ends; what is open stays for the stop to end. */
    List<ServerConnection> stopAccepting() {
        stopping = true;
        closeQuietly(listener);
        closeQuietly(selector);
        return new ArrayList<>(open);
    }

    /** The connections still waiting for a thread, taken out: the stop gives each its thread. */
    List<ServerConnection> takeWaiting() {
        List<ServerConnection> taken = new ArrayList<>(waiting);
        waiting.clear();
        return taken;
    }

    /** A connection's number in this run, from 1, whatever ids the runs before it used. */
    long numberOf(ServerConnection connection) {
        return connection.id() - firstId + 1;
    }

    void forget(ServerConnection connection) {
        open.remove(connection);
    }

    private boolean mayAccept() {
        return !stopping && !paused && open.size() < engine.config().maxConnections();
    }

    // The accept loop, on its own thread.

    private void acceptLoop() {
        if (isStopping()) {
            return;
        }
        ByteBuffer scratch = ByteBuffer.allocate(512);
        List<ServerConnection> heard = new ArrayList<>();
        // A client may have connected before this thread ran: it is accepted before any select.
        boolean acceptable = true;
        try {
            // The first client's thread starts while that client connects, instead of after.
            threads.startFree();
            listener.configureBlocking(false);
            while (true) {
                if (acceptable) {
                    acceptAll(scratch);
                }
                engine.lock().lock();
                try {
                    if (stopping) {
                        return;
                    }
                    openSelector();
                    listening.interestOps(mayAccept() ? SelectionKey.OP_ACCEPT : 0);
                } finally {
                    engine.lock().unlock();
                }
                selector.select();
                acceptable = collect(heard);
                for (ServerConnection connection : heard) {
                    listenAgain(connection, scratch);
                }
                heard.clear();
            }
        } catch (ClosedSelectorException | ClosedChannelException | CancelledKeyException e) {
            // The stop closed the selector or the listener: the normal end of the loop.
        } catch (IOException | RuntimeException e) {
            if (!isStopping()) {
                LOG.log(System.Logger.Level.ERROR, "tcptest server '" + engine.config().name()
                        + "': accept loop failed; no more connections are accepted", e);
            }
        }
    }

    /**
     * Opens the selector the first time the accept thread waits, with the engine's lock held: a
     * client that connected right after {@code start()} is served without waiting for it, and a
     * server stopped before its accept thread ran never opens one.
     */
    private void openSelector() throws IOException {
        if (selector != null) {
            return;
        }
        Selector opened = Selector.open();
        try {
            listening = listener.register(opened, 0);
        } catch (IOException | RuntimeException e) {
            closeQuietly(opened);
            throw e;
        }
        selector = opened;
    }

    private boolean isStopping() {
        engine.lock().lock();
        try {
            return stopping;
        } finally {
            engine.lock().unlock();
        }
    }

    /** Takes the selected keys: whether the listener is ready, and the waiting connections that are. */
    private boolean collect(List<ServerConnection> heard) throws IOException {
        boolean acceptable = false;
        for (SelectionKey key : selector.selectedKeys()) {
            if (key == listening) {
                acceptable = true;
            } else {
                key.cancel();
                heard.add((ServerConnection) key.attachment());
            }
        }
        selector.selectedKeys().clear();
        if (!heard.isEmpty()) {
            // Deregisters the cancelled keys, so that their channels can block or register again.
            selector.selectNow();
            selector.selectedKeys().clear();
        }
        return acceptable;
    }

    private void acceptAll(ByteBuffer scratch) throws IOException {
        while (true) {
            ServerConnection connection = null;
            IOException failed = null;
            engine.lock().lock();
            try {
                if (!mayAccept()) {
                    return;
                }
                SocketChannel channel = listener.accept();
                if (channel == null) {
                    return;
                }
                connection = register(channel);
            } catch (ClosedChannelException e) {
                throw e;
            } catch (IOException e) {
                failed = e;
            } finally {
                engine.lock().unlock();
            }
            if (failed != null) {
                // No file descriptor left, say: the loop goes on after a pause instead of spinning.
                LOG.log(System.Logger.Level.WARNING, "tcptest server '" + engine.config().name()
                        + "': accept failed, trying again: " + failed);
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
                return;
            }
            if (connection != null) {
                begin(connection, scratch);
            }
        }
    }

    private ServerConnection register(SocketChannel channel) {
        long id = engine.nextId();
        firstId = firstId == 0 ? id : firstId;
        try {
            InetSocketAddress local = address.getAddress().isAnyLocalAddress() ? null : address;
            ServerConnection connection = new ServerConnection(id, channel, local, engine.config().recordingLimit(),
                    engine.readTimeoutMillis(), engine.serving(), engine.config().tls());
            open.add(connection);
            engine.opened(connection);
            if (LOG.isLoggable(System.Logger.Level.DEBUG)) {
                LOG.log(System.Logger.Level.DEBUG, "tcptest server '" + engine.config().name() + "': accepted #" + id
                        + " from " + Addresses.format(connection.remoteAddress()));
            }
            return connection;
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, () -> "tcptest server '" + engine.config().name() + "': connection #"
                    + id + " was gone before it could be served: " + e);
            closeQuietly(channel);
            return null;
        }
    }

    /** Gives a new connection its thread now, or lets it wait in the selector for its client. */
    private void begin(ServerConnection connection, ByteBuffer scratch) {
        Launch launch = engine.launch(connection);
        try {
            if (launch == Launch.ON_INPUT) {
                connection.channel().configureBlocking(false);
                if (!connection.heard(scratch)) {
                    await(connection);
                    return;
                }
            } else if (launch == Launch.ON_STOP) {
                connection.channel().configureBlocking(false);
                await(connection);
                return;
            }
        } catch (IOException e) {
            // It cannot wait in the selector: it gets its thread now, which meets the failure.
        }
        serve(connection);
    }

    private void await(ServerConnection connection) throws IOException {
        engine.lock().lock();
        try {
            if (stopping) {
                // The stop has taken the waiting ones already: this one is served now, and sees the stop.
                throw new ClosedChannelException();
            }
            openSelector();
            connection.channel().register(selector, SelectionKey.OP_READ, connection);
            waiting.add(connection);
        } finally {
            engine.lock().unlock();
        }
    }

    /** A waiting connection's client spoke: serve it, or go on waiting. */
    private void listenAgain(ServerConnection connection, ByteBuffer scratch) {
        boolean spoke = engine.launch(connection) == Launch.ON_INPUT ? connection.heard(scratch) : !connection.stillSilent();
        engine.lock().lock();
        try {
            if (!waiting.contains(connection)) {
                return;
            }
            if (!spoke) {
                connection.channel().register(selector, SelectionKey.OP_READ, connection);
                return;
            }
            waiting.remove(connection);
            if (engine.launch(connection) == Launch.ON_STOP && !connection.hasEnded()) {
                // It sent bytes that nobody reads: it waits for the stop, unwatched.
                waiting.add(connection);
                return;
            }
        } catch (IOException e) {
            waiting.remove(connection);
        } finally {
            engine.lock().unlock();
        }
        serve(connection);
    }

    /** Runs the connection's handler on a thread of the run's pool. */
    void serve(ServerConnection connection) {
        threads.execute(() -> engine.serve(this, connection));
    }

    /** A connection's thread is done with it. */
    void closed(ServerConnection connection) {
        engine.lock().lock();
        try {
            boolean wasFull = open.size() >= engine.config().maxConnections();
            open.remove(connection);
            engine.connectionClosed().signalAll();
            if (wasFull && !stopping && selector != null) {
                selector.wakeup();
            }
        } finally {
            engine.lock().unlock();
        }
    }

    /** Ends the accept thread and the pool; waits a little for both, unless called from the pool. */
    void release(boolean fromPool) {
        threads.shutdown();
        if (!fromPool) {
            try {
                threads.awaitTermination(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    void joinAcceptor() {
        join(acceptor);
    }

    private static void join(Thread thread) {
        if (thread == Thread.currentThread()) {
            return;
        }
        boolean interrupted = false;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        while (thread.isAlive() && deadline - System.nanoTime() > 0) {
            try {
                thread.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            // Closing what failed or is closed already: nothing more to release.
        }
    }
}
