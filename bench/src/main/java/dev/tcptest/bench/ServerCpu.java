package dev.tcptest.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The CPU time the JVM spends outside the load generator's threads over one span of a window: the
 * server's threads, plus the JVM's own (compiler, collector), which every server pays alike. The
 * server runs in the bench's JVM, so this is what the load costs it, in the currency the clients
 * compete for on a machine with few cores.
 *
 * <p>The client threads take the two samples themselves, whichever first finishes an operation
 * past each end of the span: they run all the time, while a thread that slept until then could
 * wake hundreds of milliseconds late behind a few hundred busy ones, leaving a span too short for
 * the process's CPU clock, which ticks in milliseconds.
 */
final class ServerCpu {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final com.sun.management.OperatingSystemMXBean PROCESS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private static final int IDLE = 0;
    private static final int FIRST_TAKEN = 2;
    private static final int DONE = 4;

    private volatile long from;
    private volatile long to;
    /** IDLE, then odd while a sample is being taken, FIRST_TAKEN, DONE. */
    private final AtomicInteger state = new AtomicInteger(IDLE);
    private volatile List<Thread> clients;
    private volatile long cpuFrom;
    private volatile long timeFrom;
    private volatile long cpuTo;
    private volatile long timeTo;

    /**
     * Sets the span, once every client has started; no sample is taken before.
     *
     * @param started the load generator's threads
     * @param from when the first sample is due, a {@link System#nanoTime()} value
     * @param to when the second is due, while every client is still in its loop (a thread's time is
     *     gone once it ends)
     */
    void span(List<Thread> started, long from, long to) {
        this.from = from;
        this.to = to;
        clients = List.copyOf(started);
    }

    /**
     * Called by a client thread after each operation: takes a sample if one is due and not taken.
     *
     * @param now the operation's end
     */
    void passing(long now) {
        int current = state.get();
        boolean due = current == IDLE ? now >= from : current == FIRST_TAKEN && now >= to;
        List<Thread> threads = clients;
        if (!due || threads == null || !state.compareAndSet(current, current + 1)) {
            return;
        }
        long cpu = outside(threads);
        long time = System.nanoTime();
        if (current == IDLE) {
            cpuFrom = cpu;
            timeFrom = time;
        } else {
            cpuTo = cpu;
            timeTo = time;
        }
        state.set(current + 2);
    }

    /**
     * The CPU outside the clients per operation, given the clients' rate over the whole window.
     *
     * @param operationsPerSecond the rate
     * @return microseconds per operation, or NaN if a sample is missing or the JVM cannot tell
     */
    double microsPerOperation(double operationsPerSecond) {
        if (state.get() != DONE || cpuFrom < 0 || cpuTo < 0) {
            return Double.NaN;
        }
        return (cpuTo - cpuFrom) / 1e3 / (operationsPerSecond * (timeTo - timeFrom) / 1e9);
    }

    /** The process's CPU time so far less that of the given threads, in nanoseconds, or -1. */
    private static long outside(List<Thread> clients) {
        if (!THREADS.isThreadCpuTimeSupported() || !THREADS.isThreadCpuTimeEnabled()) {
            return -1;
        }
        long process = PROCESS.getProcessCpuTime();
        if (process < 0) {
            return -1;
        }
        long total = process;
        for (Thread client : clients) {
            @SuppressWarnings("deprecation") // Thread.threadId() is JDK 19+; the bench runs on 17.
            long id = client.getId();
            long time = THREADS.getThreadCpuTime(id);
            if (time > 0) {
                total -= time;
            }
        }
        return total;
    }
}
