package dev.tcptest.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A JVM of its own for one echo server, so that its heap, memory and threads can be read without
 * the load generator's. Talks over standard input and output, one line per command:
 * {@code stats N} waits until N connections are accepted (at most 20 s) and answers
 * {@code accepted A heap H rss R threads T}; {@code quit} stops the server and exits.
 */
public final class ServerProcess {

    private ServerProcess() {
    }

    /**
     * Starts the named server and prints {@code port P}.
     *
     * @param args the server's name
     * @throws Exception if the server fails
     */
    public static void main(String[] args) throws Exception {
        Bench.quietLogging();
        EchoServer server = EchoServer.named(args[0]);
        int port = server.start();
        System.out.println("port " + port);
        BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = commands.readLine()) != null) {
            if (line.startsWith("stats")) {
                long expected = Long.parseLong(line.substring("stats".length()).trim());
                long deadline = System.nanoTime() + 20_000_000_000L;
                while (server.accepted() < expected && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                System.out.println(stats(server.accepted()));
            } else if (line.equals("quit")) {
                break;
            }
        }
        server.stop();
        System.out.println("stopped");
    }

    private static String stats(long accepted) throws IOException {
        System.gc();
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        int threads = ManagementFactory.getThreadMXBean().getThreadCount();
        return "accepted " + accepted + " heap " + heap + " rss " + rss() + " threads " + threads;
    }

    /** The resident set size from /proc, in bytes, or -1 where there is none. */
    private static long rss() throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.isReadable(status)) {
            return -1;
        }
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        return -1;
    }
}
