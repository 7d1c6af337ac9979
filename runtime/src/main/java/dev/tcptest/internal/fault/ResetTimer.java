package dev.tcptest.internal.fault;

import dev.tcptest.internal.Timers;
import java.io.IOException;
import java.util.concurrent.ScheduledFuture;

/** {@code reset-after} a time: resets the connection that long after it was accepted, whatever it is doing. */
final class ResetTimer extends Effect {

    private final long millis;
    private volatile ScheduledFuture<?> timer;

    ResetTimer(FaultSpec spec) {
        this.millis = spec.amount();
    }

    @Override
    void start(Layer layer) throws IOException {
        if (millis == 0) {
            layer.end(true);
            return;
        }
        timer = Timers.schedule(millis, () -> {
            try {
                layer.end(true);
            } catch (IOException | RuntimeException e) {
                // The connection is gone already: nothing left to reset.
            }
        });
    }

    @Override
    void finish(Layer layer) {
        ScheduledFuture<?> scheduled = timer;
        if (scheduled != null) {
            scheduled.cancel(false);
        }
    }
}
