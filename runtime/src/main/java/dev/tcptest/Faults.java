package dev.tcptest;

import dev.tcptest.internal.fault.FaultSpec;
import dev.tcptest.internal.fault.FaultSyntax;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Makes {@link Fault}s, in Java or from their string form.
 *
 * <h2>What each fault does</h2>
 * Directed faults act on {@linkplain Fault#downstream() downstream} bytes (handler to client)
 * unless made {@linkplain Fault#upstream() upstream} (client to handler).
 * <ul>
 * <li>{@code latency}: each write (downstream) or each read's data (upstream) is delayed, by a
 *     fixed time plus a uniform random jitter of up to +/- the jitter.
 * <li>{@code bandwidth}: bytes are paced to a rate: N bytes take at least N / rate seconds.
 * <li>{@code slicer}: each write is split into chunks of at most the given size, flushed one by one
 *     with a delay between them (downstream); or each read returns at most that many bytes, with
 *     the delay before each further chunk (upstream).
 * <li>{@code limit-data}: N bytes pass, then the connection is closed gracefully (FIN). Downstream
 *     the close follows the write that reached the limit; upstream, the arrival of the next byte,
 *     which is not delivered (a clean end of stream from the client passes through instead).
 * <li>{@code reset-after}: like limit-data with RST instead of FIN; or, given a time, RST that long
 *     after the connection was accepted, whatever it is doing.
 * <li>{@code stall-after}: after N bytes or a time, nothing more is forwarded in that direction,
 *     and the socket stays open: a hung peer. Like one, it does not notice the client's close; the
 *     connection ends when the server stops (or the connection is closed elsewhere).
 * <li>{@code slow-close}: the FIN is delayed: the handler's {@code shutdownOutput()} or
 *     {@code close()}, or the server's close after the handler returned.
 * </ul>
 * Once a fault closed or reset the connection on purpose, the other faults' delays and stalls end,
 * the handler's reads return end of stream and its writes are dropped, so the handler ends normally
 * and no error is recorded.
 *
 * <h2>String form</h2>
 * Used by the Maven plugin's {@code <faults>}; {@link #parse(String)} and {@link #format(List)}
 * round-trip.
 * <pre>
 * faults   = fault *( "," fault )            ; blank: no faults
 * fault    = name "=" value *( ";" option )  ; spaces around tokens are ignored; each option once
 * name / value:
 *   latency=DURATION          bandwidth=SIZE/s       slicer=SIZE
 *   limit-data=SIZE           reset-after=SIZE|DURATION
 *   stall-after=SIZE|DURATION slow-close=DURATION
 * option   = "jitter=" DURATION      ; latency only, default 0
 *          | "delay=" DURATION       ; slicer only, default 0
 *          | "upstream" | "downstream"  ; directed faults only, default downstream
 *          | "probability=" DECIMAL  ; more than 0, at most 1, such as 0.3; default 1
 *          | "seed=" INTEGER         ; repeatable randomness
 * DURATION = digits ( "ms" | "s" | "m" )            ; 50ms, 2s, 1m
 * SIZE     = digits [ "B" | "KiB" | "MiB" | "GiB" | "KB" | "MB" | "GB" ]  ; bytes without a unit
 * </pre>
 * Example: {@code latency=50ms;jitter=10ms,bandwidth=10KiB/s,reset-after=1KiB;upstream;probability=0.3}.
 */
public final class Faults {

    private Faults() {
    }

    /**
     * Delays each write (or each read's data, upstream) by a fixed time.
     *
     * @param delay 0 or more, whole milliseconds
     * @return the fault, downstream
     */
    public static Fault latency(Duration delay) {
        return latency(delay, Duration.ZERO);
    }

    /**
     * Delays each write (or each read's data, upstream) by a time plus a uniform random jitter
     * between -jitter and +jitter (never below zero).
     *
     * @param delay 0 or more, whole milliseconds
     * @param jitter 0 or more, whole milliseconds
     * @return the fault, downstream
     */
    public static Fault latency(Duration delay, Duration jitter) {
        long millis = millis("latency", delay);
        return new Fault(FaultSpec.of(FaultSpec.Kind.LATENCY, millis, millis("latency jitter", jitter)));
    }

    /**
     * Paces bytes to a rate.
     *
     * @param bytesPerSecond 1 or more
     * @return the fault, downstream
     */
    public static Fault bandwidth(long bytesPerSecond) {
        if (bytesPerSecond < 1) {
            throw new IllegalArgumentException("bandwidth must be at least 1 byte per second, was " + bytesPerSecond);
        }
        return new Fault(FaultSpec.of(FaultSpec.Kind.BANDWIDTH, bytesPerSecond, 0));
    }

    /**
     * Splits data into chunks of at most {@code maxChunk} bytes with a delay between them.
     *
     * @param maxChunk 1 or more bytes
     * @param delay 0 or more, whole milliseconds
     * @return the fault, downstream
     */
    public static Fault slicer(int maxChunk, Duration delay) {
        if (maxChunk < 1) {
            throw new IllegalArgumentException("slicer chunk size must be at least 1 byte, was " + maxChunk);
        }
        return new Fault(FaultSpec.of(FaultSpec.Kind.SLICER, maxChunk, millis("slicer delay", delay)));
    }

    /**
     * Lets this many bytes through, then closes the connection gracefully (FIN).
     *
     * @param bytes 0 or more; 0 closes at once
     * @return the fault, downstream
     */
    public static Fault limitData(long bytes) {
        return new Fault(FaultSpec.of(FaultSpec.Kind.LIMIT_DATA, bytes("limitData", bytes), 0));
    }

    /**
     * Lets this many bytes through, then resets the connection (RST).
     *
     * @param bytes 0 or more; 0 resets at once
     * @return the fault, downstream
     */
    public static Fault resetAfter(long bytes) {
        return new Fault(FaultSpec.of(FaultSpec.Kind.RESET_AFTER_BYTES, bytes("resetAfter", bytes), 0));
    }

    /**
     * Resets the connection (RST) this long after it was accepted, whatever it is doing.
     *
     * @param time 0 or more, whole milliseconds
     * @return the fault, on the whole connection
     */
    public static Fault resetAfter(Duration time) {
        return new Fault(FaultSpec.of(FaultSpec.Kind.RESET_AFTER_TIME, millis("resetAfter", time), 0));
    }

    /**
     * Forwards nothing at all in one direction, keeping the socket open: a hung peer. Same as
     * {@code stallAfter(0)}.
     *
     * @return the fault, downstream
     */
    public static Fault stall() {
        return stallAfter(0);
    }

    /**
     * Lets this many bytes through, then forwards nothing more in that direction and keeps the
     * socket open until the server stops.
     *
     * @param bytes 0 or more
     * @return the fault, downstream
     */
    public static Fault stallAfter(long bytes) {
        return new Fault(FaultSpec.of(FaultSpec.Kind.STALL_AFTER_BYTES, bytes("stallAfter", bytes), 0));
    }

    /**
     * Forwards for this long after the connection was accepted, then nothing more in that
     * direction, keeping the socket open until the server stops.
     *
     * @param time 0 or more, whole milliseconds
     * @return the fault, downstream
     */
    public static Fault stallAfter(Duration time) {
        return new Fault(FaultSpec.of(FaultSpec.Kind.STALL_AFTER_TIME, millis("stallAfter", time), 0));
    }

    /**
     * Delays the FIN by this long: the handler's {@code shutdownOutput()} or {@code close()}, or
     * the server's close after the handler returned.
     *
     * @param delay 0 or more, whole milliseconds
     * @return the fault, on the whole connection
     */
    public static Fault slowClose(Duration delay) {
        return new Fault(FaultSpec.of(FaultSpec.Kind.SLOW_CLOSE, millis("slowClose", delay), 0));
    }

    /**
     * Reads faults from their string form (see the class description), such as
     * {@code "latency=50ms,bandwidth=10KiB/s,reset-after=1KiB"}.
     *
     * @param text the faults; blank for none
     * @return the faults, in order
     * @throws IllegalArgumentException naming the bad fault, the bad token and the valid choices
     */
    public static List<Fault> parse(String text) {
        List<Fault> faults = new ArrayList<>();
        for (FaultSpec spec : FaultSyntax.parse(text)) {
            faults.add(new Fault(spec));
        }
        return List.copyOf(faults);
    }

    /**
     * The string form of faults, which {@link #parse(String)} reads back into equal faults.
     *
     * @param faults the faults
     * @return comma-separated, such as {@code latency=50ms,bandwidth=10KiB/s}
     */
    public static String format(List<Fault> faults) {
        Objects.requireNonNull(faults, "faults");
        List<FaultSpec> specs = new ArrayList<>();
        for (Fault fault : faults) {
            specs.add(Objects.requireNonNull(fault, "faults contains null").spec());
        }
        return FaultSyntax.format(specs);
    }

    private static long millis(String what, Duration duration) {
        Objects.requireNonNull(duration, () -> what + " must not be null; give a Duration, e.g. Duration.ofMillis(50)");
        if (duration.isNegative()) {
            throw new IllegalArgumentException(what + " must not be negative, was " + duration);
        }
        if (duration.getNano() % 1_000_000 != 0) {
            throw new IllegalArgumentException(what + " must be a whole number of milliseconds, was " + duration);
        }
        try {
            return duration.toMillis();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(what + " is too long: " + duration, e);
        }
    }

    private static long bytes(String what, long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException(what + " must be 0 or more bytes, was " + bytes);
        }
        return bytes;
    }
}
