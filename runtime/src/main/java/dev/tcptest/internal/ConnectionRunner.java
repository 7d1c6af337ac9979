package dev.tcptest.internal;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Runs each connection's handler on a thread of its own for as long as the connection is served:
 * a daemon platform thread that a finished connection hands back for the next one. Starting a
 * platform thread costs more than serving a short connection (a connect, a few bytes, a close),
 * so reusing them is what keeps connection churn cheap.
 *
 * <p>Where the JVM has virtual threads (21+), at most {@link #PLATFORM_LIMIT} connections are
 * served on platform threads at once and the rest on virtual threads, so that thousands of busy
 * connections stay cheap. The first ones stay on platform threads because the kernel schedules
 * those fairly against the client's own threads: on virtual threads 64 connections in a
 * ping-pong with 64 client threads on two cores were served unevenly, with a tail latency eight
 * times that of a thread per connection. Idle platform threads end after
 * {@link #KEEP_ALIVE_SECONDS}, and all of them when {@link #shutdown()} is called.
 */
final class ConnectionRunner {

    /** How long an idle platform thread waits for the next connection before it ends. */
    static final long KEEP_ALIVE_SECONDS = 10;

    /** How many connections are served on platform threads at once where virtual threads exist. */
    static final int PLATFORM_LIMIT = 256;

    // Asked for when the pool is made: a server that serves no connection never builds the name.
    private final Supplier<String> idleName;
    private final int platformLimit;
    // Made with the first connection, so that a server that serves none costs no pool.
    private ThreadPoolExecutor pool;
    private boolean shut;

    /**
     * A runner for one server's run, from start to stop.
     *
     * @param idleName the name of platform threads between connections, asked for once
     */
    ConnectionRunner(Supplier<String> idleName) {
        this(idleName, Threads.virtual() ? PLATFORM_LIMIT : Integer.MAX_VALUE);
    }

    /**
     * A runner that serves at most {@code platformLimit} connections on platform threads at once.
     *
     * @param idleName the name of platform threads between connections, asked for once
     * @param platformLimit how many at once; the rest get a thread of their own (virtual where
     *     the JVM has them)
     */
    ConnectionRunner(Supplier<String> idleName, int platformLimit) {
        this.idleName = idleName;
        this.platformLimit = platformLimit;
    }

    /**
     * Runs the task on a thread that carries the name while the task runs.
     *
     * @param name the thread's name for this connection
     * @param task what serves the connection
     */
    void run(String name, Runnable task) {
        ThreadPoolExecutor pool = pool();
        if (pool == null) {
            // Accepted just as the server stopped: still served, on a thread of its own.
            Threads.connectionThread(name, task).start();
            return;
        }
        Runnable named = () -> {
            Thread self = Thread.currentThread();
            String idle = self.getName();
            ClassLoader loader = self.getContextClassLoader();
            self.setName(name);
            try {
                task.run();
            } finally {
                // The next connection gets the thread as this one found it.
                self.setName(idle);
                self.setContextClassLoader(loader);
            }
        };
        try {
            pool.execute(named);
        } catch (RejectedExecutionException busy) {
            // Every platform thread is serving (or the server just stopped): a thread of its own.
            Threads.connectionThread(name, task).start();
        }
    }

    /**
     * Lets idle threads end at once, without waiting for them; threads still serving a connection
     * end when it ends.
     */
    synchronized void shutdown() {
        shut = true;
        if (pool != null) {
            pool.shutdown();
        }
    }

    /** The pool, made on first use; null once shut down. */
    private synchronized ThreadPoolExecutor pool() {
        if (shut) {
            return null;
        }
        if (pool == null) {
            String name = idleName.get();
            pool = new ThreadPoolExecutor(0, platformLimit, KEEP_ALIVE_SECONDS, TimeUnit.SECONDS,
                    new SynchronousQueue<>(), task -> Threads.daemonThread(name, task));
        }
        return pool;
    }
}
