package dev.tcptest.bench;

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
}
