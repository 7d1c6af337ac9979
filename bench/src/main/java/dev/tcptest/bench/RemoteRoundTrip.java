package dev.tcptest.bench;

import dev.tcptest.RecordedConnection;
import dev.tcptest.TcpServer;
import dev.tcptest.remote.ControlEndpoint;
import dev.tcptest.remote.RemoteServers;
import dev.tcptest.remote.RemoteTcpServer;
import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;

/**
 * The cost of steering a server through its control endpoint: one {@code pauseAccepting()} and
 * one {@code takeConnection} of a finished connection, remote and in process, side by side.
 * Run by {@code bench/run.sh --remote}.
 */
public final class RemoteRoundTrip {

    private static final int WARMUP = 2_000;
    private static final int CALLS = 5_000;

    private RemoteRoundTrip() {
    }

    /**
     * Prints the medians and 99th percentiles in microseconds.
     *
     * @param args none
     * @throws Exception if a call fails
     */
    public static void main(String[] args) throws Exception {
        try (TcpServer server = TcpServer.builder().retention(100, 1 << 20).start();
                ControlEndpoint endpoint = ControlEndpoint.start("127.0.0.1", 0)) {
            endpoint.register("bench", server);
            RemoteTcpServer remote = RemoteServers.connect(endpoint.url()).server("bench");
            measure(WARMUP, server, remote);
            long[][] figures = measure(CALLS, server, remote);
            System.out.println("| call (us) | in process, p50 | p99 | remote, p50 | p99 |");
            System.out.println("|---|---:|---:|---:|---:|");
            print("pauseAccepting()", figures[0], figures[1]);
            print("takeConnection(5s), one finished", figures[2], figures[3]);
        }
    }

    /** {local pause, remote pause, local take, remote take} times in nanoseconds. */
    private static long[][] measure(int calls, TcpServer server, RemoteTcpServer remote) throws Exception {
        long[][] times = new long[4][calls];
        for (int i = 0; i < calls; i++) {
            long start = System.nanoTime();
            server.pauseAccepting();
            times[0][i] = System.nanoTime() - start;
            server.resumeAccepting();
            start = System.nanoTime();
            remote.pauseAccepting();
            times[1][i] = System.nanoTime() - start;
            server.resumeAccepting();

            times[2][i] = timedTake(server, () -> server.takeConnection(Duration.ofSeconds(5)));
            times[3][i] = timedTake(server, () -> remote.takeConnection(Duration.ofSeconds(5)));
        }
        return times;
    }

    private interface Take {
        RecordedConnection take() throws Exception;
    }

    /** Talks to the server once and waits until that connection finished, then times the take alone. */
    private static long timedTake(TcpServer server, Take take) throws Exception {
        long accepted = server.acceptedCount();
        echoOnce(server);
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!finished(server, accepted + 1)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("connection #" + (accepted + 1) + " did not finish within 5 s");
            }
            Thread.onSpinWait();
        }
        long start = System.nanoTime();
        RecordedConnection taken = take.take();
        long time = System.nanoTime() - start;
        if (taken == null || taken.id() != accepted + 1) {
            throw new IllegalStateException("took " + taken + ", expected connection #" + (accepted + 1));
        }
        return time;
    }

    private static boolean finished(TcpServer server, long id) {
        return server.connections().stream().anyMatch(seen -> seen.id() == id && seen.closeReason() != null);
    }

    private static void echoOnce(TcpServer server) throws IOException {
        try (Socket client = new Socket(server.host(), server.port())) {
            client.getOutputStream().write(new byte[16]);
            client.shutdownOutput();
            client.getInputStream().readAllBytes();
        }
    }

    private static void print(String call, long[] local, long[] remote) {
        System.out.printf(Locale.ROOT, "| %s | %.1f | %.1f | %.1f | %.1f |%n", call, percentile(local, 50),
                percentile(local, 99), percentile(remote, 50), percentile(remote, 99));
    }

    private static double percentile(long[] nanos, int percent) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, sorted.length * percent / 100)] / 1e3;
    }
}
