package dev.tcptest.bench;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/** The load generator: blocking client sockets on platform threads, the same for every server. */
final class Clients {

    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;
    private static final int READ_TIMEOUT_MILLIS = 10_000;
    /** Most connections one churn measurement makes, so that ephemeral ports are never exhausted. */
    private static final int CHURN_LIMIT = 40_000;
    /** Most latencies kept per ping-pong connection. */
    private static final int LATENCY_SAMPLES = 1 << 16;
    /** How long before the window's end the server's CPU is last sampled, while every client still runs. */
    private static final long CPU_MARGIN_NANOS = 100_000_000;

    private Clients() {
    }

    /**
     * Streams 64 KiB chunks over each connection while reading the echo on a second thread. After
     * the window the clients wait until every byte has come back and then close: a half-close
     * would end the stream as well, but NetCrusher loses one that arrives while its queues are
     * full, and how the stream ends is no part of the figure.
     *
     * @param port the server's port
     * @param connections how many connections at once
     * @param warmupMillis how long before counting starts
     * @param measureMillis how long to count
     * @return echoed megabytes (10^6 bytes) per second, summed over the connections
     * @throws Exception if a connection fails
     */
    static double bulk(int port, int connections, long warmupMillis, long measureMillis) throws Exception {
        return bulk(port, null, connections, warmupMillis, measureMillis);
    }

    /** {@link #bulk(int, int, long, long)} over TLS with the context's trust, or plain for null. */
    static double bulk(int port, SSLContext tls, int connections, long warmupMillis, long measureMillis) throws Exception {
        List<Socket> sockets = connect(port, tls, connections);
        LongAdder counted = new LongAdder();
        Window.Gate gate = new Window.Gate(2 * connections, warmupMillis, measureMillis);
        long[] written = new long[connections];
        AtomicLongArray received = new AtomicLongArray(connections);
        AtomicBoolean closing = new AtomicBoolean();
        List<Thread> writers = new ArrayList<>();
        List<Thread> readers = new ArrayList<>();
        AtomicInteger failures = new AtomicInteger();
        for (int i = 0; i < connections; i++) {
            int index = i;
            Socket socket = sockets.get(i);
            writers.add(start("bulk-writer", () -> {
                Window window = gate.await();
                byte[] chunk = new byte[64 * 1024];
                OutputStream out = socket.getOutputStream();
                while (window.open()) {
                    out.write(chunk);
                    written[index] += chunk.length;
                }
            }, failures));
            readers.add(start("bulk-reader", () -> readEcho(socket, index, received, counted, gate.await(), closing),
                    failures));
        }
        Window window = gate.open();
        joinAll(writers, window);
        awaitEcho(written, received, failures);
        closing.set(true);
        closeAll(sockets);
        joinAll(readers, window);
        check(failures, "bulk");
        return counted.sum() / window.seconds() / 1e6;
    }

    private static void readEcho(Socket socket, int index, AtomicLongArray received, LongAdder counted, Window window,
            AtomicBoolean closing) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        InputStream in = socket.getInputStream();
        try {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                received.addAndGet(index, n);
                long now = System.nanoTime();
                if (window.counts(now, now)) {
                    counted.add(n);
                }
            }
        } catch (IOException e) {
            if (!closing.get()) {
                throw e;
            }
        }
    }

    /** Waits, within the read timeout, until each connection has received as much as it wrote. */
    private static void awaitEcho(long[] written, AtomicLongArray received, AtomicInteger failures)
            throws InterruptedException {
        long deadline = System.nanoTime() + READ_TIMEOUT_MILLIS * 1_000_000L;
        for (int i = 0; i < written.length; i++) {
            while (received.get(i) < written[i] && failures.get() == 0) {
                if (System.nanoTime() > deadline) {
                    failures.incrementAndGet();
                    System.err.println("bulk: " + (written[i] - received.get(i)) + " of " + written[i] + " bytes did"
                            + " not come back within " + READ_TIMEOUT_MILLIS + " ms");
                    return;
                }
                Thread.sleep(1);
            }
        }
    }

    /**
     * Sends 64 bytes and waits for their echo, over and over, on each connection. Every connection
     * makes one round trip before the window opens, so that the figures are those of connections
     * the server has set up, not of its set-up (which churn and start-up measure).
     *
     * @param port the server's port
     * @param connections how many connections, one thread each
     * @param warmupMillis how long before counting starts
     * @param measureMillis how long to count
     * @return round trips per second, and the p50 and p99 latency in microseconds
     * @throws Exception if a connection fails
     */
    static Map<Metric, Double> pingPong(int port, int connections, long warmupMillis, long measureMillis)
            throws Exception {
        return pingPong(port, null, connections, warmupMillis, measureMillis);
    }

    /** {@link #pingPong(int, int, long, long)} over TLS with the context's trust, or plain for null. */
    static Map<Metric, Double> pingPong(int port, SSLContext tls, int connections, long warmupMillis, long measureMillis)
            throws Exception {
        List<Socket> sockets = connect(port, tls, connections);
        Window.Gate gate = new Window.Gate(connections, warmupMillis, measureMillis);
        ServerCpu cpu = new ServerCpu();
        long[][] latencies = new long[connections][];
        int[] counts = new int[connections];
        List<Thread> threads = new ArrayList<>();
        AtomicInteger failures = new AtomicInteger();
        for (int i = 0; i < connections; i++) {
            int index = i;
            Socket socket = sockets.get(i);
            threads.add(start("ping-pong", () -> {
                long[] kept = new long[LATENCY_SAMPLES];
                int ops = 0;
                byte[] ping = new byte[64];
                byte[] pong = new byte[64];
                InputStream in = socket.getInputStream();
                OutputStream out = socket.getOutputStream();
                // One round trip first: the window sees connections the server has finished setting up.
                out.write(ping);
                readFully(in, pong);
                Window window = gate.await();
                while (window.open()) {
                    long start = System.nanoTime();
                    out.write(ping);
                    readFully(in, pong);
                    long stop = System.nanoTime();
                    if (window.counts(start, stop)) {
                        if (ops < kept.length) {
                            kept[ops] = stop - start;
                        }
                        ops++;
                    }
                    cpu.passing(stop);
                }
                latencies[index] = kept;
                counts[index] = ops;
            }, failures));
        }
        Window window = gate.open();
        cpu.span(threads, window.measureFrom(), window.end() - CPU_MARGIN_NANOS);
        joinAll(threads, window);
        closeAll(sockets);
        check(failures, "ping-pong");
        long ops = 0;
        for (int count : counts) {
            ops += count;
        }
        double opsPerSecond = ops / window.seconds();
        long[] sorted = sortedLatencies(latencies, counts);
        return Map.of(Metric.PING_OPS, opsPerSecond,
                Metric.PING_P50, percentile(sorted, 0.50) / 1e3,
                Metric.PING_P99, percentile(sorted, 0.99) / 1e3,
                Metric.PING_CPU, cpu.microsPerOperation(opsPerSecond));
    }

    /** Every connection's kept latencies in one sorted array. */
    private static long[] sortedLatencies(long[][] latencies, int[] counts) {
        int total = 0;
        for (int count : counts) {
            total += Math.min(count, LATENCY_SAMPLES);
        }
        long[] all = new long[total];
        int at = 0;
        for (int i = 0; i < latencies.length; i++) {
            int kept = Math.min(counts[i], LATENCY_SAMPLES);
            System.arraycopy(latencies[i], 0, all, at, kept);
            at += kept;
        }
        Arrays.sort(all);
        return all;
    }

    /**
     * Connects, echoes 16 bytes and closes, over and over, from each thread.
     *
     * @param port the server's port
     * @param threadCount how many client threads
     * @param warmupMillis how long before counting starts
     * @param measureMillis how long to count
     * @return completed connections per second
     * @throws Exception if a connection fails
     */
    static double churn(int port, int threadCount, long warmupMillis, long measureMillis) throws Exception {
        InetSocketAddress address = new InetSocketAddress("127.0.0.1", port);
        Window.Gate gate = new Window.Gate(threadCount, warmupMillis, measureMillis);
        AtomicInteger budget = new AtomicInteger(CHURN_LIMIT);
        AtomicLong exhaustedAt = new AtomicLong(Long.MAX_VALUE);
        LongAdder counted = new LongAdder();
        List<Thread> threads = new ArrayList<>();
        AtomicInteger failures = new AtomicInteger();
        for (int i = 0; i < threadCount; i++) {
            threads.add(start("churn", () -> {
                Window window = gate.await();
                byte[] message = new byte[16];
                byte[] echo = new byte[16];
                while (window.open()) {
                    if (budget.decrementAndGet() < 0) {
                        exhaustedAt.compareAndSet(Long.MAX_VALUE, System.nanoTime());
                        return;
                    }
                    long start = System.nanoTime();
                    try (Socket socket = new Socket()) {
                        socket.setTcpNoDelay(true);
                        socket.setSoTimeout(READ_TIMEOUT_MILLIS);
                        socket.connect(address, CONNECT_TIMEOUT_MILLIS);
                        socket.getOutputStream().write(message);
                        readFully(socket.getInputStream(), echo);
                    }
                    if (window.counts(start, System.nanoTime())) {
                        counted.increment();
                    }
                }
            }, failures));
        }
        Window window = gate.open();
        joinAll(threads, window);
        check(failures, "churn");
        long stop = Math.min(window.end(), exhaustedAt.get());
        return counted.sum() / ((stop - window.measureFrom()) / 1e9);
    }

    /**
     * Opens connections with the bench's socket settings (no Nagle, a read timeout).
     *
     * @param port the server's port on 127.0.0.1
     * @param count how many
     * @return the connected sockets
     * @throws IOException if a connect fails
     */
    static List<Socket> connect(int port, int count) throws IOException {
        return connect(port, null, count);
    }

    /** {@link #connect(int, int)}, with TLS over each socket, shaken hands, when a context is given. */
    static List<Socket> connect(int port, SSLContext tls, int count) throws IOException {
        List<Socket> sockets = new ArrayList<>(count);
        InetSocketAddress address = new InetSocketAddress("127.0.0.1", port);
        for (int i = 0; i < count; i++) {
            Socket socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(READ_TIMEOUT_MILLIS);
            socket.connect(address, CONNECT_TIMEOUT_MILLIS);
            if (tls != null) {
                SSLSocket layered = (SSLSocket) tls.getSocketFactory().createSocket(socket, "127.0.0.1", port, true);
                layered.startHandshake();
                socket = layered;
            }
            sockets.add(socket);
        }
        return sockets;
    }

    /**
     * Reads until the buffer is full.
     *
     * @param in the stream
     * @param buffer where the bytes go
     * @throws IOException if the stream ends first or fails
     */
    static void readFully(InputStream in, byte[] buffer) throws IOException {
        int at = 0;
        while (at < buffer.length) {
            int n = in.read(buffer, at, buffer.length - at);
            if (n < 0) {
                throw new EOFException("the server closed after " + at + " of " + buffer.length + " echoed bytes");
            }
            at += n;
        }
    }

    private static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.floor(p * sorted.length))];
    }

    /** A client task that may fail with an I/O error. */
    private interface Task {
        void run() throws Exception;
    }

    private static Thread start(String name, Task task, AtomicInteger failures) {
        Thread thread = new Thread(() -> {
            try {
                task.run();
            } catch (Exception e) {
                if (failures.getAndIncrement() == 0) {
                    System.err.println(name + " failed: " + e);
                }
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static void joinAll(List<Thread> threads, Window window) throws InterruptedException {
        long deadline = window.end() + (READ_TIMEOUT_MILLIS + 5_000) * 1_000_000L;
        for (Thread thread : threads) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            thread.join(Math.max(1, left));
        }
    }

    private static void closeAll(List<Socket> sockets) {
        for (Socket socket : sockets) {
            try {
                socket.close();
            } catch (IOException e) {
                // Closing after the measurement: nothing more to count.
            }
        }
    }

    private static void check(AtomicInteger failures, String scenario) {
        if (failures.get() > 0) {
            throw new IllegalStateException(scenario + ": " + failures.get() + " client thread(s) failed");
        }
    }
}
