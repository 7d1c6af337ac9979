package dev.tcptest.internal.fault;

import dev.tcptest.Connection;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A list of faults, applied to each connection as it comes. For each connection it decides which
 * faults act (by their probability) and stacks their layers: the first fault nearest the handler,
 * the last nearest the socket. A seeded fault's decision and jitter for a connection follow from
 * the seed and the connection's number alone, so every run repeats them, whatever order the
 * connections' threads happen to run in.
 */
public final class FaultPlan {

    private final List<FaultSpec> specs;

    /**
     * A plan for a handler or a server.
     *
     * @param specs the faults, first nearest the handler
     */
    public FaultPlan(List<FaultSpec> specs) {
        this.specs = List.copyOf(specs);
    }

    /**
     * Stacks the faults that act on this connection over it, when it is accepted or when its
     * handler starts; call {@link FaultedConnection#finish()} on the result once its handler is
     * done. Timed faults count from this call.
     *
     * @param base the connection, as the server accepted it or already decorated
     * @param number the connection's number on its server (its place in accept order), from
     *     which seeded faults draw
     * @return the connection as the handler should see it
     * @throws IOException if a fault that acts at once (a zero limit) fails on the socket
     */
    public FaultedConnection apply(Connection base, long number) throws IOException {
        Cut cut = new Cut();
        List<Layer> layers = new ArrayList<>();
        Connection top = base;
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
            Layer layer = new Layer(top, cut, spec.direction(), effect(spec, random));
            layers.add(layer);
            top = layer;
        }
        for (Layer layer : layers) {
            layer.start();
        }
        return new FaultedConnection(base, top, layers, cut);
    }

    /** The bijective 64-bit finalizer SplittableRandom mixes with: nearby inputs give unrelated outputs. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** The registry of faults: a new effect, with its own state, for each connection. */
    private static Effect effect(FaultSpec spec, SplittableRandom random) {
        return switch (spec.kind()) {
            case LATENCY -> new Latency(spec, random);
            case BANDWIDTH -> new Bandwidth(spec);
            case SLICER -> new Slicer(spec);
            case LIMIT_DATA, RESET_AFTER_BYTES -> new LimitData(spec);
            case STALL_AFTER_BYTES, STALL_AFTER_TIME -> new Stall(spec);
            case RESET_AFTER_TIME -> new ResetTimer(spec);
            case SLOW_CLOSE -> new SlowClose(spec);
        };
    }
}
