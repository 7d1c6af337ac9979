package dev.tcptest.internal.fault;

import java.io.IOException;

/**
 * {@code slicer}: the bytes of each write (downstream), or of each arrival (upstream), go on in
 * pieces of at most the given size, with the delay before each piece after the first.
 */
final class Slicer extends Effect {

    private final int max;
    private final long delay;

    Slicer(FaultSpec spec) {
        this.max = (int) Math.min(Integer.MAX_VALUE, spec.amount());
        this.delay = spec.extraMillis();
    }

    @Override
    void step(Flow flow) throws IOException, InterruptedException {
        if (flow.held() > 0) {
            flow.sleep(delay);
        } else if (flow.take(Integer.MAX_VALUE) <= 0) {
            return;
        }
        flow.forward(max);
    }
}
