package dev.tcptest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Platform threads up to the limit, reused between connections; past it a thread of its own. */
class ConnectionRunnerTest {

    private static final long WAIT_SECONDS = 10;

    @Test
    void connectionsPastTheLimitGetAThreadOfTheirOwnVirtualWhereTheJvmHasThem() throws Exception {
        ConnectionRunner runner = new ConnectionRunner(() -> "runner-test-idle", 2);
        CountDownLatch release = new CountDownLatch(1);
        List<Thread> threads = new CopyOnWriteArrayList<>();
        CountDownLatch running = new CountDownLatch(3);
        try {
            for (int i = 0; i < 3; i++) {
                runner.run("runner-test-conn-" + i, () -> {
                    threads.add(Thread.currentThread());
                    running.countDown();
                    await(release);
                });
            }
            assertTrue(running.await(WAIT_SECONDS, TimeUnit.SECONDS), "all three connections are being served");
            long onPlatform = threads.stream().filter(t -> !isVirtual(t)).count();
            if (Threads.virtual()) {
                assertEquals(2, onPlatform, "two on platform threads, the third past the limit on a virtual one");
            } else {
                assertEquals(3, onPlatform, "no virtual threads before JDK 21: the third gets a platform thread of its own");
            }
            assertTrue(threads.stream().allMatch(Thread::isDaemon), "no connection thread keeps the JVM alive");
        } finally {
            release.countDown();
            runner.shutdown();
        }
        for (Thread thread : threads) {
            thread.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
            assertFalse(thread.isAlive(), thread + " ended after its connection and the shutdown");
        }
    }

    @Test
    void aFinishedConnectionHandsItsPlatformThreadToTheNextAsItFoundIt() throws Exception {
        ConnectionRunner runner = new ConnectionRunner(() -> "runner-test-idle", 4);
        try {
            CompletableFuture<Thread> first = new CompletableFuture<>();
            CompletableFuture<String> firstName = new CompletableFuture<>();
            ClassLoader handlersLoader = new ClassLoader(null) { };
            runner.run("runner-test-conn-1", () -> {
                firstName.complete(Thread.currentThread().getName());
                Thread.currentThread().setContextClassLoader(handlersLoader);
                first.complete(Thread.currentThread());
            });
            Thread thread = first.get(WAIT_SECONDS, TimeUnit.SECONDS);
            assertEquals("runner-test-conn-1", firstName.get());
            waitForIdle(thread, "runner-test-idle");

            CompletableFuture<Thread> second = new CompletableFuture<>();
            CompletableFuture<String> secondName = new CompletableFuture<>();
            CompletableFuture<ClassLoader> secondLoader = new CompletableFuture<>();
            runner.run("runner-test-conn-2", () -> {
                secondName.complete(Thread.currentThread().getName());
                secondLoader.complete(Thread.currentThread().getContextClassLoader());
                second.complete(Thread.currentThread());
            });
            assertSame(thread, second.get(WAIT_SECONDS, TimeUnit.SECONDS), "the idle thread served the next connection");
            assertEquals("runner-test-conn-2", secondName.get());
            assertNotSame(handlersLoader, secondLoader.get(), "the first connection's context class loader was put back");
            runner.shutdown();
            thread.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
            assertFalse(thread.isAlive(), "shutdown ends idle threads at once, not after the keep-alive");
        } finally {
            runner.shutdown();
        }
    }

    @Test
    void aConnectionHandedOverAfterTheShutdownIsStillServed() throws Exception {
        ConnectionRunner runner = new ConnectionRunner(() -> "runner-test-idle", 4);
        runner.shutdown();
        CompletableFuture<Thread> served = new CompletableFuture<>();
        runner.run("runner-test-late", () -> served.complete(Thread.currentThread()));
        Thread thread = served.get(WAIT_SECONDS, TimeUnit.SECONDS);
        assertTrue(thread.isDaemon());
        thread.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
        assertFalse(thread.isAlive(), "the thread of a late connection ends with it");
        CompletableFuture<Thread> again = new CompletableFuture<>();
        runner.run("runner-test-late-2", () -> again.complete(Thread.currentThread()));
        assertNotSame(thread, again.get(WAIT_SECONDS, TimeUnit.SECONDS), "no pool is made after the shutdown");
    }

    /** Until the thread carries the idle name and waits (with the keep-alive) for the next connection. */
    private static void waitForIdle(Thread thread, String name) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (!(thread.getName().equals(name) && thread.getState() == Thread.State.TIMED_WAITING)
                && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(name, thread.getName(), "an idle pooled thread carries the idle name");
        assertEquals(Thread.State.TIMED_WAITING, thread.getState(), "an idle pooled thread waits for the next connection");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean isVirtual(Thread thread) {
        try {
            return (boolean) Thread.class.getMethod("isVirtual").invoke(thread);
        } catch (ReflectiveOperationException beforeJdk19) {
            return false;
        }
    }
}
