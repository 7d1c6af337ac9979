package dev.tcptest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Eight threads drive one server's lifecycle at random for 20 s while clients connect: no
 * deadlock, only documented exceptions, nothing left running after the last stop. Run by
 * {@code -Pstress}.
 */
@Tag("stress")
class LifecycleStressTest {

    private static final Duration RUN = Duration.ofSeconds(20);

    @Test
    void randomLifecycleCallsFromEightThreadsNeitherDeadlockNorLeak() throws Exception {
        long descriptorsBefore = openDescriptors();
        TcpServer server = TcpServer.builder().shutdownTimeout(Duration.ofSeconds(2)).start();
        Queue<Throwable> unexpected = new ConcurrentLinkedQueue<>();
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong calls = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            threads.add(new Thread(() -> drive(server, running, calls, unexpected), "driver-" + i));
        }
        for (int i = 0; i < 2; i++) {
            threads.add(new Thread(() -> connect(server, running), "client-" + i));
        }
        threads.forEach(Thread::start);
        long deadline = System.nanoTime() + RUN.toNanos();
        while (System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(100); // the test's length, not an ordering of events
        }
        running.set(false);
        for (Thread thread : threads) {
            thread.join(TimeUnit.SECONDS.toMillis(30));
            if (thread.isAlive()) {
                throw new AssertionError(thread.getName() + " is stuck:\n" + threadDump());
            }
        }
        server.stop();
        assertTrue(unexpected.isEmpty(), () -> "undocumented exceptions: " + unexpected);
        assertTrue(calls.get() > 1_000, "the drivers made calls: " + calls.get());
        TcpServerTest.waitFor(() -> serverThreads() == 0);
        TcpServerTest.waitFor(() -> openDescriptors() <= descriptorsBefore + 2);
        assertEquals(0, server.activeCount());
    }

    private static void drive(TcpServer server, AtomicBoolean running, AtomicLong calls, Queue<Throwable> unexpected) {
        while (running.get()) {
            try {
                switch (ThreadLocalRandom.current().nextInt(5)) {
                    case 0 -> server.start();
                    case 1 -> server.stop();
                    case 2 -> server.pauseAccepting();
                    case 3 -> server.resumeAccepting();
                    default -> server.abort();
                }
            } catch (IllegalStateException notRunning) {
                // Documented: pauseAccepting() on a server that is not running.
            } catch (Throwable e) {
                unexpected.add(e);
            }
            calls.incrementAndGet();
        }
    }

    private static void connect(TcpServer server, AtomicBoolean running) {
        while (running.get()) {
            try (Socket client = Clients.connect(server.address(), 200)) {
                client.setSoTimeout(200);
                client.getOutputStream().write('x');
                client.getInputStream().read();
            } catch (IOException | UncheckedIOException | IllegalStateException e) {
                // Refused, reset or timed out: the server is stopping, stopped or paused.
            }
        }
    }

    private static long serverThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("tcptest-")).count();
    }

    static long openDescriptors() {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        } catch (IOException e) {
            return 0;
        }
    }

    private static String threadDump() {
        StringBuilder dump = new StringBuilder();
        for (ThreadInfo info : ManagementFactory.getThreadMXBean().dumpAllThreads(true, true)) {
            dump.append(info);
        }
        return dump.toString();
    }
}
