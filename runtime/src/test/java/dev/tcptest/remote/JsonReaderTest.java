package dev.tcptest.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The JSON reader and writer of the control endpoint: every form, every refusal with its offset. */
class JsonReaderTest {

    @Test
    void readsEveryKindOfValue() throws JsonException {
        Object value = JsonReader.parse(" {\"s\":\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\\u00e9\\uD83D\\uDE00\", \"n\": [0, -12, 3.5, 1e3, -2E-2,"
                + " 9223372036854775807, 9223372036854775808], \"t\": true, \"f\": false, \"z\": null, \"o\": {}, \"a\": []}\n");
        Map<String, Object> expected = JsonWriter.object("s", "a\"b\\c/d\b\f\n\r\t\u00e9\uD83D\uDE00",
                "n", List.of(0L, -12L, new BigDecimal("3.5"), new BigDecimal("1e3"), new BigDecimal("-2E-2"), Long.MAX_VALUE,
                        new BigDecimal("9223372036854775808")),
                "t", true, "f", false, "z", null, "o", Map.of(), "a", List.of());
        assertEquals(expected, value);
        assertEquals(List.copyOf(expected.keySet()), List.copyOf(((Map<?, ?>) value).keySet()), "in the text's order");
    }

    @Test
    void whatTheWriterWritesTheReaderReadsBack() throws JsonException {
        StringBuilder every = new StringBuilder();
        for (char c = 0; c < 0x300; c++) {
            every.append(c);
        }
        every.append("\u2028\u2029\uD83D\uDE00\uFFFF");
        Map<String, Object> value = JsonWriter.object("text", every.toString(), "list", List.of(1L, "x", false),
                "nested", JsonWriter.object("n", Long.MIN_VALUE, "d", new BigDecimal("-1.5E+300")), "null", null);
        String written = JsonWriter.write(value);
        assertTrue(written.chars().noneMatch(c -> c < 0x20 || c == 0x2028 || c == 0x2029), written);
        assertEquals(value, JsonReader.parse(written));
    }

    @Test
    void theWriterReplacesALoneSurrogate() throws JsonException {
        assertEquals("\"a\uFFFDb\uFFFD\"", JsonWriter.write("a\uD800b\uDC00"));
        assertEquals("a\uFFFDb\uFFFD", JsonReader.parse(JsonWriter.write("a\uD800b\uDC00")));
    }

    @Test
    void eachRefusalSaysWhereAndWhatWasExpected() {
        assertRefused("", 0, "expected a value at offset 0, found the end of the text");
        assertRefused("{\"a\":}", 5, "expected a value at offset 5, found '}'");
        assertRefused("{\"a\":1,}", 7, "expected a member name in quotes");
        assertRefused("{\"a\" 1}", 5, "expected ':'");
        assertRefused("[1 2]", 3, "expected ',' or ']'");
        assertRefused("{\"a\":1 \"b\":2}", 7, "expected ',' or '}'");
        assertRefused("[1] x", 4, "expected the end of the text");
        assertRefused("01", 1, "expected the end of the text");
        assertRefused("-", 1, "expected a digit");
        assertRefused("1.", 2, "expected a digit after the decimal point");
        assertRefused("1e+", 3, "expected a digit of the exponent");
        assertRefused("1e9999999999", 0, "an exponent a BigDecimal can hold");
        assertRefused("tru", 0, "(true?)");
        assertRefused("nul", 0, "(null?)");
        assertRefused("\"abc", 4, "'\"' to end the string");
        assertRefused("\"a\nb\"", 2, "a control character must be escaped");
        assertRefused("\"\\x\"", 2, "an escape");
        assertRefused("\"\\u12G4\"", 5, "four hex digits");
        assertRefused("\"\\uD83D\"", 7, "\\u and a low surrogate");
        assertRefused("\"\\uD83D\\u0041\"", 7, "a low surrogate (\\uDC00 to \\uDFFF)");
        assertRefused("\"\\uDE00\"", 1, "a low surrogate only after a high one");
        assertRefused("{\"a\":1,\"a\":2}", 7, "a member name not used before");
        assertRefused("'a'", 0, "expected a value");
        assertRefused("\"a\uD83D\"", 2, "a surrogate only as a high and low pair");
        assertRefused("\"a\uDE00\uD83D\"", 2, "a surrogate only as a high and low pair");
        assertRefused("1" + "0".repeat(1000), 0, "a number of at most 1000 characters");
    }

    @Test
    void nestingIsBoundedSoThatNoInputExhaustsTheStack() throws JsonException {
        String deepest = "[".repeat(JsonReader.MAX_DEPTH) + "]".repeat(JsonReader.MAX_DEPTH);
        assertTrue(JsonReader.parse(deepest) instanceof List, "64 levels are read");
        assertRefused("[".repeat(JsonReader.MAX_DEPTH + 1), JsonReader.MAX_DEPTH, "nesting no deeper than 64");
        char[] deep = new char[1_000_000];
        Arrays.fill(deep, '{');
        JsonException e = assertThrows(JsonException.class, () -> JsonReader.parse(new String(deep)));
        assertTrue(e.getMessage().contains("expected a member name in quotes at offset 1"), e.getMessage());
        Arrays.fill(deep, '[');
        assertThrows(JsonException.class, () -> JsonReader.parse(new String(deep)));
    }

    private static void assertRefused(String text, int offset, String message) {
        JsonException e = assertThrows(JsonException.class, () -> JsonReader.parse(text), text);
        assertTrue(e.getMessage().contains(message), text + ": " + e.getMessage());
        assertEquals(offset, e.offset(), text + ": " + e.getMessage());
    }
}
