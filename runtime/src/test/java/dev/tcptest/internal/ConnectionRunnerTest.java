package dev.tcptest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.junit.jupiter.api.Test;

/**
 * Platform threads up to the limit, reused between connections; past it a thread of its own.
 * Threads reserved before a connection is ready serve it, or go idle like any other.
 */
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

    @Test
    void aThreadReservedBeforeItsConnectionIsReadyServesItAndThenTheNext() throws Exception {
        ConnectionRunner runner = new ConnectionRunner(() -> "runner-test-reserved-idle", 4);
        try {
            ConnectionRunner.Reservation reserved = runner.reserve();
            assertNotNull(reserved, "no thread is idle: one is started for the connection being set up");
            assertEquals(1, runner.platformThreads());
            CompletableFuture<Thread> first = new CompletableFuture<>();
            CompletableFuture<String> firstName = new CompletableFuture<>();
            reserved.run("runner-test-reserved-1", () -> {
                firstName.complete(Thread.currentThread().getName());
                first.complete(Thread.currentThread());
            });
            Thread thread = first.get(WAIT_SECONDS, TimeUnit.SECONDS);
            assertEquals("runner-test-reserved-1", firstName.get());
            assertFalse(isVirtual(thread));
            waitForIdle(thread, "runner-test-reserved-idle");

            assertNull(runner.reserve(), "a thread is idle: the connection is run on it when it is ready");
            CompletableFuture<Thread> second = new CompletableFuture<>();
            runner.run("runner-test-reserved-2", () -> second.complete(Thread.currentThread()));
            assertSame(thread, second.get(WAIT_SECONDS, TimeUnit.SECONDS), "the reserved thread went idle and was reused");
            assertEquals(1, runner.platformThreads());
        } finally {
            runner.shutdown();
        }
    }

    @Test
    void aCancelledReservationLeavesItsThreadIdleForTheNextConnection() throws Exception {
        String idle = "runner-test-cancelled-idle";
        ConnectionRunner runner = new ConnectionRunner(() -> idle, 4);
        try {
            ConnectionRunner.Reservation reserved = runner.reserve();
            assertNotNull(reserved);
            reserved.cancel();
            Thread thread = awaitOneThreadNamed(idle);
            waitForIdle(thread, idle);
            CompletableFuture<Thread> served = new CompletableFuture<>();
            runner.run("runner-test-cancelled-conn", () -> served.complete(Thread.currentThread()));
            assertSame(thread, served.get(WAIT_SECONDS, TimeUnit.SECONDS), "the thread of the cancelled reservation served it");
            assertEquals(1, runner.platformThreads(), "no second thread was started");
            runner.shutdown();
            thread.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
            assertFalse(thread.isAlive(), "shutdown ends it like any idle thread");
        } finally {
            runner.shutdown();
        }
    }

    @Test
    void aReservationMadeBeforeTheShutdownIsStillServedAndItsThreadEnds() throws Exception {
        ConnectionRunner runner = new ConnectionRunner(() -> "runner-test-late-reserved-idle", 4);
        ConnectionRunner.Reservation reserved = runner.reserve();
        assertNotNull(reserved);
        runner.shutdown();
        assertNull(runner.reserve(), "nothing is reserved after the shutdown");
        CompletableFuture<Thread> served = new CompletableFuture<>();
        reserved.run("runner-test-late-reserved", () -> served.complete(Thread.currentThread()));
        Thread thread = served.get(WAIT_SECONDS, TimeUnit.SECONDS);
        thread.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
        assertFalse(thread.isAlive(), "the thread ends after the connection instead of going idle");
        assertEquals(0, runner.platformThreads());
    }

    @Test
    void anInterruptLeftByAConnectionReachesNeitherTheIdleWaitNorTheNextConnection() throws Exception {
        String idle = "runner-test-interrupted-idle";
        ConnectionRunner runner = new ConnectionRunner(() -> idle, 4);
        try {
            CompletableFuture<Thread> first = new CompletableFuture<>();
            runner.run("runner-test-interrupted-1", () -> {
                first.complete(Thread.currentThread());
                Thread.currentThread().interrupt();
            });
            Thread thread = first.get(WAIT_SECONDS, TimeUnit.SECONDS);
            // An interrupted park returns at once: a thread that kept the interrupt would spin, RUNNABLE.
            waitForIdle(thread, idle);
            assertStaysWaiting(thread, "the idle thread waits, it does not spin");
            CompletableFuture<Boolean> interrupted = new CompletableFuture<>();
            runner.run("runner-test-interrupted-2", () -> interrupted.complete(Thread.currentThread().isInterrupted()));
            assertFalse(interrupted.get(WAIT_SECONDS, TimeUnit.SECONDS), "the next connection starts without the interrupt");
            waitForIdle(thread, idle);
            thread.interrupt();
            assertStaysWaiting(thread, "a stray interrupt leaves an idle thread waiting");
        } finally {
            runner.shutdown();
        }
    }

    @Test
    void anIdleThreadEndsAfterTheKeepAliveAndFreesItsPlatformSlot() throws Exception {
        String idle = "runner-test-keepalive-idle";
        ConnectionRunner runner = new ConnectionRunner(() -> idle, 1, TimeUnit.MILLISECONDS.toNanos(50));
        try {
            CompletableFuture<Thread> first = new CompletableFuture<>();
            runner.run("runner-test-keepalive-1", () -> first.complete(Thread.currentThread()));
            Thread thread = first.get(WAIT_SECONDS, TimeUnit.SECONDS);
            thread.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
            assertFalse(thread.isAlive(), "an idle thread ends once the keep-alive ran out");
            assertEquals(0, runner.platformThreads());

            CompletableFuture<Thread> second = new CompletableFuture<>();
            runner.run("runner-test-keepalive-2", () -> second.complete(Thread.currentThread()));
            Thread next = second.get(WAIT_SECONDS, TimeUnit.SECONDS);
            assertNotSame(thread, next);
            assertFalse(isVirtual(next), "the only platform slot was free again");
            assertEquals(1, runner.platformThreads(), "the new thread holds the slot: it is pooled, not a thread of its own");
        } finally {
            runner.shutdown();
        }
    }

    @Test
    void connectionsRunFromManyThreadsAtOnceAreEachServedOnceWithinThePlatformLimit() throws Exception {
        int limit = 3;
        int submitters = 4;
        int perSubmitter = 500;
        // A keep-alive of a fraction of a millisecond: threads retire while others take them.
        ConnectionRunner runner = new ConnectionRunner(() -> "runner-test-stress-idle", limit, 200_000);
        AtomicReferenceArray<Thread> servedOn = new AtomicReferenceArray<>(submitters * perSubmitter);
        AtomicInteger servedTwice = new AtomicInteger();
        AtomicInteger overLimit = new AtomicInteger();
        CountDownLatch served = new CountDownLatch(submitters * perSubmitter);
        Set<Thread> threads = ConcurrentHashMap.newKeySet();
        List<Thread> submitting = new ArrayList<>();
        for (int s = 0; s < submitters; s++) {
            int base = s * perSubmitter;
            Thread submitter = new Thread(() -> {
                for (int i = base; i < base + perSubmitter; i++) {
                    int task = i;
                    Runnable serve = () -> {
                        threads.add(Thread.currentThread());
                        if (runner.platformThreads() > limit) {
                            overLimit.incrementAndGet();
                        }
                        if (!servedOn.compareAndSet(task, null, Thread.currentThread())) {
                            servedTwice.incrementAndGet();
                        }
                        served.countDown();
                    };
                    int way = ThreadLocalRandom.current().nextInt(3);
                    ConnectionRunner.Reservation reserved = way == 0 ? null : runner.reserve();
                    if (reserved == null) {
                        runner.run("runner-test-stress-" + task, serve);
                    } else if (way == 1) {
                        reserved.run("runner-test-stress-" + task, serve);
                    } else {
                        reserved.cancel();
                        runner.run("runner-test-stress-" + task, serve);
                    }
                }
            });
            submitting.add(submitter);
            submitter.start();
        }
        try {
            assertTrue(served.await(WAIT_SECONDS * 3, TimeUnit.SECONDS), served.getCount() + " connections never served");
            for (Thread submitter : submitting) {
                submitter.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
            }
            assertEquals(0, servedTwice.get(), "a connection was served twice");
            assertEquals(0, overLimit.get(), "more platform threads than the limit were alive");
            for (int i = 0; i < servedOn.length(); i++) {
                assertNotNull(servedOn.get(i), "connection " + i + " was not served");
            }
        } finally {
            runner.shutdown();
        }
        for (Thread thread : threads) {
            thread.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
            assertFalse(thread.isAlive(), thread + " outlived the shutdown");
        }
        assertEquals(0, runner.platformThreads(), "every platform thread was counted out");
    }

    /** Samples the thread's state for a tenth of a second: a spinning thread shows RUNNABLE in some. */
    private static void assertStaysWaiting(Thread thread, String why) throws InterruptedException {
        for (int i = 0; i < 50; i++) {
            Thread.sleep(2);
            assertEquals(Thread.State.TIMED_WAITING, thread.getState(), why);
        }
    }

    private static Thread awaitOneThreadNamed(String name) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (System.nanoTime() < deadline) {
            List<Thread> named = new ArrayList<>();
            for (Thread thread : Thread.getAllStackTraces().keySet()) {
                if (thread.getName().equals(name)) {
                    named.add(thread);
                }
            }
            assertTrue(named.size() <= 1, "one thread, not " + named);
            if (named.size() == 1) {
                return named.get(0);
            }
            Thread.sleep(5);
        }
        throw new AssertionError("no thread named " + name);
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
