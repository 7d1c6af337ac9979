package dev.tcptest.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Opens many idle connections to a server running in a JVM of its own ({@link ServerProcess}),
 * reads that JVM's heap, resident memory and platform threads while they are held, then echoes
 * 16 bytes once on each. The client side is one thread over non-blocking channels.
 */
final class ConcurrencyProbe {

    private static final int IN_FLIGHT = 256;
    private static final long CONNECT_NANOS = TimeUnit.SECONDS.toNanos(60);
    private static final long ECHO_NANOS = TimeUnit.SECONDS.toNanos(30);

    private ConcurrencyProbe() {
    }

    /**
     * Runs the probe against a fresh server process.
     *
     * @param serverName which server
     * @param count how many connections
     * @return how many echoed, and the server's heap, RSS and thread deltas
     * @throws Exception if the server process fails
     */
    static Map<Metric, Double> run(String serverName, int count) throws Exception {
        Process process = new ProcessBuilder(javaCommand(ServerProcess.class.getName(), serverName))
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        try (BufferedReader replies = new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                PrintWriter commands = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8)) {
            int port = Integer.parseInt(expect(replies, "port"));
            commands.println("stats 0");
            Map<String, Long> before = parse(expect(replies, "accepted"));
            List<SocketChannel> channels = new ArrayList<>(count);
            try (Selector selector = Selector.open()) {
                int connected = open(selector, port, count, channels);
                commands.println("stats " + connected);
                Map<String, Long> held = parse(expect(replies, "accepted"));
                int echoed = echoOnce(selector, channels);
                Map<Metric, Double> figures = new HashMap<>();
                figures.put(Metric.HELD, (double) echoed);
                figures.put(Metric.HELD_HEAP, (held.get("heap") - before.get("heap")) / 1048576.0);
                figures.put(Metric.HELD_RSS, (held.get("rss") - before.get("rss")) / 1048576.0);
                figures.put(Metric.HELD_THREADS, (double) (held.get("threads") - before.get("threads")));
                return figures;
            } finally {
                for (SocketChannel channel : channels) {
                    closeQuietly(channel);
                }
                commands.println("quit");
            }
        } finally {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    private static int open(Selector selector, int port, int count, List<SocketChannel> channels) throws IOException {
        InetSocketAddress address = new InetSocketAddress("127.0.0.1", port);
        long deadline = System.nanoTime() + CONNECT_NANOS;
        int started = 0;
        int pending = 0;
        int connected = 0;
        while ((started < count || pending > 0) && System.nanoTime() < deadline) {
            while (started < count && pending < IN_FLIGHT) {
                SocketChannel channel = SocketChannel.open();
                channel.configureBlocking(false);
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                started++;
                if (channel.connect(address)) {
                    channels.add(channel);
                    connected++;
                } else {
                    channel.register(selector, SelectionKey.OP_CONNECT);
                    pending++;
                }
            }
            selector.select(100);
            Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
            while (keys.hasNext()) {
                SelectionKey key = keys.next();
                keys.remove();
                SocketChannel channel = (SocketChannel) key.channel();
                pending--;
                key.cancel();
                try {
                    channel.finishConnect();
                    channels.add(channel);
                    connected++;
                } catch (IOException e) {
                    closeQuietly(channel);
                }
            }
        }
        selector.selectNow();
        return connected;
    }

    private static int echoOnce(Selector selector, List<SocketChannel> channels) throws IOException {
        Map<SocketChannel, ByteBuffer> awaited = new HashMap<>();
        for (SocketChannel channel : channels) {
            ByteBuffer message = ByteBuffer.wrap("0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
            try {
                channel.write(message);
                if (message.hasRemaining()) {
                    continue;
                }
                channel.register(selector, SelectionKey.OP_READ);
                awaited.put(channel, ByteBuffer.allocate(16));
            } catch (IOException e) {
                closeQuietly(channel);
            }
        }
        int echoed = 0;
        long deadline = System.nanoTime() + ECHO_NANOS;
        while (!awaited.isEmpty() && System.nanoTime() < deadline) {
            selector.select(100);
            Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
            while (keys.hasNext()) {
                SelectionKey key = keys.next();
                keys.remove();
                SocketChannel channel = (SocketChannel) key.channel();
                ByteBuffer buffer = awaited.get(channel);
                try {
                    int n = channel.read(buffer);
                    if (n < 0 || !buffer.hasRemaining()) {
                        key.cancel();
                        awaited.remove(channel);
                        if (!buffer.hasRemaining()) {
                            echoed++;
                        }
                    }
                } catch (IOException e) {
                    key.cancel();
                    awaited.remove(channel);
                }
            }
        }
        return echoed;
    }

    /**
     * The command that runs a main class in a JVM like this one: the same java, options (but
     * agents and recordings) and class path.
     *
     * @param mainClass the class to run
     * @param args its arguments
     * @return the command
     */
    static List<String> javaCommand(String mainClass, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String option : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!option.startsWith("-agentlib") && !option.startsWith("-XX:StartFlightRecording")) {
                command.add(option);
            }
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        command.addAll(List.of(args));
        return command;
    }

    private static String expect(BufferedReader replies, String prefix) throws IOException {
        String line;
        while ((line = replies.readLine()) != null) {
            if (line.startsWith(prefix + " ")) {
                return prefix.equals("port") ? line.substring(prefix.length() + 1).trim() : line;
            }
        }
        throw new IOException("the server process ended before it answered '" + prefix + "'");
    }

    private static Map<String, Long> parse(String line) {
        String[] words = line.trim().split(" ");
        Map<String, Long> values = new HashMap<>();
        for (int i = 0; i + 1 < words.length; i += 2) {
            values.put(words[i], Long.parseLong(words[i + 1]));
        }
        return values;
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // Closing after the probe: nothing more to count.
        }
    }
}
