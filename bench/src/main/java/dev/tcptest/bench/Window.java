package dev.tcptest.bench;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The time window of one measurement: a warm-up whose operations are not counted, then the
 * measured part. Times are {@link System#nanoTime()} values.
 *
 * @param measureFrom when counting starts
 * @param end when the load stops
 */
record Window(long measureFrom, long end) {

    /**
     * A window starting now.
     *
     * @param warmupMillis how long before counting starts
     * @param measureMillis how long operations are counted
     * @return the window
     */
    static Window startingNow(long warmupMillis, long measureMillis) {
        long from = System.nanoTime() + warmupMillis * 1_000_000;
        return new Window(from, from + measureMillis * 1_000_000);
    }

    /**
     * Whether an operation that ran from {@code start} to {@code stop} counts.
     *
     * @param start when it began
     * @param stop when it ended
     * @return true if it lies wholly inside the measured part
     */
    boolean counts(long start, long stop) {
        return start >= measureFrom && stop <= end;
    }

    /**
     * Whether the load should go on.
     *
     * @return true before the end
     */
    boolean open() {
        return System.nanoTime() < end;
    }

    /**
     * The measured length in seconds.
     *
     * @return seconds
     */
    double seconds() {
        return (end - measureFrom) / 1e9;
    }

    /**
     * Holds the load generator's threads until all are running, then opens their window: on two
     * busy cores, starting a few dozen threads beside the ones already running can take longer
     * than the warm-up, and a window opened before would count a load that is still growing.
     */
    static final class Gate {

        /** How long the gate waits for a thread that does not arrive (it failed, and says so). */
        private static final long ARRIVAL_SECONDS = 10;

        private final long warmupMillis;
        private final long measureMillis;
        private final CountDownLatch arrived;
        private final CountDownLatch opened = new CountDownLatch(1);
        private volatile Window window;

        /**
         * A closed gate.
         *
         * @param threads how many threads will arrive at it
         * @param warmupMillis the window's warm-up
         * @param measureMillis the window's measured part
         */
        Gate(int threads, long warmupMillis, long measureMillis) {
            this.arrived = new CountDownLatch(threads);
            this.warmupMillis = warmupMillis;
            this.measureMillis = measureMillis;
        }

        /**
         * Arrives and waits for the gate to open; called by each thread before its load.
         *
         * @return the window
         * @throws InterruptedException if interrupted while waiting
         */
        Window await() throws InterruptedException {
            arrived.countDown();
            opened.await();
            return window;
        }

        /**
         * Waits until every thread has arrived, then opens the gate with a window starting now.
         *
         * @return the window
         * @throws InterruptedException if interrupted while waiting
         */
        Window open() throws InterruptedException {
            arrived.await(ARRIVAL_SECONDS, TimeUnit.SECONDS);
            window = startingNow(warmupMillis, measureMillis);
            opened.countDown();
            return window;
        }
    }
}
