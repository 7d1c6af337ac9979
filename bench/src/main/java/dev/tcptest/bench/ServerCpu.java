package dev.tcptest.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;

/**
 * The CPU time the JVM spends outside the load generator's threads: the server's threads, plus
 * the JVM's own (compiler, collector), which every server pays alike. The server runs in the
 * bench's JVM, so this is what one round trip costs it, in the currency the clients compete for
 * on a machine with few cores.
 */
final class ServerCpu {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final com.sun.management.OperatingSystemMXBean PROCESS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private ServerCpu() {
    }

    /**
     * The process's CPU time so far less that of the given threads.
     *
     * @param clients the load generator's threads, started
     * @return nanoseconds, or -1 if the JVM cannot tell
     */
    static long outside(List<Thread> clients) {
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

    /** Sleeps until {@code System.nanoTime()} reaches {@code at}. */
    static void sleepUntil(long at) throws InterruptedException {
        long left;
        while ((left = at - System.nanoTime()) > 0) {
            Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
        }
    }
}
