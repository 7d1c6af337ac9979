package dev.tcptest.internal.fault;

import java.io.IOException;

/**
 * {@code bandwidth}: paces bytes to a rate. Each chunk occupies the link for {@code size / rate}
 * seconds and is forwarded at the end of its slot, so N bytes take at least N / rate seconds.
 */
final class Bandwidth extends Effect {

    private final long rate;
    private final int chunk;
    private long nextSlot = System.nanoTime();

    Bandwidth(FaultSpec spec) {
        this.rate = spec.amount();
        // Small enough that pacing looks smooth, a twentieth of a second's worth at most.
        this.chunk = (int) Math.max(1, Math.min(rate / 20, 16 * 1024));
    }

    @Override
    void step(Flow flow) throws IOException, InterruptedException {
        if (flow.held() == 0) {
            int n = flow.take(Math.min(flow.wanted(), chunk));
            if (n > 0) {
                long due = Math.max(nextSlot, System.nanoTime()) + n * 1_000_000_000L / rate;
                flow.sleepUntil(due);
                nextSlot = due;
            }
        }
        flow.forward(flow.held());
    }
}
