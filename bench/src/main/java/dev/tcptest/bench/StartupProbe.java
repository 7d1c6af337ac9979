package dev.tcptest.bench;

import java.net.Socket;
import java.util.Arrays;
import java.util.Map;

/** Times a server's start-up: to its first echoed byte, and a whole start+stop cycle. */
final class StartupProbe {

    private StartupProbe() {
    }

    /**
     * Starts and stops the server {@code cycles} times each way; the first fifth warms up.
     *
     * @param server the server, stopped
     * @param cycles how many cycles per figure
     * @return the medians in microseconds
     * @throws Exception if the server fails
     */
    static Map<Metric, Double> run(EchoServer server, int cycles) throws Exception {
        int warmup = cycles / 5;
        long[] firstEcho = new long[cycles];
        long[] startStop = new long[cycles];
        byte[] one = {42};
        for (int i = 0; i < warmup + cycles; i++) {
            long start = System.nanoTime();
            int port = server.start();
            try (Socket socket = Clients.connect(port, 1).get(0)) {
                socket.getOutputStream().write(one);
                Clients.readFully(socket.getInputStream(), new byte[1]);
                long echoed = System.nanoTime();
                if (i >= warmup) {
                    firstEcho[i - warmup] = echoed - start;
                }
            }
            server.stop();
        }
        for (int i = 0; i < warmup + cycles; i++) {
            long start = System.nanoTime();
            server.start();
            server.stop();
            long stop = System.nanoTime();
            if (i >= warmup) {
                startStop[i - warmup] = stop - start;
            }
        }
        return Map.of(Metric.FIRST_ECHO, median(firstEcho) / 1e3, Metric.START_STOP, median(startStop) / 1e3);
    }

    private static double median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
