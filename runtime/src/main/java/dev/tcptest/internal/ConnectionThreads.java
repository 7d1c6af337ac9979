package dev.tcptest.internal;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The threads that serve a run's connections: a new one when none is free, kept for the next
 * connection for 30 seconds after. A thread can be started before there is work for it, which a
 * {@code ThreadPoolExecutor} cannot do: the accept thread starts one as soon as it runs, so that
 * the first client does not wait for a thread to start after it connected. The thread freed last
 * takes the next task, while its caches are warm.
 */
final class ConnectionThreads {

    private static final long KEEP_ALIVE_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final String idleName;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition ended = lock.newCondition();
    // Guarded by the lock.
    private final Deque<Worker> free = new ArrayDeque<>();
    private final Set<Thread> threads = new HashSet<>();
    private boolean shutdown;

    /**
     * @param idleName the name of a thread while it serves no connection
     */
    ConnectionThreads(String idleName) {
        this.idleName = idleName;
    }

    /** One thread and the task handed to it, if any. */
    private final class Worker {
        private final Thread thread = Threads.daemonThread(idleName, this::work);
        // Null for a thread started free.
        private final Runnable first;
        // A task handed to the thread while free; guarded by the lock.
        private Runnable task;

        Worker(Runnable first) {
            this.first = first;
        }

        private void work() {
            try {
                Runnable next = first != null ? first : awaitTask(true);
                while (next != null) {
                    next.run();
                    next = awaitTask(false);
                }
            } finally {
                lock.lock();
                try {
                    threads.remove(thread);
                    ended.signalAll();
                } finally {
                    lock.unlock();
                }
            }
        }

        /** Waits free for a task; null once free long enough, or after the shutdown. */
        private Runnable awaitTask(boolean listed) {
            long deadline = System.nanoTime() + KEEP_ALIVE_NANOS;
            lock.lock();
            try {
                if (!listed) {
                    free.push(this);
                }
                while (task == null) {
                    long left = deadline - System.nanoTime();
                    if (shutdown || left <= 0) {
                        free.remove(this);
                        return null;
                    }
                    lock.unlock();
                    LockSupport.parkNanos(this, left);
                    // An interrupt meant for the connection this thread served last: a free thread
                    // ends by time or by the shutdown only, and parks again.
                    Thread.interrupted();
                    lock.lock();
                }
                Runnable next = task;
                task = null;
                return next;
            } finally {
                lock.unlock();
            }
        }
    }

    /**
     * Starts a free thread ahead of the work it will take, unless the threads are shut down. It
     * starts under the lock, so that a task handed to it finds it started.
     */
    void startFree() {
        lock.lock();
        try {
            if (!shutdown) {
                Worker worker = added(null);
                free.push(worker);
                start(worker);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Runs a task on the thread freed last, or on a new one.
     *
     * @throws RejectedExecutionException after {@link #shutdown()}
     */
    void execute(Runnable task) {
        Worker worker;
        lock.lock();
        try {
            if (shutdown) {
                throw new RejectedExecutionException("the run's connection threads are shut down");
            }
            worker = free.poll();
            if (worker != null) {
                worker.task = task;
            }
        } finally {
            lock.unlock();
        }
        if (worker != null) {
            LockSupport.unpark(worker.thread);
            return;
        }
        start(added(task));
    }

    private Worker added(Runnable first) {
        Worker worker = new Worker(first);
        lock.lock();
        try {
            threads.add(worker.thread);
        } finally {
            lock.unlock();
        }
        return worker;
    }

    private void start(Worker worker) {
        try {
            worker.thread.start();
        } catch (RuntimeException | Error e) {
            lock.lock();
            try {
                threads.remove(worker.thread);
                free.remove(worker);
                ended.signalAll();
            } finally {
                lock.unlock();
            }
            throw e;
        }
    }

    /** No task is taken from now on; the free threads end, the others after their task. */
    void shutdown() {
        lock.lock();
        try {
            shutdown = true;
            for (Worker worker : free) {
                LockSupport.unpark(worker.thread);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits for every thread to end, after {@link #shutdown()}.
     *
     * @return whether they all ended in time
     * @throws InterruptedException if the wait is interrupted
     */
    boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        long left = unit.toNanos(timeout);
        lock.lock();
        try {
            while (!threads.isEmpty()) {
                if (left <= 0) {
                    return false;
                }
                left = ended.awaitNanos(left);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }
}
