package dev.tcptest;

import java.io.Serializable;
import java.util.Arrays;
import java.util.function.BiFunction;

/**
 * Words of an error message with the settings it names kept apart, so that each front end can
 * write a setting the way its users write it: {@code port(0)} in Java, {@code --port 0} on the
 * command line, {@code <port>0</port>} in a POM. Immutable.
 */
final class Phrase implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Java's words: the builder's method, called with the value. */
    static final BiFunction<String, String, String> JAVA = (setting, value) ->
            value == null ? setting : setting + "(" + (isPlain(value) ? value : "\"" + value + "\"") + ")";

    static final Phrase NONE = new Phrase(new Serializable[0]);

    /** Each a String, or a setting. */
    private final Serializable[] parts;

    private Phrase(Serializable[] parts) {
        this.parts = parts;
    }

    /**
     * A setting named in a message.
     *
     * @param name the setting's name
     * @param value the value to give it, or null for the setting alone
     */
    private record Setting(String name, String value) implements Serializable {
    }

    static Phrase of(String text) {
        return NONE.then(text);
    }

    Phrase then(String text) {
        return append(text);
    }

    /** This phrase followed by a setting, written as the reader writes it. */
    Phrase setting(String name, String value) {
        return append(new Setting(name, value));
    }

    private Phrase append(Serializable part) {
        Serializable[] more = Arrays.copyOf(parts, parts.length + 1);
        more[parts.length] = part;
        return new Phrase(more);
    }

    boolean isEmpty() {
        return parts.length == 0;
    }

    String render(BiFunction<String, String, String> naming) {
        StringBuilder text = new StringBuilder();
        for (Serializable part : parts) {
            text.append(part instanceof Setting setting ? naming.apply(setting.name(), setting.value()) : part);
        }
        return text.toString();
    }

    /** A value as messages show it after "was": numbers bare, text in quotes, null as null. */
    static String shown(String value) {
        return value == null ? "null" : isPlain(value) ? value : "'" + value + "'";
    }

    /** Whether a value is a number or a boolean, which Java and annotations write without quotes. */
    static boolean isPlain(String value) {
        if (value.equals("true") || value.equals("false")) {
            return true;
        }
        int start = value.startsWith("-") ? 1 : 0;
        if (value.length() == start) {
            return false;
        }
        for (int i = start; i < value.length(); i++) {
            if (value.charAt(i) < '0' || value.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }
}
