package dev.tcptest.internal.fault;

import dev.tcptest.Fault;
import java.math.BigDecimal;
import java.util.List;

/**
 * The string form of faults: {@code latency=50ms;jitter=10ms,bandwidth=10KiB/s;upstream}. Parsing
 * and formatting round-trip: {@code parse(format(x))} equals {@code x}.
 */
public final class FaultSyntax {

    private static final long KIB = 1024;

    private FaultSyntax() {
    }

    /**
     * Parses a comma-separated list of faults; a blank text is an empty list.
     *
     * @param text the faults
     * @return the specs, in order
     * @throws IllegalArgumentException naming the bad token and the valid ones
     */
    public static List<FaultSpec> parse(String text) {
        return FaultParser.parse(text);
    }

    /**
     * A duration as faults write it: a whole number with {@code ms}, {@code s} or {@code m}.
     *
     * @param text such as {@code 500ms} or {@code 5s}
     * @param name what the duration is, for the message
     * @return the milliseconds
     * @throws IllegalArgumentException naming the value and the form to write
     */
    public static long parseDuration(String text, String name) {
        return FaultParser.duration(text.trim(), name);
    }

    /**
     * The string form of a list, parseable by {@link #parse(String)}.
     *
     * @param specs the faults
     * @return the comma-separated faults
     */
    public static String format(List<FaultSpec> specs) {
        StringBuilder out = new StringBuilder();
        for (FaultSpec spec : specs) {
            if (out.length() > 0) {
                out.append(',');
            }
            out.append(format(spec));
        }
        return out.toString();
    }

    /**
     * The string form of one fault.
     *
     * @param spec the fault
     * @return such as {@code latency=50ms;jitter=10ms;upstream}
     */
    public static String format(FaultSpec spec) {
        StringBuilder out = new StringBuilder(spec.kind().label()).append('=');
        switch (spec.kind()) {
            case LATENCY, RESET_AFTER_TIME, STALL_AFTER_TIME, SLOW_CLOSE -> out.append(formatDuration(spec.amount()));
            case BANDWIDTH -> out.append(formatSize(spec.amount())).append("/s");
            default -> out.append(formatSize(spec.amount()));
        }
        if (spec.extraMillis() > 0) {
            out.append(spec.kind() == FaultSpec.Kind.LATENCY ? ";jitter=" : ";delay=").append(formatDuration(spec.extraMillis()));
        }
        if (spec.direction() == Fault.Direction.UPSTREAM) {
            out.append(";upstream");
        }
        if (spec.probability() < 1) {
            // Plain digits, as parse reads them: Double.toString writes 1.0E-5.
            out.append(";probability=").append(BigDecimal.valueOf(spec.probability()).stripTrailingZeros().toPlainString());
        }
        if (spec.seed() != null) {
            out.append(";seed=").append(spec.seed());
        }
        return out.toString();
    }

    /**
     * A duration in the largest exact unit.
     *
     * @param millis the duration
     * @return such as {@code 2s}, {@code 1500ms} or {@code 1m}
     */
    public static String formatDuration(long millis) {
        if (millis > 0 && millis % 60_000 == 0) {
            return millis / 60_000 + "m";
        }
        if (millis > 0 && millis % 1000 == 0) {
            return millis / 1000 + "s";
        }
        return millis + "ms";
    }

    static String formatSize(long bytes) {
        String[] units = {"GiB", "MiB", "KiB"};
        long[] factors = {KIB * KIB * KIB, KIB * KIB, KIB};
        for (int i = 0; i < units.length; i++) {
            if (bytes > 0 && bytes % factors[i] == 0) {
                return bytes / factors[i] + units[i];
            }
        }
        return bytes + "B";
    }
}
