package dev.tcptest.internal;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Runs each connection's handler on a thread of its own for as long as the connection is served:
 * a new virtual thread where the JVM has them, else a daemon platform thread that a finished
 * connection hands back for the next one. Starting a platform thread costs more than serving a
 * short connection (a connect, a few bytes, a close), so reusing them is what keeps connection
 * churn cheap before JDK 21. Idle platform threads end after {@link #KEEP_ALIVE_SECONDS}, and all
 * of them when {@link #shutdown()} is called.
 */
final class ConnectionRunner {

    /** How long an idle platform thread waits for the next connection before it ends. */
    static final long KEEP_ALIVE_SECONDS = 10;

    private final ThreadPoolExecutor pool;

    /**
     * A runner for one server's run, from start to stop.
     *
     * @param idleName the name of platform threads between connections
     */
    ConnectionRunner(String idleName) {
        if (Threads.virtual()) {
            pool = null;
        } else {
            pool = new ThreadPoolExecutor(0, Integer.MAX_VALUE, KEEP_ALIVE_SECONDS, TimeUnit.SECONDS,
                    new SynchronousQueue<>(), task -> Threads.daemonThread(idleName, task));
        }
    }

    /**
     * Runs the task on a thread that carries the name while the task runs.
     *
     * @param name the thread's name for this connection
     * @param task what serves the connection
     */
    void run(String name, Runnable task) {
        if (pool == null) {
            Threads.connectionThread(name, task).start();
            return;
        }
        String idleName = name;
        Runnable named = () -> {
            Thread self = Thread.currentThread();
            String idle = self.getName();
            self.setName(idleName);
            try {
                task.run();
            } finally {
                self.setName(idle);
            }
        };
        try {
            pool.execute(named);
        } catch (RejectedExecutionException stopped) {
            // Accepted just as the server stopped: still served, on a thread of its own.
            Threads.daemonThread(name, task).start();
        }
    }

    /**
     * Lets idle threads end at once, without waiting for them; threads still serving a connection
     * end when it ends.
     */
    void shutdown() {
        if (pool != null) {
            pool.shutdown();
        }
    }
}
