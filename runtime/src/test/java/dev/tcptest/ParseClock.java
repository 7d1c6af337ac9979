package dev.tcptest;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;

/**
 * How the fuzz tests time a parse: by the thread's CPU time where the JVM measures it, since
 * parsing is work on this thread alone and a busy machine must not make a fast parser look slow.
 */
final class ParseClock {

    /** The bound on deciding one input, accepted or rejected: linear parsers stay far below it. */
    static final long DECIDED_WITHIN_NANOS = Duration.ofSeconds(1).toNanos();

    private ParseClock() {
    }

    /** {@return the calling thread's CPU time in nanoseconds, or the wall clock's where not measured} */
    static long now() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        boolean measured = threads.isCurrentThreadCpuTimeSupported() && threads.isThreadCpuTimeEnabled();
        return measured ? threads.getCurrentThreadCpuTime() : System.nanoTime();
    }
}
