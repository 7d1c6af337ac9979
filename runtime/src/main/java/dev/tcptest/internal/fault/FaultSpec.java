package dev.tcptest.internal.fault;

import dev.tcptest.Fault;
import java.util.Locale;
import java.util.Objects;

/**
 * One configured fault as a value: what it does, how much, in which direction, how likely. The
 * public {@code Fault} wraps it; {@link FaultSyntax} reads and writes its string form.
 */
public final class FaultSpec {

    /** What a fault does; the string form's name, and whether it takes a direction. */
    public enum Kind {
        LATENCY("latency", true),
        BANDWIDTH("bandwidth", true),
        SLICER("slicer", true),
        LIMIT_DATA("limit-data", true),
        RESET_AFTER_BYTES("reset-after", true),
        RESET_AFTER_TIME("reset-after", false),
        STALL_AFTER_BYTES("stall-after", true),
        STALL_AFTER_TIME("stall-after", true),
        SLOW_CLOSE("slow-close", false);

        private final String label;
        private final boolean directed;

        Kind(String label, boolean directed) {
            this.label = label;
            this.directed = directed;
        }

        /** @return the name in the string form, such as {@code reset-after} */
        public String label() {
            return label;
        }

        /** @return whether the fault acts on one direction of the connection */
        public boolean directed() {
            return directed;
        }
    }

    private final Kind kind;
    private final long amount;
    private final long extraMillis;
    private final Fault.Direction direction;
    private final double probability;
    private final Long seed;

    private FaultSpec(Kind kind, long amount, long extraMillis, Fault.Direction direction, double probability, Long seed) {
        this.kind = kind;
        this.amount = amount;
        this.extraMillis = extraMillis;
        this.direction = direction;
        this.probability = probability;
        this.seed = seed;
    }

    /**
     * A fault acting on all connections, downstream if it has a direction.
     *
     * @param kind what it does
     * @param amount milliseconds, bytes or bytes per second, by kind; 0 or more
     * @param extraMillis the jitter of a latency, the delay of a slicer, else 0
     * @return the spec
     */
    public static FaultSpec of(Kind kind, long amount, long extraMillis) {
        return new FaultSpec(kind, amount, extraMillis, kind.directed() ? Fault.Direction.DOWNSTREAM : null, 1.0, null);
    }

    /** @return what the fault does */
    public Kind kind() {
        return kind;
    }

    /** @return milliseconds, bytes or bytes per second, by kind */
    public long amount() {
        return amount;
    }

    /** @return the jitter of a latency, the delay between slices of a slicer, else 0 */
    public long extraMillis() {
        return extraMillis;
    }

    /** @return the direction, null for faults on the whole connection */
    public Fault.Direction direction() {
        return direction;
    }

    /** @return the probability that the fault acts on a given connection */
    public double probability() {
        return probability;
    }

    /** @return the seed of the fault's randomness, or null for unseeded */
    public Long seed() {
        return seed;
    }

    /**
     * The same fault in another direction.
     *
     * @param newDirection UPSTREAM or DOWNSTREAM
     * @return the spec
     * @throws IllegalArgumentException if the fault has no direction
     */
    public FaultSpec withDirection(Fault.Direction newDirection) {
        if (!kind.directed()) {
            throw new IllegalArgumentException(kind.label() + (kind == Kind.RESET_AFTER_TIME ? " (after a time)" : "")
                    + " acts on the whole connection and has no direction; drop the " + newDirection.name().toLowerCase(Locale.ROOT)
                    + " setting");
        }
        return new FaultSpec(kind, amount, extraMillis, newDirection, probability, seed);
    }

    /**
     * The same fault with another jitter (latency) or delay between slices (slicer).
     *
     * @param millis 0 or more
     * @return the spec
     */
    public FaultSpec withExtraMillis(long millis) {
        return new FaultSpec(kind, amount, millis, direction, probability, seed);
    }

    /**
     * The same fault, acting on each connection with this probability.
     *
     * @param p more than 0, at most 1
     * @return the spec
     */
    public FaultSpec withProbability(double p) {
        if (!(p > 0 && p <= 1)) {
            throw new IllegalArgumentException("probability must be more than 0 and at most 1, was " + p);
        }
        return new FaultSpec(kind, amount, extraMillis, direction, p, seed);
    }

    /**
     * The same fault with seeded randomness, for repeatable tests.
     *
     * @param newSeed the seed
     * @return the spec
     */
    public FaultSpec withSeed(long newSeed) {
        return new FaultSpec(kind, amount, extraMillis, direction, probability, newSeed);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof FaultSpec that && kind == that.kind && amount == that.amount
                && extraMillis == that.extraMillis && direction == that.direction
                && Double.compare(probability, that.probability) == 0 && Objects.equals(seed, that.seed);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, amount, extraMillis, direction, probability, seed);
    }

    @Override
    public String toString() {
        return FaultSyntax.format(this);
    }
}
