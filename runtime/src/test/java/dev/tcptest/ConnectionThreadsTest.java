package dev.tcptest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Each connection runs on a thread of its own: virtual on JDK 21+, a daemon platform thread before. */
class ConnectionThreadsTest {

    @Test
    void connectionsRunOnNamedThreadsThatNeverKeepTheJvmAlive() throws Exception {
        CompletableFuture<Thread> seen = new CompletableFuture<>();
        // The name is read while the handler runs: a pooled platform thread takes its idle name back afterwards.
        CompletableFuture<String> name = new CompletableFuture<>();
        try (TcpServer server = TcpServer.builder().name("smtp").handler(c -> {
                    name.complete(Thread.currentThread().getName());
                    seen.complete(Thread.currentThread());
                }).start();
                Socket client = Clients.connect(server)) {
            Thread thread = seen.get();
            assertEquals("tcptest-smtp-" + server.port() + "-conn-1", name.get());
            assertTrue(thread.isDaemon(), "virtual threads are daemon threads; platform ones are made daemon");
            boolean virtual = (boolean) Thread.class.getMethod("isVirtual").invoke(thread);
            assertEquals(Runtime.version().feature() >= 21, virtual, "virtual threads exactly where the JVM has them");
        } catch (NoSuchMethodException beforeJdk19) {
            // Thread.isVirtual() does not exist before JDK 19: connection threads are platform threads there.
            assertTrue(Runtime.version().feature() < 19);
        }
    }
}
