package dev.tcptest.remote;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The members of a JSON object the endpoint answered, read by type. A member missing or of
 * another type is an {@link IllegalArgumentException} naming it, which the client reports as an
 * answer it cannot read.
 */
final class Members {

    private final Map<?, ?> object;

    private Members(Map<?, ?> object) {
        this.object = object;
    }

    /**
     * The members of a value that must be an object.
     *
     * @param value what the reader read
     * @return its members
     * @throws IllegalArgumentException if it is no object
     */
    static Members of(Object value) {
        if (!(value instanceof Map<?, ?> object)) {
            throw new IllegalArgumentException("an object was expected, not " + kind(value));
        }
        return new Members(object);
    }

    String string(String name) {
        return get(name, String.class);
    }

    /** @return the string, or null for a JSON null */
    String stringOrNull(String name) {
        return object.get(name) == null ? null : string(name);
    }

    long number(String name) {
        return get(name, Long.class);
    }

    /** @return the number, or {@code absent} for a JSON null or a missing member */
    long numberOr(String name, long absent) {
        return object.get(name) == null ? absent : number(name);
    }

    boolean bool(String name) {
        return get(name, Boolean.class);
    }

    /** @return the object, or null for a JSON null */
    Members objectOrNull(String name) {
        return object.get(name) == null ? null : of(object.get(name));
    }

    /** @return the array's elements, each an object */
    List<Members> objects(String name) {
        List<Members> elements = new ArrayList<>();
        for (Object element : get(name, List.class)) {
            elements.add(of(element));
        }
        return elements;
    }

    /** @return the array's elements, each a string */
    List<String> strings(String name) {
        List<String> elements = new ArrayList<>();
        for (Object element : get(name, List.class)) {
            if (!(element instanceof String text)) {
                throw new IllegalArgumentException("'" + name + "' must hold strings, not " + kind(element));
            }
            elements.add(text);
        }
        return elements;
    }

    private <T> T get(String name, Class<T> type) {
        Object value = object.get(name);
        if (!type.isInstance(value)) {
            throw new IllegalArgumentException("'" + name + "' must be a " + type.getSimpleName().toLowerCase(java.util.Locale.ROOT)
                    + ", not " + kind(value));
        }
        return type.cast(value);
    }

    private static String kind(Object value) {
        return value == null ? "null or missing" : value instanceof Map ? "an object" : value instanceof List ? "an array"
                : value instanceof String ? "a string" : value instanceof Boolean ? "a boolean" : "the number " + value;
    }
}
