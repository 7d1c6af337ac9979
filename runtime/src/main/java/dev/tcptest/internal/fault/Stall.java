package dev.tcptest.internal.fault;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * {@code stall-after} a size or a time: bytes pass until then, and after it nothing more, while
 * the socket stays open: a hung peer, until the connection ends.
 */
final class Stall extends Effect {

    private final boolean timed;
    private final long limit;
    private final long deadline;
    private long passed;

    Stall(FaultSpec spec) {
        this.timed = spec.kind() == FaultSpec.Kind.STALL_AFTER_TIME;
        this.limit = timed ? Long.MAX_VALUE : spec.amount();
        this.deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timed ? spec.amount() : 0);
    }

    private boolean stalled() {
        return passed >= limit || timed && System.nanoTime() - deadline >= 0;
    }

    @Override
    void step(Flow flow) throws IOException, InterruptedException {
        if (stalled()) {
            flow.hold();
            return;
        }
        if (flow.held() == 0) {
            int n = flow.take((int) Math.min(flow.wanted(), limit - passed));
            if (n <= 0) {
                return;
            }
            if (stalled()) {
                // The stall began while these bytes were on their way: they are held back for good.
                flow.hold();
                return;
            }
        }
        passed += flow.forward(flow.held());
    }
}
