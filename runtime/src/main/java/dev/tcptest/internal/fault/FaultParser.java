package dev.tcptest.internal.fault;

import dev.tcptest.Fault;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads the string form of faults left to right with a cursor: each fault between commas, then
 * its name, its value and its options between semicolons, each number and unit by scanning its
 * characters. No regular expression sees the text, so a long token is decided as fast as a short
 * one, and every message names the token as typed (shortened when long) and what to write instead.
 */
final class FaultParser {

    /** The fault names, for messages. */
    static final String NAMES = "latency, bandwidth, slicer, limit-data, reset-after, stall-after, slow-close";
    /** Texts longer than this are shortened in messages. */
    private static final int SHOWN = 100;
    private static final String DURATION_UNITS = "ms, s or m";
    private static final String SIZE_UNITS = "B, KiB, MiB, GiB, KB, MB, GB (bytes if none)";

    private FaultParser() {
    }

    /**
     * Parses a comma-separated list of faults; a blank text is an empty list.
     *
     * @param text the faults
     * @return the specs, in order
     * @throws IllegalArgumentException naming the bad fault, the bad token and the valid choices
     */
    static List<FaultSpec> parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("faults text is null; use \"\" for no faults");
        }
        List<FaultSpec> specs = new ArrayList<>();
        if (text.isBlank()) {
            return specs;
        }
        int from = 0;
        while (true) {
            int comma = text.indexOf(',', from);
            String item = text.substring(from, comma < 0 ? text.length() : comma).trim();
            try {
                specs.add(fault(item));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("bad fault '" + shown(item) + "' in \"" + shown(text) + "\": "
                        + e.getMessage(), e);
            }
            if (comma < 0) {
                return specs;
            }
            from = comma + 1;
        }
    }

    /** One fault: {@code name=value} and its options, each after a ';'. */
    private static FaultSpec fault(String item) {
        if (item.isEmpty()) {
            throw new IllegalArgumentException("empty fault; write faults like latency=50ms, separated by single commas");
        }
        int semicolon = item.indexOf(';');
        String head = (semicolon < 0 ? item : item.substring(0, semicolon)).trim();
        int eq = head.indexOf('=');
        if (eq < 0) {
            throw new IllegalArgumentException("expected name=value, like latency=50ms; valid names: " + NAMES);
        }
        String name = head.substring(0, eq).trim();
        String value = head.substring(eq + 1).trim();
        FaultSpec spec = value(name, value);
        Set<String> given = new HashSet<>();
        while (semicolon >= 0) {
            int next = item.indexOf(';', semicolon + 1);
            String option = item.substring(semicolon + 1, next < 0 ? item.length() : next).trim();
            if (option.isEmpty()) {
                throw new IllegalArgumentException("empty option; write each option after a single ';', like "
                        + shown(name + "=" + value) + ";" + exampleOption(spec.kind()) + ", or drop the extra ';'");
            }
            spec = option(spec, option, given);
            semicolon = next;
        }
        return spec;
    }

    private static FaultSpec value(String name, String value) {
        return switch (name) {
            case "latency" -> FaultSpec.of(FaultSpec.Kind.LATENCY, duration(value, name), 0);
            case "bandwidth" -> FaultSpec.of(FaultSpec.Kind.BANDWIDTH, rate(value), 0);
            case "slicer" -> {
                long chunk = size(value, name);
                if (chunk < 1 || chunk > Integer.MAX_VALUE) {
                    throw new IllegalArgumentException("slicer needs a chunk size from 1B to 2GiB-1, found '" + shown(value) + "'");
                }
                yield FaultSpec.of(FaultSpec.Kind.SLICER, chunk, 0);
            }
            case "limit-data" -> FaultSpec.of(FaultSpec.Kind.LIMIT_DATA, size(value, name), 0);
            case "reset-after" -> isDuration(value)
                    ? FaultSpec.of(FaultSpec.Kind.RESET_AFTER_TIME, duration(value, name), 0)
                    : FaultSpec.of(FaultSpec.Kind.RESET_AFTER_BYTES, sizeOrDuration(value, name), 0);
            case "stall-after" -> isDuration(value)
                    ? FaultSpec.of(FaultSpec.Kind.STALL_AFTER_TIME, duration(value, name), 0)
                    : FaultSpec.of(FaultSpec.Kind.STALL_AFTER_BYTES, sizeOrDuration(value, name), 0);
            case "slow-close" -> FaultSpec.of(FaultSpec.Kind.SLOW_CLOSE, duration(value, name), 0);
            default -> throw new IllegalArgumentException("unknown fault '" + shown(name) + "'; valid faults: " + NAMES);
        };
    }

    private static long rate(String value) {
        if (!value.endsWith("/s")) {
            throw new IllegalArgumentException("bandwidth needs a rate like 10KiB/s, found '" + shown(value) + "'");
        }
        long rate = size(value.substring(0, value.length() - 2), "bandwidth");
        if (rate < 1) {
            throw new IllegalArgumentException("bandwidth must be at least 1B/s, found '" + shown(value) + "'");
        }
        return rate;
    }

    /** One option, {@code key} or {@code key=value}; each option may be given once. */
    private static FaultSpec option(FaultSpec spec, String option, Set<String> given) {
        int eq = option.indexOf('=');
        String key = eq < 0 ? option : option.substring(0, eq).trim();
        String value = eq < 0 ? null : option.substring(eq + 1).trim();
        boolean direction = key.equals("upstream") || key.equals("downstream");
        if (!key.isEmpty() && !given.add(direction ? "direction" : key)) {
            throw new IllegalArgumentException(direction ? "the direction is given twice; write upstream or downstream once"
                    : "'" + shown(key) + "' is given twice; write it once");
        }
        return switch (key) {
            case "upstream", "downstream" -> {
                if (value != null) {
                    throw new IllegalArgumentException("'" + key + "' takes no value; write ;" + key + " alone");
                }
                yield spec.withDirection(key.equals("upstream") ? Fault.Direction.UPSTREAM : Fault.Direction.DOWNSTREAM);
            }
            case "jitter", "delay" -> extraMillis(spec, key, value);
            case "probability" -> spec.withProbability(probability(required(key, value)));
            case "seed" -> spec.withSeed(seed(required(key, value)));
            default -> throw new IllegalArgumentException("unknown option '" + shown(key) + "' for " + spec.kind().label()
                    + "; valid options: " + options(spec.kind()));
        };
    }

    private static FaultSpec extraMillis(FaultSpec spec, String key, String value) {
        FaultSpec.Kind wants = key.equals("jitter") ? FaultSpec.Kind.LATENCY : FaultSpec.Kind.SLICER;
        if (spec.kind() != wants) {
            throw new IllegalArgumentException("'" + key + "' is an option of " + wants.label() + " only; options of "
                    + spec.kind().label() + ": " + options(spec.kind()));
        }
        return spec.withExtraMillis(duration(required(key, value), key));
    }

    /** A plain decimal, digits with at most one point and a digit after it: not 0.5f, 0x1p-1 or 1e-400. */
    private static double probability(String value) {
        int point = digits(value, 0);
        boolean plain = point == value.length() ? point > 0
                : value.charAt(point) == '.' && point + 1 < value.length() && digits(value, point + 1) == value.length();
        if (!plain) {
            throw new IllegalArgumentException("probability must be a decimal number like 0.3, found '" + shown(value) + "'");
        }
        double probability = Double.parseDouble(value);
        if (probability == 0 && value.chars().anyMatch(c -> c > '0' && c <= '9')) {
            throw new IllegalArgumentException("probability '" + shown(value) + "' is too small to tell from 0; use a number"
                    + " more than 0 and at most 1, such as 0.001");
        }
        return probability;
    }

    private static long seed(String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            boolean sign = value.startsWith("-") || value.startsWith("+");
            boolean whole = value.length() > (sign ? 1 : 0) && digits(value, sign ? 1 : 0) == value.length();
            throw new IllegalArgumentException(whole
                    ? "seed '" + shown(value) + "' is out of range; use a number from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE
                    : "seed must be a whole number, found '" + shown(value) + "'");
        }
    }

    private static String options(FaultSpec.Kind kind) {
        String own = kind == FaultSpec.Kind.LATENCY ? "jitter=DURATION, " : kind == FaultSpec.Kind.SLICER ? "delay=DURATION, " : "";
        String way = kind.directed() ? "upstream, downstream, " : "";
        return own + way + "probability=P, seed=N";
    }

    private static String exampleOption(FaultSpec.Kind kind) {
        return kind == FaultSpec.Kind.LATENCY ? "jitter=10ms"
                : kind == FaultSpec.Kind.SLICER ? "delay=5ms"
                : kind.directed() ? "upstream" : "probability=0.5";
    }

    private static String required(String key, String value) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("'" + key + "' needs a value, like " + key + "="
                    + (key.equals("probability") ? "0.5" : key.equals("seed") ? "42" : "10ms"));
        }
        return value;
    }

    private static boolean isDuration(String value) {
        int unit = digits(value, 0);
        return unit > 0 && durationFactor(value.substring(unit)) > 0;
    }

    private static long sizeOrDuration(String value, String name) {
        int unit = digits(value, 0);
        if (unit == 0 || sizeFactor(value.substring(unit)) == 0) {
            throw new IllegalArgumentException(name + " needs a size like 1KiB or a duration like 2s, found '" + shown(value)
                    + "'" + negative(value, "") + "; sizes: a number with B, KiB, MiB, GiB, KB, MB or GB (bytes if none);"
                    + " durations: " + DURATION_UNITS);
        }
        return size(value, name);
    }

    /**
     * A duration in milliseconds: digits, then {@code ms}, {@code s} or {@code m}.
     *
     * @param value the token, trimmed
     * @param name the fault or option, for messages
     * @return the milliseconds
     */
    static long duration(String value, String name) {
        int unit = digits(value, 0);
        long factor = unit == 0 ? 0 : durationFactor(value.substring(unit));
        if (factor == 0) {
            throw new IllegalArgumentException(name + " needs a duration like 50ms, 2s or 1m, found '" + shown(value) + "'"
                    + negative(value, "; write a whole number with " + DURATION_UNITS));
        }
        return scaled(value, unit, factor, name + " duration");
    }

    /**
     * A size in bytes: digits, then a unit or none.
     *
     * @param value the token, trimmed
     * @param name the fault, for messages
     * @return the bytes
     */
    private static long size(String value, String name) {
        int unit = digits(value, 0);
        long factor = unit == 0 ? 0 : sizeFactor(value.substring(unit));
        if (factor == 0) {
            throw new IllegalArgumentException(name + " needs a size like 1KiB, 512B or 1000, found '" + shown(value)
                    + "'" + negative(value, "") + "; units: " + SIZE_UNITS);
        }
        return scaled(value, unit, factor, name + " size");
    }

    private static String negative(String value, String otherwise) {
        return value.startsWith("-") ? "; it must not be negative" : otherwise;
    }

    /** The number before {@code unit} times the factor; too large for a long is an error naming the value. */
    private static long scaled(String value, int unit, long factor, String what) {
        try {
            return Math.multiplyExact(Long.parseLong(value, 0, unit, 10), factor);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException(what + " '" + shown(value) + "' is too large");
        }
    }

    /** @return milliseconds per unit, 0 for a token that is no duration unit */
    private static long durationFactor(String unit) {
        return switch (unit) {
            case "ms" -> 1L;
            case "s" -> 1000L;
            case "m" -> 60_000L;
            default -> 0L;
        };
    }

    /** @return bytes per unit, 0 for a token that is no size unit */
    private static long sizeFactor(String unit) {
        return switch (unit) {
            case "", "B" -> 1L;
            case "KiB" -> 1024L;
            case "MiB" -> 1024L * 1024;
            case "GiB" -> 1024L * 1024 * 1024;
            case "KB" -> 1000L;
            case "MB" -> 1000_000L;
            case "GB" -> 1000_000_000L;
            default -> 0L;
        };
    }

    /** @return the index of the first character at or after {@code from} that is not an ASCII digit */
    private static int digits(String text, int from) {
        int at = from;
        while (at < text.length() && text.charAt(at) >= '0' && text.charAt(at) <= '9') {
            at++;
        }
        return at;
    }

    /** The text as a message shows it: whole when short, else its start and its length. */
    private static String shown(String text) {
        if (text.length() <= SHOWN) {
            return text;
        }
        int cut = Character.isHighSurrogate(text.charAt(SHOWN / 2 - 1)) ? SHOWN / 2 - 1 : SHOWN / 2;
        return text.substring(0, cut) + "... (" + text.length() + " characters)";
    }
}
