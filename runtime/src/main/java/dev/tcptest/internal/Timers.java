package dev.tcptest.internal;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * One shared daemon thread for short timed actions: expect timeouts of chat scripts and timed
 * faults. Actions must be quick and must not block; cancelled ones are dropped at once.
 */
public final class Timers {

    private static final ScheduledThreadPoolExecutor EXECUTOR = create();

    private Timers() {
    }

    /**
     * Runs an action once after a delay.
     *
     * @param millis the delay, 0 or more
     * @param action a quick, non-blocking action
     * @return the handle to cancel it with
     */
    public static ScheduledFuture<?> schedule(long millis, Runnable action) {
        return EXECUTOR.schedule(action, millis, TimeUnit.MILLISECONDS);
    }

    private static ScheduledThreadPoolExecutor create() {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1,
                task -> Threads.daemonThread("tcptest-timer", task));
        executor.setRemoveOnCancelPolicy(true);
        executor.setKeepAliveTime(10, TimeUnit.SECONDS);
        executor.allowCoreThreadTimeOut(true);
        return executor;
    }
}
