package dev.tcptest;

import dev.tcptest.internal.fault.FaultSpec;
import java.util.Objects;
import java.util.Optional;

/**
 * A misbehaving network between a handler and its client: latency, low bandwidth, data cut into
 * small packets, a connection closed, reset or stalled after some bytes or some time, a delayed
 * FIN. Made by {@link Faults}, applied with {@link AcceptHandler#with(Fault...)}:
 *
 * <pre>{@code
 * AcceptHandler slowRedis = Handlers.proxy("127.0.0.1", 6379)
 *         .with(Faults.latency(Duration.ofMillis(50)), Faults.resetAfter(1024).upstream());
 * }</pre>
 *
 * <p>A fault acts per connection. Faults that act on bytes have a {@link Direction}:
 * {@link Direction#DOWNSTREAM} (the default) for bytes the handler writes to the client,
 * {@link Direction#UPSTREAM} for bytes it reads from the client. With a
 * {@linkplain #withProbability(double) probability} below 1 a fault acts on that share of the
 * connections only, chosen at random when each is accepted; {@link #withSeed(long)} makes that
 * choice, and any jitter, repeatable.
 *
 * <p>Immutable; {@link #toString()} is the fault's string form, which {@link Faults#parse(String)}
 * reads back.
 */
public final class Fault {

    /** Which bytes of a connection a fault acts on. */
    public enum Direction {
        /** From the client to the handler (and on to a proxy's target): what the handler reads. */
        UPSTREAM,
        /** From the handler (or a proxy's target) to the client: what the handler writes. */
        DOWNSTREAM
    }

    private final FaultSpec spec;

    Fault(FaultSpec spec) {
        this.spec = spec;
    }

    FaultSpec spec() {
        return spec;
    }

    /**
     * The fault's name in the string form.
     *
     * @return such as {@code latency} or {@code reset-after}
     */
    public String name() {
        return spec.kind().label();
    }

    /**
     * The bytes the fault acts on; empty for faults on the whole connection (reset after a time,
     * slow close).
     *
     * @return the direction, if the fault has one
     */
    public Optional<Direction> direction() {
        return Optional.ofNullable(spec.direction());
    }

    /**
     * The same fault acting on the bytes the handler reads from the client.
     *
     * @return the fault
     * @throws IllegalStateException if the fault acts on the whole connection
     */
    public Fault upstream() {
        return direction(Direction.UPSTREAM);
    }

    /**
     * The same fault acting on the bytes the handler writes to the client (the default).
     *
     * @return the fault
     * @throws IllegalStateException if the fault acts on the whole connection
     */
    public Fault downstream() {
        return direction(Direction.DOWNSTREAM);
    }

    /**
     * The same fault acting on the given direction.
     *
     * @param direction UPSTREAM or DOWNSTREAM
     * @return the fault
     * @throws IllegalStateException if the fault acts on the whole connection
     */
    public Fault direction(Direction direction) {
        Objects.requireNonNull(direction, "direction must not be null; use Fault.Direction.UPSTREAM or DOWNSTREAM");
        try {
            return new Fault(spec.withDirection(direction));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /**
     * The share of connections the fault acts on.
     *
     * @return more than 0, at most 1 (the default)
     */
    public double probability() {
        return spec.probability();
    }

    /**
     * The same fault, acting on each accepted connection with this probability.
     *
     * @param probability more than 0 and at most 1, such as 0.3
     * @return the fault
     * @throws IllegalArgumentException if out of range
     */
    public Fault withProbability(double probability) {
        return new Fault(spec.withProbability(probability));
    }

    /**
     * The same fault with repeatable randomness: whether it acts on a connection, and its jitter
     * there, follow from the seed and the connection's {@linkplain Connection#id() number} (its
     * place in its server's accept order), so every run repeats them, also for connections served
     * at the same time.
     *
     * @param seed any number
     * @return the fault
     */
    public Fault withSeed(long seed) {
        return new Fault(spec.withSeed(seed));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Fault that && spec.equals(that.spec);
    }

    @Override
    public int hashCode() {
        return spec.hashCode();
    }

    /**
     * The string form, such as {@code latency=50ms;jitter=10ms} or {@code reset-after=1KiB;upstream}.
     *
     * @return the text {@link Faults#parse(String)} reads back into an equal fault
     */
    @Override
    public String toString() {
        return spec.toString();
    }
}
