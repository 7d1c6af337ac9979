package dev.tcptest.bench;

/**
 * One row of the table.
 *
 * @param label what is measured, with its unit
 * @param higherIsBetter whether a larger figure wins (throughput) or a smaller one (latency, memory)
 */
record Metric(String label, boolean higherIsBetter) {

    static final Metric BULK_1 = new Metric("bulk echo, 1 conn (MB/s)", true);
    static final Metric BULK_16 = new Metric("bulk echo, 16 conns (MB/s)", true);
    static final Metric PING_OPS = new Metric("ping-pong, 64 conns (round trips/s)", true);
    static final Metric PING_P50 = new Metric("ping-pong p50 (us)", false);
    static final Metric PING_P99 = new Metric("ping-pong p99 (us)", false);
    static final Metric PING_CPU = new Metric("ping-pong server CPU per round trip (us)", false);
    static final Metric CHURN = new Metric("churn, 8 threads (conns/s)", true);
    static final Metric HELD = new Metric("10,000 idle conns: echoed once (of 10,000)", true);
    static final Metric HELD_HEAP = new Metric("10,000 conns: server heap after GC (MiB, delta)", false);
    static final Metric HELD_RSS = new Metric("10,000 conns: server RSS (MiB, delta)", false);
    static final Metric HELD_THREADS = new Metric("10,000 conns: server platform threads (delta)", false);
    static final Metric FIRST_ECHO = new Metric("start() to first echo (us, median)", false);
    static final Metric START_STOP = new Metric("start+stop cycle (us, median)", false);

    /** Every metric in table order. */
    static final Metric[] ALL = {BULK_1, BULK_16, PING_OPS, PING_P50, PING_P99, PING_CPU, CHURN, HELD, HELD_HEAP, HELD_RSS,
        HELD_THREADS, FIRST_ECHO, START_STOP};
}
