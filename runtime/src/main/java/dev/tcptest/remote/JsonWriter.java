package dev.tcptest.remote;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes JSON from plain Java values: a {@link Map} with string keys is an object (in the map's
 * order), a {@link List} an array, and strings, integral numbers, {@link BigDecimal}s, booleans
 * and null are themselves. A lone surrogate in a string becomes U+FFFD, so that every text
 * written is valid UTF-16 and the reader takes it back.
 */
final class JsonWriter {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private JsonWriter() {
    }

    /**
     * An object whose members keep the order given.
     *
     * @param namesAndValues a name, then its value, and so on
     * @return the object
     */
    static Map<String, Object> object(Object... namesAndValues) {
        Map<String, Object> object = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            object.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return object;
    }

    /**
     * The JSON text of a value.
     *
     * @param value a map, list, string, number, boolean or null
     * @return the text, on one line
     * @throws IllegalArgumentException for a value of another type, or a number JSON cannot hold
     */
    static String write(Object value) {
        StringBuilder out = new StringBuilder(256);
        write(out, value);
        return out.toString();
    }

    private static void write(StringBuilder out, Object value) {
        if (value == null || value instanceof Boolean || value instanceof Long || value instanceof Integer) {
            out.append(value);
        } else if (value instanceof String text) {
            string(out, text);
        } else if (value instanceof BigDecimal number) {
            out.append(number);
        } else if (value instanceof Map<?, ?> map) {
            out.append('{');
            String separator = "";
            for (Map.Entry<?, ?> member : map.entrySet()) {
                out.append(separator);
                string(out, (String) member.getKey());
                out.append(':');
                write(out, member.getValue());
                separator = ",";
            }
            out.append('}');
        } else if (value instanceof List<?> list) {
            out.append('[');
            String separator = "";
            for (Object element : list) {
                out.append(separator);
                write(out, element);
                separator = ",";
            }
            out.append(']');
        } else {
            throw new IllegalArgumentException("no JSON form for a " + value.getClass().getName());
        }
    }

    private static void string(StringBuilder out, String text) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    // U+2028 and U+2029 too: JavaScript before ES2019 took them for line ends.
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        out.append("\\u").append(HEX[c >>> 12]).append(HEX[c >>> 8 & 0xF])
                                .append(HEX[c >>> 4 & 0xF]).append(HEX[c & 0xF]);
                    } else if (Character.isSurrogate(c)) {
                        i = surrogate(out, text, i);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /** A surrogate pair as it is, a lone surrogate as U+FFFD; returns the index of the last char used. */
    private static int surrogate(StringBuilder out, String text, int i) {
        char c = text.charAt(i);
        if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
            out.append(c).append(text.charAt(i + 1));
            return i + 1;
        }
        out.append('\uFFFD');
        return i;
    }
}
