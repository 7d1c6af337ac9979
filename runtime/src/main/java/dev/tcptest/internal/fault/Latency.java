package dev.tcptest.internal.fault;

import java.io.IOException;
import java.util.SplittableRandom;

/**
 * {@code latency}: the bytes of each write (downstream), or of each read once they arrived
 * (upstream), wait a fixed time plus a uniform random jitter of up to +/- the jitter, never below
 * zero.
 */
final class Latency extends Effect {

    private final long millis;
    private final long jitter;
    private final SplittableRandom random;

    Latency(FaultSpec spec, SplittableRandom random) {
        // Capped so that the sum and the bounds below cannot overflow; either cap is forever.
        this.millis = Math.min(spec.amount(), Long.MAX_VALUE / 4);
        this.jitter = Math.min(spec.extraMillis(), Long.MAX_VALUE / 4);
        this.random = random;
    }

    @Override
    void step(Flow flow) throws IOException, InterruptedException {
        if (flow.held() == 0 && flow.take(flow.wanted()) > 0) {
            flow.sleep(jitter == 0 ? millis : Math.max(0, millis + random.nextLong(-jitter, jitter + 1)));
        }
        flow.forward(flow.held());
    }
}
