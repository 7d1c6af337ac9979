package dev.tcptest.internal.script;

import dev.tcptest.internal.Timers;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Enforces an expect timeout: shuts the input down when it fires, which wakes the blocked read;
 * the connection is failing by then anyway.
 */
final class Watchdog implements Runnable {

    private static final int ARMED = 0;
    private static final int DISARMED = 1;
    private static final int FIRED = 2;

    private final AtomicInteger state = new AtomicInteger(ARMED);
    private final InputStream input;
    private volatile ScheduledFuture<?> future;

    private Watchdog(InputStream input) {
        this.input = input;
    }

    /** A watchdog that fires after {@code millis} unless disarmed first. */
    static Watchdog arm(InputStream input, long millis) {
        Watchdog watchdog = new Watchdog(input);
        watchdog.future = Timers.schedule(millis, watchdog);
        return watchdog;
    }

    @Override
    public void run() {
        if (state.compareAndSet(ARMED, FIRED)) {
            try {
                input.close();
            } catch (IOException e) {
                // The connection is gone already: the pending read fails on its own.
            }
        }
    }

    boolean fired() {
        return state.get() == FIRED;
    }

    void disarm() {
        state.compareAndSet(ARMED, DISARMED);
        ScheduledFuture<?> scheduled = future;
        if (scheduled != null) {
            scheduled.cancel(false);
        }
    }
}
