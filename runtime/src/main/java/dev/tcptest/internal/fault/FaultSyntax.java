package dev.tcptest.internal.fault;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The string form of faults: {@code latency=50ms;jitter=10ms,bandwidth=10KiB/s;upstream}. Parsing
 * and formatting round-trip: {@code parse(format(x))} equals {@code x}.
 */
public final class FaultSyntax {

    /** The fault names, for messages. */
    public static final String NAMES = "latency, bandwidth, slicer, limit-data, reset-after, stall-after, slow-close";

    private static final Pattern DURATION = Pattern.compile("([0-9]+)(ms|s|m)");
    private static final Pattern SIZE = Pattern.compile("([0-9]+)(B|KiB|MiB|GiB|KB|MB|GB)?");
    private static final Pattern DECIMAL = Pattern.compile("[0-9]*\\.?[0-9]+");
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
        if (text == null) {
            throw new IllegalArgumentException("faults text is null; use \"\" for no faults");
        }
        List<FaultSpec> specs = new ArrayList<>();
        if (text.isBlank()) {
            return specs;
        }
        for (String item : text.split(",", -1)) {
            try {
                specs.add(parseOne(item.trim()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("bad fault '" + item.trim() + "' in \"" + text + "\": " + e.getMessage(), e);
            }
        }
        return specs;
    }

    private static FaultSpec parseOne(String item) {
        if (item.isEmpty()) {
            throw new IllegalArgumentException("empty fault; write faults like latency=50ms, separated by single commas");
        }
        String[] parts = item.split(";", -1);
        String head = parts[0].trim();
        int eq = head.indexOf('=');
        if (eq < 0) {
            throw new IllegalArgumentException("expected name=value, like latency=50ms; valid names: " + NAMES);
        }
        String name = head.substring(0, eq).trim();
        String value = head.substring(eq + 1).trim();
        FaultSpec spec = switch (name) {
            case "latency" -> FaultSpec.of(FaultSpec.Kind.LATENCY, duration(value, name), 0);
            case "bandwidth" -> {
                if (!value.endsWith("/s")) {
                    throw new IllegalArgumentException("bandwidth needs a rate like 10KiB/s, found '" + value + "'");
                }
                long rate = size(value.substring(0, value.length() - 2), name);
                if (rate < 1) {
                    throw new IllegalArgumentException("bandwidth must be at least 1B/s, found '" + value + "'");
                }
                yield FaultSpec.of(FaultSpec.Kind.BANDWIDTH, rate, 0);
            }
            case "slicer" -> {
                long chunk = size(value, name);
                if (chunk < 1 || chunk > Integer.MAX_VALUE) {
                    throw new IllegalArgumentException("slicer needs a chunk size from 1B to 2GiB-1, found '" + value + "'");
                }
                yield FaultSpec.of(FaultSpec.Kind.SLICER, chunk, 0);
            }
            case "limit-data" -> FaultSpec.of(FaultSpec.Kind.LIMIT_DATA, size(value, name), 0);
            case "reset-after" -> DURATION.matcher(value).matches()
                    ? FaultSpec.of(FaultSpec.Kind.RESET_AFTER_TIME, duration(value, name), 0)
                    : FaultSpec.of(FaultSpec.Kind.RESET_AFTER_BYTES, sizeOrDuration(value, name), 0);
            case "stall-after" -> DURATION.matcher(value).matches()
                    ? FaultSpec.of(FaultSpec.Kind.STALL_AFTER_TIME, duration(value, name), 0)
                    : FaultSpec.of(FaultSpec.Kind.STALL_AFTER_BYTES, sizeOrDuration(value, name), 0);
            case "slow-close" -> FaultSpec.of(FaultSpec.Kind.SLOW_CLOSE, duration(value, name), 0);
            default -> throw new IllegalArgumentException("unknown fault '" + name + "'; valid faults: " + NAMES);
        };
        Set<String> given = new HashSet<>();
        for (int i = 1; i < parts.length; i++) {
            String option = parts[i].trim();
            if (option.isEmpty()) {
                throw new IllegalArgumentException("empty option; write each option after a single ';', like "
                        + name + "=" + value + ";" + exampleOption(spec.kind()) + ", or drop the extra ';'");
            }
            String key = option.split("=", 2)[0].trim();
            String slot = key.equals("upstream") || key.equals("downstream") ? "direction" : key;
            if (!slot.isEmpty() && !given.add(slot)) {
                throw new IllegalArgumentException(slot.equals("direction")
                        ? "the direction is given twice; write upstream or downstream once"
                        : "'" + key + "' is given twice; write it once");
            }
            spec = option(spec, option);
        }
        return spec;
    }

    private static FaultSpec option(FaultSpec spec, String option) {
        String name = spec.kind().label();
        int eq = option.indexOf('=');
        String key = eq < 0 ? option : option.substring(0, eq).trim();
        String value = eq < 0 ? null : option.substring(eq + 1).trim();
        switch (key) {
            case "upstream", "downstream" -> {
                if (value != null) {
                    throw new IllegalArgumentException("'" + key + "' takes no value");
                }
                return spec.withWay(key.equals("upstream") ? FaultSpec.Way.UPSTREAM : FaultSpec.Way.DOWNSTREAM);
            }
            case "jitter", "delay" -> {
                FaultSpec.Kind wants = key.equals("jitter") ? FaultSpec.Kind.LATENCY : FaultSpec.Kind.SLICER;
                if (spec.kind() != wants) {
                    throw new IllegalArgumentException("'" + key + "' is an option of " + wants.label() + " only; options of "
                            + name + ": " + options(spec.kind()));
                }
                return spec.withExtraMillis(duration(required(key, value), key));
            }
            case "probability" -> {
                // Plain decimals only: Double.parseDouble would also take 0.5f, 0x1p-1 and 1e-400 (as 0).
                if (!DECIMAL.matcher(required(key, value)).matches()) {
                    throw new IllegalArgumentException("probability must be a decimal number like 0.3, found '" + value + "'");
                }
                return spec.withProbability(Double.parseDouble(value));
            }
            case "seed" -> {
                try {
                    return spec.withSeed(Long.parseLong(required(key, value)));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(value.matches("[-+]?[0-9]+")
                            ? "seed '" + value + "' is out of range; use a number from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE
                            : "seed must be a whole number, found '" + value + "'");
                }
            }
            default -> throw new IllegalArgumentException("unknown option '" + key + "' for " + name + "; valid options: "
                    + options(spec.kind()));
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

    private static long sizeOrDuration(String value, String name) {
        if (!SIZE.matcher(value).matches()) {
            throw new IllegalArgumentException(name + " needs a size like 1KiB or a duration like 2s, found '" + value
                    + "'" + (value.startsWith("-") ? "; it must not be negative" : "") + "; sizes: a number with B, KiB, MiB, GiB, KB, MB or GB (bytes if none); durations: ms, s or m");
        }
        return size(value, name);
    }

    static long duration(String value, String name) {
        Matcher m = DURATION.matcher(value);
        if (!m.matches()) {
            throw new IllegalArgumentException(name + " needs a duration like 50ms, 2s or 1m, found '" + value + "'"
                    + (value.startsWith("-") ? "; it must not be negative" : "; write a whole number with ms, s or m"));
        }
        long amount = number(m.group(1), name, "duration", value);
        try {
            return switch (m.group(2)) {
                case "ms" -> amount;
                case "s" -> Math.multiplyExact(amount, 1000L);
                default -> Math.multiplyExact(amount, 60_000L);
            };
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(name + " duration '" + value + "' is too large");
        }
    }

    static long size(String value, String name) {
        Matcher m = SIZE.matcher(value);
        if (!m.matches()) {
            throw new IllegalArgumentException(name + " needs a size like 1KiB, 512B or 1000, found '" + value
                    + "'" + (value.startsWith("-") ? "; it must not be negative" : "")
                    + "; units: B, KiB, MiB, GiB, KB, MB, GB (bytes if none)");
        }
        long amount = number(m.group(1), name, "size", value);
        String unit = m.group(2) == null ? "B" : m.group(2);
        long factor = switch (unit) {
            case "KiB" -> KIB;
            case "MiB" -> KIB * KIB;
            case "GiB" -> KIB * KIB * KIB;
            case "KB" -> 1000L;
            case "MB" -> 1000_000L;
            case "GB" -> 1000_000_000L;
            default -> 1L;
        };
        try {
            return Math.multiplyExact(amount, factor);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(name + " size '" + value + "' is too large");
        }
    }

    private static long number(String digits, String name, String what, String value) {
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " " + what + " '" + value + "' is too large");
        }
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
        if (spec.way() == FaultSpec.Way.UPSTREAM) {
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
