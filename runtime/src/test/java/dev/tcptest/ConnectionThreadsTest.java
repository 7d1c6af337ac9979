package dev.tcptest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Each connection runs on a platform thread of its own, from a pool that ends with the server. */
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

    @Test
    void manyConnectionsAtOnceEachGetAPlatformThreadThatEndsWithTheServer() throws Exception {
        int connections = 260;
        List<Thread> threads = new CopyOnWriteArrayList<>();
        CountDownLatch serving = new CountDownLatch(connections);
        CountDownLatch release = new CountDownLatch(1);
        List<Socket> clients = new ArrayList<>();
        TcpServer server = TcpServer.builder().backlog(connections).handler(c -> {
            threads.add(Thread.currentThread());
            serving.countDown();
            release.await(Clients.WAIT.toMillis(), TimeUnit.MILLISECONDS);
            c.output().write('!');
        }).start();
        try {
            for (int i = 0; i < connections; i++) {
                clients.add(Clients.connect(server));
            }
            assertTrue(serving.await(Clients.WAIT.toSeconds(), TimeUnit.SECONDS), "every connection is being served at once");
            long virtual = 0;
            for (Thread thread : threads) {
                virtual += isVirtual(thread) ? 1 : 0;
            }
            assertEquals(0, virtual, "every connection is served on a platform thread");
            assertEquals(connections, threads.stream().distinct().count(), "a thread each");
            release.countDown();
            for (Socket client : clients) {
                assertEquals('!', client.getInputStream().read(), "every connection was served to the end");
            }
        } finally {
            release.countDown();
            for (Socket client : clients) {
                client.close();
            }
            server.stop();
        }
        for (Thread thread : threads) {
            thread.join(Clients.WAIT.toMillis());
            assertFalse(thread.isAlive(), thread + " ended with its connection and the server");
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
