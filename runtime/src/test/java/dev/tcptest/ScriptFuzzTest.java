package dev.tcptest;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.tcptest.internal.script.Origin;
import dev.tcptest.internal.script.Program;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The script parser is total and fast: random and mutated scripts, from fixed seeds, with every
 * command, rule, section header, capture and include, either parse or throw a
 * {@link ScriptSyntaxException} naming a file, a line in it and a column, never anything else,
 * and none takes a second. Includes are resolved in a folder of small scripts, some of them
 * broken on purpose.
 */
class ScriptFuzzTest {

    private static final int INPUTS = 200_000;
    private static final int LONG = 100_000;

    @TempDir
    static Path dir;

    /** The included scripts, by file name, with their lines, for checking the positions of errors in them. */
    private static final Map<String, String[]> FILES = new HashMap<>();

    @BeforeAll
    static void writeIncludedScripts() throws IOException {
        write("a.chat", "send \"a\\n\"\nexpect line \"x\"\n");
        write("rules.chat", "on line \"PING\" send \"PONG\\n\"\non bytes hex \"c0 ??\" ignore\n");
        write("bad.chat", "# broken\nsend\n");
        write("loop.chat", "include \"loop.chat\"\n");
        write("twice.chat", "include \"a.chat\"\ninclude \"a.chat\"\n");
        write("capture.chat", "expect regex \"^(?<tag>\\w+) \"\nsend \"${tag} OK\\r\\n\"\n");
        write("header.chat", "\n[connection 1]\n");
        write("sub/deep.chat", "include \"../a.chat\"\n");
    }

    private static void write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        FILES.put(file.getFileName().toString(), text.split("\n", -1));
    }

    @Test
    void fuzzedScriptsParseOrFailWithAPositionInAFile() {
        String[] seeds = {
            "send \"220 ready\\r\\n\"\nexpect line \"EHLO *\"\nsend hex \"32 35 30\"\n",
            "expect regex \"^MAIL FROM:<.+>$\"\nexpect bytes 12\ndelay 200ms\ntimeout 2s\n",
            "on line \"NOOP\" send \"250 OK\\r\\n\"\non regex \"^QUIT\" send \"221\\r\\n\" close\n",
            "shutdown-output\nexpect \"x\\x00\"\nhold\n",
            "# comment\nreset\n",
            "expect exactly \"PING\\r\\n\"\nexpect hex \"10 ?? 00 04\"\nawait-close\n",
            "on bytes hex \"c0 00\" send hex \"d0 00\"\non bytes \"\\x00\" ignore\non line \"*\" close\n",
            "send \"+hello\\r\\n\"\n[connection 1]\nreset\n[connection 2-3]\ninclude \"a.chat\"\n[connection *]\nclose\n",
            "include \"rules.chat\"\ninclude \"sub/deep.chat\"\n",
            "expect regex \"^(?<tag>[A-Z0-9]+) LOGIN (?<user>\\S+)\"\nsend \"${tag} OK ${user} \\${x} $5 \\$\\r\\n\"\n",
            "include \"capture.chat\"\non regex \"(?<id>\\d+)\" send \"${id}${tag}\"\n",
        };
        String alphabet = "sendhxpctlirgbyowuO \t\"\\#*?.()[]{}<>^$+-0123456789msx\r\n\u00e9\ud83d\ude00\ud800";
        String[] words = {"send", "hex", "expect", "line", "regex", "bytes", "exactly", "delay", "timeout",
            "shutdown-output", "starttls", "close", "reset", "hold", "await-close", "include", "on", "ignore", "\"", "\\", "\\x",
            "\\x4", "\\xzz", "\\$", "${", "${tag}", "${x", "}", "??", "?", "c0", "200ms", "0", "99999999999", "1m", "#",
            "\n", " ", "*", "(", "[", "]", "[connection ", "[connection 1]", "[connection 2-3]", "[connection *]", "3-2",
            "{2,1}", "\\Q", "\\E", "\\p{", "(?<", "(?<tag>", "(?<x>a)", "\\k<a>", "\"a.chat\"", "\"rules.chat\"",
            "\"bad.chat\"", "\"loop.chat\"", "\"twice.chat\"", "\"capture.chat\"", "\"header.chat\"", "\"sub/deep.chat\"",
            "\"none.chat\"", "\"sub\"", "include \"a.chat\"\n"};
        Fuzz fuzz = new Fuzz(20_261_207L, alphabet, words);
        int parsed = 0;
        int rejected = 0;
        for (int i = 0; i < INPUTS; i++) {
            String input = i % 2 == 0 ? fuzz.text(25) : fuzz.mutate(seeds[fuzz.random().nextInt(seeds.length)], 5);
            if (decide(input)) {
                parsed++;
            } else {
                rejected++;
            }
        }
        if (parsed < 1000 || rejected < 1000) {
            fail("the fuzzer should produce both valid and invalid scripts: " + parsed + " parsed, " + rejected + " rejected");
        }
    }

    static Stream<Arguments> longInputs() {
        return Stream.of(
                Arguments.of("a long string to send", "send \"" + "a".repeat(LONG) + "\"", true),
                Arguments.of("many captures", "expect regex \"(?<a>.)\"\nsend \"" + "${a}".repeat(LONG / 4) + "\"", true),
                Arguments.of("many dollars", "send \"" + "$".repeat(LONG) + "\"", true),
                Arguments.of("an unended capture", "send \"${" + "a".repeat(LONG), false),
                Arguments.of("many wildcards", "expect hex \"" + "??".repeat(LONG / 2) + "\"", true),
                Arguments.of("a long section number", "[connection " + "1".repeat(LONG) + "]", false),
                Arguments.of("a long header", "[" + " ".repeat(LONG) + "connection 1" + " ".repeat(LONG) + "]", true),
                Arguments.of("many sections", sections(20_000), true),
                Arguments.of("sections each covering the ones before", widening(2_000), true),
                Arguments.of("many includes of one file", "include \"a.chat\"\n".repeat(5_000), true),
                Arguments.of("includes beyond the bound", "include \"twice.chat\"\n".repeat(4_000), false),
                Arguments.of("many group-like runs", "expect regex \"" + "[(?<a>)]".repeat(LONG / 8) + "\"", true),
                Arguments.of("many rules", "on bytes \"x\" ignore\n".repeat(LONG / 10), true),
                Arguments.of("many lines", "\n".repeat(LONG), true));
    }

    private static String sections(int count) {
        StringBuilder out = new StringBuilder();
        for (int i = 1; i <= count; i++) {
            out.append("[connection ").append(i).append("]\nclose\n");
        }
        return out.toString();
    }

    /** [connection 1], [connection 1-2], [connection 1-3]: each holds one number more than all before it. */
    private static String widening(int count) {
        StringBuilder out = new StringBuilder();
        for (int i = 1; i <= count; i++) {
            out.append("[connection ").append(i == 1 ? "1" : "1-" + i).append("]\n");
        }
        return out.toString();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("longInputs")
    void aLongInputIsDecidedInWellUnderASecond(String what, String input, boolean parses) {
        assertTrue(decide(input) == parses, what + (parses ? " should parse" : " should be rejected"));
    }

    /**
     * Parses the input with includes resolved in the folder of scripts: true if it parsed, false
     * if it was rejected with a position inside the file the error names; within a second of the
     * thread's CPU time.
     */
    private static boolean decide(String input) {
        long start = ParseClock.now();
        try {
            Program.parse(Origin.text("fuzz.chat", input, dir));
            return true;
        } catch (ScriptSyntaxException e) {
            String[] lines = e.source().equals("fuzz.chat") ? input.split("\n", -1)
                    : FILES.get(Path.of(e.source()).getFileName().toString());
            if (lines == null || e.line() < 1 || e.line() > lines.length || e.column() < 1
                    || e.column() > lines[e.line() - 1].length() + 1) {
                fail("bad position in " + e.getMessage() + " for input " + show(input));
            }
            return false;
        } catch (RuntimeException | Error e) {
            throw new AssertionError("parsing " + show(input) + " threw " + e, e);
        } finally {
            long took = ParseClock.now() - start;
            assertTrue(took < ParseClock.DECIDED_WITHIN_NANOS, "parsing " + show(input) + " took " + took / 1_000_000 + " ms");
        }
    }


    private static String show(String input) {
        List<String> codes = new ArrayList<>();
        input.chars().limit(300).forEach(c -> codes.add(c < 0x20 || c > 0x7e ? String.format("\\u%04x", c)
                : String.valueOf((char) c)));
        return "\"" + String.join("", codes) + (input.length() > 300 ? "...\" (" + input.length() + " chars)" : "\"");
    }
}
