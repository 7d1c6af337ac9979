package dev.tcptest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Each connection runs on a daemon platform thread of its own (see the runner's test for the limit). */
class ConnectionThreadsTest {

    @Test
    void connectionsRunOnNamedPlatformThreadsThatNeverKeepTheJvmAlive() throws Exception {
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
            assertTrue(thread.isDaemon(), "platform connection threads are daemon threads");
            assertFalse(isVirtual(thread), "the first connections are served on platform threads");
        }
    }

    static boolean isVirtual(Thread thread) throws Exception {
        try {
            return (boolean) Thread.class.getMethod("isVirtual").invoke(thread);
        } catch (NoSuchMethodException beforeJdk19) {
            return false;
        }
    }
}
