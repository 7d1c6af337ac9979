package dev.tcptest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fault strings as a user might mistype them, or as a generator might blow them up: every text is
 * decided, parsed or rejected with an {@link IllegalArgumentException} that names the bad fault,
 * and none takes long, however long its tokens.
 */
class FaultStringFuzzTest {

    /** The bound the issue asks for: far above what a linear parser needs for 100,000 characters. */
    private static final int LONG = 100_000;

    @Test
    void fuzzedFaultStringsAreParsedOrRejectedWithAReason() {
        String[] seeds = {
            "latency=50ms;jitter=10ms", "bandwidth=10KiB/s;upstream", "slicer=16B;delay=5ms", "limit-data=1MiB",
            "reset-after=1KiB;upstream;probability=0.3", "reset-after=1m", "stall-after=250ms;seed=-7",
            "slow-close=1ms,latency=2s;downstream", "stall-after=0B,bandwidth=1000B/s;probability=.5;seed=42",
        };
        String[] words = {"latency", "bandwidth", "slicer", "limit-data", "reset-after", "stall-after", "slow-close",
            "jitter", "delay", "upstream", "downstream", "probability", "seed", "=", ";", ",", " ", "50ms", "2s", "1m",
            "10KiB/s", "1KiB", "512B", "1000", "0", "0.3", ".5", "1.", "-1", "+7", "99999999999999999999", "/s", "MB",
            "GiB", "e", "x"};
        String alphabet = "abcdelmnoprstuwyz=;,/. -+0123456789KMGiBms\t\u00e9\ud800";
        Fuzz fuzz = new Fuzz(20_260_507L, alphabet, words);
        int parsed = 0;
        int rejected = 0;
        for (int i = 0; i < 20_000; i++) {
            String text = i % 2 == 0 ? fuzz.text(16) : fuzz.mutate(seeds[fuzz.random().nextInt(seeds.length)], 4);
            List<Fault> faults = decide(text);
            if (faults == null) {
                rejected++;
            } else {
                parsed++;
                assertEquals(faults, Faults.parse(Faults.format(faults)), "round trip of " + text);
            }
        }
        assertTrue(parsed > 100 && rejected > 100, "the fuzzer should make both valid and invalid fault strings: "
                + parsed + " parsed, " + rejected + " rejected");
    }

    static Stream<Arguments> longTokens() {
        return Stream.of(
                Arguments.of("the issue's probability", "latency=1s;probability=" + "0".repeat(80_000) + "x", false),
                Arguments.of("leading zeros of a duration", "latency=" + "0".repeat(LONG) + "50ms", true),
                Arguments.of("a duration too large", "latency=" + "9".repeat(LONG) + "ms", false),
                Arguments.of("a size too large", "limit-data=" + "1".repeat(LONG), false),
                Arguments.of("a rate too large", "bandwidth=" + "1".repeat(LONG) + "/s", false),
                Arguments.of("a size with a unit, too large", "reset-after=" + "1".repeat(LONG) + "KiB", false),
                Arguments.of("leading zeros of a size", "slicer=" + "0".repeat(LONG) + "1KiB", true),
                Arguments.of("a long unit", "stall-after=1" + "m".repeat(LONG), false),
                Arguments.of("a long negative value", "latency=" + "-".repeat(LONG), false),
                Arguments.of("an option's duration too large", "latency=1ms;jitter=" + "5".repeat(LONG) + "s", false),
                Arguments.of("a probability rounding to 0", "latency=1ms;probability=0." + "0".repeat(LONG) + "5", false),
                Arguments.of("a probability of zeros", "latency=1ms;probability=" + "0".repeat(LONG), false),
                Arguments.of("leading zeros of a probability", "latency=1ms;probability=" + "0".repeat(LONG) + ".5", true),
                Arguments.of("a probability of points", "latency=1ms;probability=" + ".".repeat(LONG), false),
                Arguments.of("a probability with a bad end", "latency=1ms;probability=" + "1".repeat(LONG) + ".x", false),
                Arguments.of("a seed out of range", "latency=1ms;seed=" + "7".repeat(LONG), false),
                Arguments.of("leading zeros of a seed", "latency=1ms;seed=-" + "0".repeat(LONG) + "7", true),
                Arguments.of("a long fault name", "a".repeat(LONG) + "=1ms", false),
                Arguments.of("a long name without a value", "latency" + "y".repeat(LONG), false),
                Arguments.of("a long option name", "latency=1ms;" + "q".repeat(LONG) + "=1", false),
                Arguments.of("a direction with a value", "latency=1ms;upstream" + " ".repeat(LONG) + "=", false),
                Arguments.of("commas", ",".repeat(LONG), false),
                Arguments.of("semicolons", ";".repeat(LONG), false),
                Arguments.of("equals signs", "=".repeat(LONG), false),
                Arguments.of("a value of equals signs", "latency=" + "=".repeat(LONG), false),
                Arguments.of("empty options", "latency=1ms" + ";".repeat(LONG), false),
                Arguments.of("a direction again and again", "latency=1ms" + ";upstream".repeat(LONG / 9), false),
                Arguments.of("spaces", " ".repeat(LONG), true),
                Arguments.of("spaces around a fault", " ".repeat(LONG) + "latency=1ms" + " ".repeat(LONG), true),
                Arguments.of("many faults", "latency=1ms,".repeat(LONG / 12) + "latency=1ms", true),
                Arguments.of("many faults, the last bad", "latency=1ms,".repeat(LONG / 12) + "latency=1", false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("longTokens")
    void aLongTokenIsDecidedInWellUnderASecond(String what, String text, boolean parses) {
        List<Fault> faults = decide(text);
        assertEquals(parses, faults != null, what + ": " + (faults == null ? "rejected" : "parsed as " + faults));
    }

    @Test
    void messagesShortenLongTokens() {
        String item = "latency=1s;probability=" + "0".repeat(27) + "... (80024 characters)";
        assertEquals("bad fault '" + item + "' in \"" + item + "\": probability must be a decimal number like 0.3, found '"
                + "0".repeat(50) + "... (80001 characters)'",
                expectRejected("latency=1s;probability=" + "0".repeat(80_000) + "x").getMessage());
        String tiny = "latency=1ms;probability=0." + "0".repeat(24) + "... (100027 characters)";
        assertEquals("bad fault '" + tiny + "' in \"" + tiny + "\": probability '0." + "0".repeat(48) + "... (100003 characters)'"
                + " is too small to tell from 0; use a number more than 0 and at most 1, such as 0.001",
                expectRejected("latency=1ms;probability=0." + "0".repeat(LONG) + "5").getMessage());
    }

    private static IllegalArgumentException expectRejected(String text) {
        try {
            fail("expected a rejection, got " + Faults.parse(text));
            return null;
        } catch (IllegalArgumentException e) {
            return e;
        }
    }

    /**
     * Parses the text in well under a second: the faults, or null when rejected with a message
     * naming the fault, timed by {@link ParseClock}.
     */
    private static List<Fault> decide(String text) {
        long start = ParseClock.now();
        try {
            return Faults.parse(text);
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage().startsWith("bad fault '") && e.getMessage().length() < 1000,
                    "a message naming the fault, shortened: " + e.getMessage());
            return null;
        } catch (RuntimeException | Error e) {
            throw new AssertionError("parsing " + show(text) + " threw " + e, e);
        } finally {
            long took = ParseClock.now() - start;
            assertTrue(took < ParseClock.DECIDED_WITHIN_NANOS, "deciding " + show(text) + " took " + took / 1_000_000 + " ms");
        }
    }


    private static String show(String text) {
        return text.length() <= 120 ? "\"" + text + "\"" : "\"" + text.substring(0, 100) + "...\" (" + text.length() + " chars)";
    }
}
