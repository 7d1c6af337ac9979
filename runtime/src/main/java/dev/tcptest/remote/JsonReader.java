package dev.tcptest.remote;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads JSON (RFC 8259) into plain Java values: an object becomes a {@link Map} in the text's
 * order, an array a {@link List}, a number a {@link Long} when it is an integer that fits and a
 * {@link BigDecimal} otherwise, and strings, booleans and null themselves. A cursor walks the
 * text once; nesting deeper than {@link #MAX_DEPTH} is refused, so no input can exhaust the
 * stack, and every refusal is a {@link JsonException} saying where and what was expected.
 */
final class JsonReader {

    /** The deepest nesting of objects and arrays read. */
    static final int MAX_DEPTH = 64;
    /** The longest number read: parsing a long one costs time that grows faster than its length. */
    private static final int MAX_NUMBER = 1000;

    private final String text;
    private int at;
    private int depth;

    private JsonReader(String text) {
        this.text = text;
    }

    /**
     * Reads one JSON value that fills the whole text, but for white space around it.
     *
     * @param text the text
     * @return the value
     * @throws JsonException if the text is not one JSON value
     */
    static Object parse(String text) throws JsonException {
        JsonReader reader = new JsonReader(text);
        Object value = reader.value();
        reader.skipSpace();
        if (reader.at < text.length()) {
            throw reader.error("the end of the text");
        }
        return value;
    }

    private Object value() throws JsonException {
        skipSpace();
        if (at >= text.length()) {
            throw error("a value");
        }
        char c = text.charAt(at);
        return switch (c) {
            case '{' -> object();
            case '[' -> array();
            case '"' -> string();
            case 't' -> literal("true", Boolean.TRUE);
            case 'f' -> literal("false", Boolean.FALSE);
            case 'n' -> literal("null", null);
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) {
                    yield number();
                }
                throw error("a value");
            }
        };
    }

    private Map<String, Object> object() throws JsonException {
        enter();
        Map<String, Object> object = new LinkedHashMap<>();
        skipSpace();
        if (next('}')) {
            depth--;
            return object;
        }
        do {
            skipSpace();
            int start = at;
            if (at >= text.length() || text.charAt(at) != '"') {
                throw error("a member name in quotes");
            }
            String name = string();
            skipSpace();
            expect(':');
            Object value = value();
            if (object.containsKey(name)) {
                at = start;
                throw error("a member name not used before in the object");
            }
            object.put(name, value);
            skipSpace();
        } while (next(','));
        expect('}', "',' or '}'");
        depth--;
        return object;
    }

    private List<Object> array() throws JsonException {
        enter();
        List<Object> array = new ArrayList<>();
        skipSpace();
        if (next(']')) {
            depth--;
            return array;
        }
        do {
            array.add(value());
            skipSpace();
        } while (next(','));
        expect(']', "',' or ']'");
        depth--;
        return array;
    }

    /** Steps over the opening bracket, counting the depth. */
    private void enter() throws JsonException {
        if (depth == MAX_DEPTH) {
            throw error("nesting no deeper than " + MAX_DEPTH);
        }
        depth++;
        at++;
    }

    private String string() throws JsonException {
        at++;
        StringBuilder out = new StringBuilder();
        while (true) {
            if (at >= text.length()) {
                throw error("'\"' to end the string");
            }
            char c = text.charAt(at);
            if (c == '"') {
                at++;
                return out.toString();
            } else if (c == '\\') {
                escape(out);
            } else if (c < 0x20) {
                throw error("a character of the string (a control character must be escaped, such as \\n)");
            } else if (Character.isSurrogate(c)) {
                if (!Character.isHighSurrogate(c) || at + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(at + 1))) {
                    throw error("a character of the string (a surrogate only as a high and low pair)");
                }
                out.append(c).append(text.charAt(at + 1));
                at += 2;
            } else {
                out.append(c);
                at++;
            }
        }
    }

    private void escape(StringBuilder out) throws JsonException {
        at++;
        char c = at < text.length() ? text.charAt(at) : 0;
        switch (c) {
            case '"', '\\', '/' -> out.append(c);
            case 'b' -> out.append('\b');
            case 'f' -> out.append('\f');
            case 'n' -> out.append('\n');
            case 'r' -> out.append('\r');
            case 't' -> out.append('\t');
            case 'u' -> {
                unicode(out);
                return;
            }
            default -> throw error("an escape: one of \\\" \\\\ \\/ \\b \\f \\n \\r \\t, or \\u and four hex digits");
        }
        at++;
    }

    /** {@code \}{@code u} and four hex digits, a high surrogate only with its low one after it. */
    private void unicode(StringBuilder out) throws JsonException {
        int start = at - 1;
        char c = hex4();
        if (Character.isLowSurrogate(c)) {
            at = start;
            throw error("a low surrogate only after a high one (\\uD800 to \\uDBFF)");
        }
        if (Character.isHighSurrogate(c)) {
            if (!text.startsWith("\\u", at)) {
                throw error("\\u and a low surrogate (DC00 to DFFF) after the high surrogate");
            }
            at++;
            char low = hex4();
            if (!Character.isLowSurrogate(low)) {
                at -= 6;
                throw error("a low surrogate (\\uDC00 to \\uDFFF) after the high surrogate");
            }
            out.append(c).append(low);
            return;
        }
        out.append(c);
    }

    /** Reads the four hex digits after the {@code u} the cursor is on. */
    private char hex4() throws JsonException {
        at++;
        int value = 0;
        for (int i = 0; i < 4; i++) {
            int digit = at < text.length() ? Character.digit(text.charAt(at), 16) : -1;
            if (digit < 0 || text.charAt(at) > 'f') {
                throw error("four hex digits after \\u");
            }
            value = value << 4 | digit;
            at++;
        }
        return (char) value;
    }

    private Object number() throws JsonException {
        int start = at;
        next('-');
        if (!next('0')) {
            digits("a digit");
        }
        boolean integer = true;
        if (next('.')) {
            integer = false;
            digits("a digit after the decimal point");
        }
        if (next('e') || next('E')) {
            integer = false;
            if (!next('+')) {
                next('-');
            }
            digits("a digit of the exponent");
        }
        if (at - start > MAX_NUMBER) {
            at = start;
            throw error("a number of at most " + MAX_NUMBER + " characters");
        }
        String number = text.substring(start, at);
        if (integer && at - start <= 18) {
            return Long.parseLong(number);
        }
        try {
            BigDecimal decimal = new BigDecimal(number);
            if (integer && decimal.toBigInteger().bitLength() < 64) {
                return decimal.longValueExact();
            }
            return decimal;
        } catch (NumberFormatException e) {
            at = start;
            throw error("a number with an exponent a BigDecimal can hold");
        }
    }

    private void digits(String expected) throws JsonException {
        int start = at;
        while (at < text.length() && text.charAt(at) >= '0' && text.charAt(at) <= '9') {
            at++;
        }
        if (at == start) {
            throw error(expected);
        }
    }

    private Object literal(String word, Object value) throws JsonException {
        if (!text.startsWith(word, at)) {
            throw error("a value (" + word + "?)");
        }
        at += word.length();
        return value;
    }

    private void skipSpace() {
        while (at < text.length()) {
            char c = text.charAt(at);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            at++;
        }
    }

    private boolean next(char c) {
        if (at < text.length() && text.charAt(at) == c) {
            at++;
            return true;
        }
        return false;
    }

    private void expect(char c) throws JsonException {
        expect(c, "'" + c + "'");
    }

    private void expect(char c, String expected) throws JsonException {
        if (!next(c)) {
            throw error(expected);
        }
    }

    private JsonException error(String expected) {
        String found;
        if (at >= text.length()) {
            found = "the end of the text";
        } else {
            char c = text.charAt(at);
            found = c >= 0x20 && c < 0x7F ? "'" + c + "'" : String.format("U+%04X", (int) c);
        }
        return new JsonException(at, expected, found);
    }
}
