package dev.tcptest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** Start, serve and stop many times: nothing may stay behind. */
class ResourceLeakTest {

    private final List<Thread> handlerThreads = new CopyOnWriteArrayList<>();

    @Test
    @EnabledOnOs(OS.LINUX)
    void twoHundredStartServeStopCyclesLeaveNoThreadAndNoFileDescriptor() throws Exception {
        cycle(5); // warm up class loading and JDK-internal descriptors (epoll, caches)
        Map<String, Long> before = networkDescriptors();

        cycle(200);

        assertEquals(205, handlerThreads.size(), "every connection was served on a thread of its own");
        for (Thread thread : handlerThreads) {
            thread.join(Clients.WAIT.toMillis());
            assertFalse(thread.isAlive(), "connection thread " + thread + " outlived its server");
        }
        // Platform threads of the server (acceptors before JDK 21) are named after it; connection threads were joined above.
        TcpServerTest.waitFor(() -> platformServerThreads() == 0);
        // Of each kind at most as many as before: one fewer is another test's socket that the JDK's
        // cleaner closed meanwhile. Files are left out: the JVM opens jars and devices lazily.
        long deadline = System.nanoTime() + Clients.WAIT.toNanos();
        Map<String, Long> after = networkDescriptors();
        while (!noMoreOfAnyKind(after, before) && System.nanoTime() < deadline) {
            Thread.sleep(5);
            after = networkDescriptors();
        }
        assertTrue(noMoreOfAnyKind(after, before), "descriptors left behind: " + before + " before, " + after + " after");
    }

    private static boolean noMoreOfAnyKind(Map<String, Long> after, Map<String, Long> before) {
        return after.entrySet().stream().allMatch(kind -> kind.getValue() <= before.getOrDefault(kind.getKey(), 0L));
    }

    private void cycle(int times) throws Exception {
        for (int i = 0; i < times; i++) {
            AcceptHandler handler = i % 2 == 0 ? Handlers.echo() : Handlers.silent();
            AcceptHandler tracked = connection -> {
                handlerThreads.add(Thread.currentThread());
                handler.handle(connection);
            };
            try (TcpServer server = TcpServer.builder().handler(tracked).start();
                    Socket client = Clients.connect(server)) {
                Clients.send(client, "ping");
                if (i % 2 == 0) {
                    client.getInputStream().readNBytes(4);
                } else {
                    TcpServerTest.waitFor(() -> server.activeCount() == 1);
                }
            }
        }
    }

    private static long platformServerThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("tcptest-")).count();
    }

    /** Open sockets, selectors (epoll, eventfd) and pipes by kind, such as {@code socket} or {@code anon_inode:[eventpoll]}. */
    private static Map<String, Long> networkDescriptors() throws IOException {
        Map<String, Long> kinds = new TreeMap<>();
        try (DirectoryStream<Path> descriptors = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
            for (Path descriptor : descriptors) {
                String target;
                try {
                    target = Files.readSymbolicLink(descriptor).toString();
                } catch (IOException closedMeanwhile) { // the stream's own descriptor, for one
                    continue;
                }
                String kind = target.startsWith("anon_inode:") ? target : target.replaceFirst(":\\[\\d+\\]$", "");
                if (kind.equals("socket") || kind.equals("pipe") || kind.startsWith("anon_inode:")) {
                    kinds.merge(kind, 1L, Long::sum);
                }
            }
        }
        return kinds;
    }
}
