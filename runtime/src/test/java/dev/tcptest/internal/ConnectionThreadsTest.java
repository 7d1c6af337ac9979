package dev.tcptest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** A run's connection threads: one started ahead of the work, reuse, and the shutdown. */
class ConnectionThreadsTest {

    @Test
    void aThreadStartedFreeTakesTheFirstTask() throws Exception {
        ConnectionThreads threads = new ConnectionThreads("test-ahead-idle");
        threads.startFree();
        List<Thread> started = named("test-ahead-idle");
        assertEquals(1, started.size());

        CompletableFuture<Thread> ran = new CompletableFuture<>();
        threads.execute(() -> ran.complete(Thread.currentThread()));
        assertSame(started.get(0), ran.get(10, TimeUnit.SECONDS));
        assertEquals(1, named("test-ahead-idle").size(), "no second thread was started");
        endAll(threads);
    }

    @Test
    void busyThreadsAreJoinedByNewOnesAndTheThreadFreedLastTakesTheNextTask() throws Exception {
        ConnectionThreads threads = new ConnectionThreads("test-reuse-idle");
        CountDownLatch endFirst = new CountDownLatch(1);
        CountDownLatch endSecond = new CountDownLatch(1);
        CompletableFuture<Thread> first = new CompletableFuture<>();
        CompletableFuture<Thread> second = new CompletableFuture<>();
        threads.execute(() -> serve(first, endFirst));
        threads.execute(() -> serve(second, endSecond));
        Thread a = first.get(10, TimeUnit.SECONDS);
        Thread b = second.get(10, TimeUnit.SECONDS);
        assertNotSame(a, b, "a busy thread is not handed a second task");

        endFirst.countDown();
        waitFor(() -> a.getState() == Thread.State.TIMED_WAITING);
        endSecond.countDown();
        waitFor(() -> b.getState() == Thread.State.TIMED_WAITING);
        CompletableFuture<Thread> third = new CompletableFuture<>();
        threads.execute(() -> third.complete(Thread.currentThread()));
        assertSame(b, third.get(10, TimeUnit.SECONDS), "the thread freed last, its caches warm");
        endAll(threads);
    }

    @Test
    void aFreeThreadThatIsInterruptedWaitsOnAndServesTheNextTask() throws Exception {
        ConnectionThreads threads = new ConnectionThreads("test-interrupt-idle");
        threads.startFree();
        Thread free = named("test-interrupt-idle").get(0);
        waitFor(() -> free.getState() == Thread.State.TIMED_WAITING);
        // What a stop's forced close does to a connection's thread that has just freed itself.
        free.interrupt();
        waitFor(() -> free.getState() == Thread.State.TIMED_WAITING && !free.isInterrupted());

        CompletableFuture<Boolean> interrupted = new CompletableFuture<>();
        threads.execute(() -> interrupted.complete(Thread.currentThread().isInterrupted()));
        assertFalse(interrupted.get(10, TimeUnit.SECONDS), "the next task does not inherit the interrupt");
        assertTrue(free.isAlive());
        endAll(threads);
    }

    @Test
    void theShutdownEndsFreeThreadsAtOnceAndBusyOnesAfterTheirTask() throws Exception {
        ConnectionThreads threads = new ConnectionThreads("test-shutdown-idle");
        CountDownLatch endTask = new CountDownLatch(1);
        CompletableFuture<Thread> busy = new CompletableFuture<>();
        threads.execute(() -> serve(busy, endTask));
        busy.get(10, TimeUnit.SECONDS);
        threads.startFree();
        assertEquals(2, named("test-shutdown-idle").size());

        threads.shutdown();
        assertThrows(RejectedExecutionException.class, () -> threads.execute(() -> { }));
        waitFor(() -> named("test-shutdown-idle").size() == 1);
        assertFalse(threads.awaitTermination(10, TimeUnit.MILLISECONDS), "the busy thread still serves its task");

        endTask.countDown();
        assertTrue(threads.awaitTermination(10, TimeUnit.SECONDS));
        busy.get().join(10_000);
        assertFalse(busy.get().isAlive());
    }

    @Test
    void aShutdownBeforeTheFirstThreadStartsNone() throws Exception {
        ConnectionThreads threads = new ConnectionThreads("test-none-idle");
        threads.shutdown();
        threads.startFree();
        assertTrue(named("test-none-idle").isEmpty());
        assertTrue(threads.awaitTermination(0, TimeUnit.SECONDS));
    }

    private static void serve(CompletableFuture<Thread> serving, CountDownLatch end) {
        serving.complete(Thread.currentThread());
        try {
            end.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void endAll(ConnectionThreads threads) throws InterruptedException {
        threads.shutdown();
        assertTrue(threads.awaitTermination(10, TimeUnit.SECONDS));
    }

    private static List<Thread> named(String name) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().equals(name) && thread.isAlive())
                .collect(Collectors.toList());
    }

    private static void waitFor(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("condition not met within 10 s");
            }
            Thread.sleep(5);
        }
    }
}
