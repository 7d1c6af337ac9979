package dev.tcptest.internal;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Runs each connection's handler on a thread of its own for as long as the connection is served:
 * a daemon platform thread that a finished connection hands back for the next one. Starting a
 * platform thread costs more than serving a short connection (a connect, a few bytes, a close),
 * so reusing them is what keeps connection churn cheap.
 *
 * <p>A thread can also be {@linkplain #reserve() reserved} right after the accept, before the
 * connection is ready to be served, when no idle thread could take it: the thread then starts
 * while the accept loop is still setting the connection up, instead of after it. Starting a
 * platform thread is the largest part of the time to a new server's first answer.
 *
 * <p>Where the JVM has virtual threads (21+), at most {@link #PLATFORM_LIMIT} connections are
 * served on platform threads at once and the rest on virtual threads, so that thousands of busy
 * connections stay cheap. The first ones stay on platform threads because the kernel schedules
 * those fairly against the client's own threads: on virtual threads 64 connections in a
 * ping-pong with 64 client threads on two cores were served unevenly, with a tail latency eight
 * times that of a thread per connection. Idle platform threads end after
 * {@link #KEEP_ALIVE_SECONDS}, and all of them when {@link #shutdown()} is called.
 *
 * <p>Idle threads wait on a lock-free stack, the one that finished last on top (its caches are
 * the warmest). A thread's {@link Worker#state} decides who owns it: whoever moves it from idle
 * to taken hands it its next task, and a thread whose keep-alive ran out ends only if it moves
 * itself from idle to retired first. Entries of taken or retired threads are skipped.
 */
final class ConnectionRunner {

    /** How long an idle platform thread waits for the next connection before it ends. */
    static final long KEEP_ALIVE_SECONDS = 10;

    /** How many connections are served on platform threads at once where virtual threads exist. */
    static final int PLATFORM_LIMIT = 256;

    private static final int IDLE = 0;
    private static final int TAKEN = 1;
    private static final int RETIRED = 2;
    /** Handed to a reserved thread that has no connection to serve after all. */
    private static final Runnable NOTHING = () -> { };
    /** Handed to an idle thread at the shutdown. */
    private static final Runnable END = () -> { };

    private final Supplier<String> idleNameSupplier;
    private final int platformLimit;
    private final long keepAliveNanos;
    private final AtomicReference<Idle> idle = new AtomicReference<>();
    // Platform threads alive: serving, reserved or idle.
    private final AtomicInteger platform = new AtomicInteger();
    private volatile boolean shut;
    // Asked for once, when a thread first goes idle: a server that serves no connection never builds it.
    private volatile String idleName;

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
        this(idleName, platformLimit, TimeUnit.SECONDS.toNanos(KEEP_ALIVE_SECONDS));
    }

    /**
     * A runner whose idle threads end after {@code keepAliveNanos}.
     *
     * @param idleName the name of platform threads between connections, asked for once
     * @param platformLimit how many connections at once on platform threads
     * @param keepAliveNanos how long an idle platform thread waits for the next connection
     */
    ConnectionRunner(Supplier<String> idleName, int platformLimit, long keepAliveNanos) {
        this.idleNameSupplier = idleName;
        this.platformLimit = platformLimit;
        this.keepAliveNanos = keepAliveNanos;
    }

    /**
     * Runs the task on a thread that carries the name while the task runs.
     *
     * @param name the thread's name for this connection
     * @param task what serves the connection
     */
    void run(String name, Runnable task) {
        if (!shut) {
            Worker worker = takeIdle();
            if (worker != null) {
                worker.hand(name, task);
                return;
            }
            if (startWorker(name, task) != null) {
                return;
            }
        }
        // Every platform thread is serving, or the server stopped as this was accepted: still
        // served, on a thread of its own.
        Threads.connectionThread(name, task).start();
    }

    /**
     * Starts a platform thread for a connection that is not ready to be served yet, if no idle
     * thread could serve it at once. The caller must then {@linkplain Reservation#run run} or
     * {@linkplain Reservation#cancel cancel} it, exactly once.
     *
     * @return the started thread, or null where {@link #run} does as well: a thread is idle, the
     *     platform limit is reached, the runner is shut down, or no thread could be started
     */
    Reservation reserve() {
        if (shut || idle.get() != null) {
            return null;
        }
        try {
            return startWorker(null, null);
        } catch (OutOfMemoryError noThread) {
            // run() meets the same failure when it tries again, where the caller expects it.
            return null;
        }
    }

    /**
     * Lets idle threads end at once, without waiting for them; threads still serving a connection
     * end when it ends.
     */
    void shutdown() {
        shut = true;
        for (Worker worker = takeIdle(); worker != null; worker = takeIdle()) {
            worker.hand(null, END);
        }
    }

    /** @return the platform threads alive now: serving, reserved or idle */
    int platformThreads() {
        return platform.get();
    }

    /** A started platform thread, or null past the limit; with a null task it waits for one. */
    private Worker startWorker(String name, Runnable task) {
        int alive;
        do {
            alive = platform.get();
            if (alive >= platformLimit) {
                return null;
            }
        } while (!platform.compareAndSet(alive, alive + 1));
        Worker worker = new Worker(name, task);
        try {
            worker.thread.start();
        } catch (Throwable e) {
            platform.decrementAndGet();
            throw e;
        }
        return worker;
    }

    /** Pops idle threads until one is taken, skipping the entries of retired or taken ones. */
    private Worker takeIdle() {
        while (true) {
            Idle top = idle.get();
            if (top == null) {
                return null;
            }
            if (idle.compareAndSet(top, top.next) && top.worker.state.compareAndSet(IDLE, TAKEN)) {
                return top.worker;
            }
        }
    }

    private String idleName() {
        String name = idleName;
        if (name == null) {
            name = idleNameSupplier.get();
            idleName = name;
        }
        return name;
    }

    /** A platform thread reserved for a connection that gets its task later. */
    interface Reservation {

        /**
         * Hands the thread its connection.
         *
         * @param name the thread's name for this connection
         * @param task what serves the connection
         */
        void run(String name, Runnable task);

        /** Gives the thread back: it goes idle, as after a connection. */
        void cancel();
    }

    /** An entry of the idle stack; a thread pushes a new one each time it goes idle. */
    private static final class Idle {
        final Worker worker;
        final Idle next;

        Idle(Worker worker, Idle next) {
            this.worker = worker;
            this.next = next;
        }
    }

    /** One platform thread's loop: serve, go idle, wait for the next task or the keep-alive. */
    private final class Worker implements Runnable, Reservation {

        final Thread thread;
        final AtomicInteger state = new AtomicInteger(TAKEN);
        // Written by whoever took the thread, before the task; read by the thread.
        private volatile String name;
        private volatile Runnable task;

        Worker(String name, Runnable task) {
            this.name = name;
            this.task = task;
            // A thread started for a connection carries its name from the start.
            this.thread = Threads.daemonThread(name != null ? name : idleName(), this);
        }

        @Override
        public void run(String connectionName, Runnable connectionTask) {
            hand(connectionName, connectionTask);
        }

        @Override
        public void cancel() {
            hand(null, NOTHING);
        }

        void hand(String connectionName, Runnable next) {
            name = connectionName;
            task = next;
            LockSupport.unpark(thread);
        }

        @Override
        public void run() {
            try {
                ClassLoader loader = thread.getContextClassLoader();
                while (true) {
                    Runnable next = awaitTask();
                    if (next == END) {
                        return;
                    }
                    if (next != NOTHING) {
                        serve(next, loader);
                    }
                    if (!goIdle()) {
                        return;
                    }
                }
            } finally {
                platform.decrementAndGet();
            }
        }

        private void serve(Runnable next, ClassLoader loader) {
            String connectionName = name;
            if (!connectionName.equals(thread.getName())) {
                thread.setName(connectionName);
            }
            try {
                next.run();
            } finally {
                // The next connection gets the thread as this one found it: its name, its class
                // loader, and no interrupt (a handler may leave one set, and it would end every
                // wait of the idle thread at once and reach the next connection's blocking I/O).
                thread.setName(idleName());
                thread.setContextClassLoader(loader);
                Thread.interrupted();
            }
        }

        /** @return false if the thread is to end instead: the runner is shut down */
        private boolean goIdle() {
            if (shut) {
                return false;
            }
            task = null;
            state.set(IDLE);
            Idle top;
            do {
                top = idle.get();
            } while (!idle.compareAndSet(top, new Idle(this, top)));
            // A shutdown that emptied the stack before this entry was on it ends it here.
            return !(shut && state.compareAndSet(IDLE, RETIRED));
        }

        /** @return the next task, or {@link #END} when the keep-alive ran out while idle */
        private Runnable awaitTask() {
            long deadline = System.nanoTime() + keepAliveNanos;
            while (true) {
                Runnable next = task;
                if (next != null) {
                    return next;
                }
                if (state.get() == TAKEN) {
                    // Whoever took it hands the task at once.
                    LockSupport.park(this);
                } else {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        if (state.compareAndSet(IDLE, RETIRED)) {
                            return END;
                        }
                        continue;
                    }
                    LockSupport.parkNanos(this, left);
                }
                // Nothing interrupts a waiting thread on purpose; a stray interrupt must not turn the wait into a spin.
                Thread.interrupted();
            }
        }
    }
}
