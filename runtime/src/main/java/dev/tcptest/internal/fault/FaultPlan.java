package dev.tcptest.internal.fault;

import dev.tcptest.internal.Link;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The faults of one decorated handler. For each connection it decides which faults act (by their
 * probability) and stacks their layers: the first fault nearest the handler, the last nearest the
 * socket. A seeded fault's decision and jitter for a connection follow from the seed and the
 * connection's number alone, so every run repeats them, whatever order the connections' threads
 * happen to run in.
 */
public final class FaultPlan {

    private final List<FaultSpec> specs;

    /**
     * A plan for a handler.
     *
     * @param specs the faults, first nearest the handler
     */
    public FaultPlan(List<FaultSpec> specs) {
        this.specs = List.copyOf(specs);
    }

    /**
     * Stacks the faults that act on this connection over its link; call on the connection's thread.
     *
     * @param base the connection
     * @param number the connection's number on its server (its place in accept order), from
     *     which seeded faults draw
     * @return the faulty link and what to do when the handler is done
     * @throws IOException if a fault that acts at once (a zero limit) fails on the socket
     */
    public Applied apply(Link base, long number) throws IOException {
        Layer.Cut cut = new Layer.Cut();
        List<Layer> layers = new ArrayList<>();
        Link link = base;
        for (int i = specs.size() - 1; i >= 0; i--) {
            FaultSpec spec = specs.get(i);
            // Not drawn in turn from one generator per fault: connections accepted close together
            // reach this on their own threads in any order, which would hand their draws around.
            Long seed = spec.seed();
            long draw = seed != null ? mix(seed + mix(number)) : ThreadLocalRandom.current().nextLong();
            SplittableRandom random = new SplittableRandom(draw);
            if (spec.probability() < 1 && !(random.nextDouble() < spec.probability())) {
                continue;
            }
            Layer layer = layer(spec, link, cut, random);
            layers.add(layer);
            link = layer;
        }
        for (Layer layer : layers) {
            layer.start();
        }
        return new Applied(link, layers, cut);
    }

    /** The bijective 64-bit finalizer SplittableRandom mixes with: nearby inputs give unrelated outputs. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    private static Layer layer(FaultSpec spec, Link next, Layer.Cut cut, SplittableRandom random) {
        return switch (spec.kind()) {
            case LATENCY -> new Layer.Latency(next, cut, spec, random);
            case BANDWIDTH -> new Layer.Bandwidth(next, cut, spec);
            case SLICER -> new Layer.Slicer(next, cut, spec);
            case LIMIT_DATA, RESET_AFTER_BYTES -> new Layer.Limit(next, cut, spec);
            case STALL_AFTER_BYTES, STALL_AFTER_TIME -> new Layer.Stall(next, cut, spec);
            case RESET_AFTER_TIME -> new Layer.ResetTimer(next, cut, spec);
            case SLOW_CLOSE -> new Layer.SlowClose(next, cut, spec);
        };
    }

    /** The faults acting on one connection. */
    public static final class Applied {
        private final Link link;
        private final List<Layer> layers;
        private final Layer.Cut cut;

        Applied(Link link, List<Layer> layers, Layer.Cut cut) {
            this.link = link;
            this.layers = layers;
            this.cut = cut;
        }

        /** @return the connection as the handler should see it */
        public Link link() {
            return link;
        }

        /** @return whether one of the faults ended the connection on purpose (closed it after a limit, reset it) */
        public boolean cut() {
            return cut.done;
        }

        /**
         * Ends the faults once the handler returned or threw: cancels timers, delays the FIN of
         * a slow close.
         *
         * @throws InterruptedException if interrupted during a slow close
         */
        public void finish() throws InterruptedException {
            for (int i = layers.size() - 1; i >= 0; i--) {
                layers.get(i).finish();
            }
        }
    }
}
