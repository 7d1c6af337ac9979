package dev.tcptest.bench;

import java.net.Socket;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Times the servers' start-up: to the first echoed byte, and a whole start+stop cycle. The
 * servers take turns cycle by cycle, in the orders of {@link Orders}, so that the machine's
 * noise falls on all of them alike.
 */
final class StartupProbe {

    private StartupProbe() {
    }

    /**
     * Starts and stops each server {@code cycles} times each way, after a fifth as many to warm up.
     *
     * @param servers the servers, stopped
     * @param cycles how many cycles per server and figure
     * @return each server's medians in microseconds, by server name
     * @throws Exception if a server fails
     */
    static Map<String, Map<Metric, Double>> run(List<EchoServer> servers, int cycles) throws Exception {
        int warmup = cycles / 5;
        Map<String, long[]> firstEcho = new HashMap<>();
        Map<String, long[]> startStop = new HashMap<>();
        for (EchoServer server : servers) {
            firstEcho.put(server.name(), new long[cycles]);
            startStop.put(server.name(), new long[cycles]);
        }
        byte[] one = {42};
        for (int i = 0; i < warmup + cycles; i++) {
            for (EchoServer server : Orders.of(servers, i)) {
                long start = System.nanoTime();
                int port = server.start();
                try (Socket socket = Clients.connect(port, 1).get(0)) {
                    socket.getOutputStream().write(one);
                    Clients.readFully(socket.getInputStream(), new byte[1]);
                    long echoed = System.nanoTime();
                    if (i >= warmup) {
                        firstEcho.get(server.name())[i - warmup] = echoed - start;
                    }
                }
                server.stop();
            }
        }
        for (int i = 0; i < warmup + cycles; i++) {
            for (EchoServer server : Orders.of(servers, i)) {
                long start = System.nanoTime();
                server.start();
                server.stop();
                long stop = System.nanoTime();
                if (i >= warmup) {
                    startStop.get(server.name())[i - warmup] = stop - start;
                }
            }
        }
        Map<String, Map<Metric, Double>> figures = new HashMap<>();
        for (EchoServer server : servers) {
            figures.put(server.name(), Map.of(Metric.FIRST_ECHO, median(firstEcho.get(server.name())) / 1e3,
                    Metric.START_STOP, median(startStop.get(server.name())) / 1e3));
        }
        return figures;
    }

    private static double median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
