package dev.tcptest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.net.Socket;
import java.util.List;
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
        long descriptorsBefore = openDescriptors();

        cycle(200);

        assertEquals(205, handlerThreads.size(), "every connection was served on a thread of its own");
        for (Thread thread : handlerThreads) {
            thread.join(Clients.WAIT.toMillis());
            assertFalse(thread.isAlive(), "connection thread " + thread + " outlived its server");
        }
        // Platform threads of the server (acceptors before JDK 21) are named after it; connection threads were joined above.
        TcpServerTest.waitFor(() -> platformServerThreads() == 0);
        // At most as many as before: one fewer is another test's socket that the JDK's cleaner closed meanwhile.
        long descriptorsAfter = openDescriptors();
        assertTrue(descriptorsAfter <= descriptorsBefore,
                "file descriptors left behind: " + descriptorsBefore + " before, " + descriptorsAfter + " after");
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

    private static long openDescriptors() {
        String[] entries = new File("/proc/self/fd").list();
        return entries == null ? -1 : entries.length;
    }
}
