package dev.tcptest.internal.script;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The bytes of a {@code send}, with a <code>${name}</code> in place of what a named group
 * captured on the connection: literal pieces, and one name between each two.
 */
final class Template {

    /** A <code>${name}</code> written in a script, for the check that some pattern captures it. */
    record Reference(String name, At at, int column) {
    }

    private final List<byte[]> pieces;
    private final List<String> names;

    Template(List<byte[]> pieces, List<String> names) {
        this.pieces = List.copyOf(pieces);
        this.names = List.copyOf(names);
    }

    /** Bytes that capture nothing. */
    static Template of(byte[] bytes) {
        return new Template(List.of(bytes), List.of());
    }

    /**
     * The bytes to send, each name replaced by its capture in UTF-8.
     *
     * @return the bytes, or null if a name has not been captured yet: {@link #missing} says which
     */
    byte[] render(Map<String, String> captures) {
        if (names.isEmpty()) {
            return pieces.get(0);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < pieces.size(); i++) {
            out.writeBytes(pieces.get(i));
            if (i < names.size()) {
                String captured = captures.get(names.get(i));
                if (captured == null) {
                    return null;
                }
                out.writeBytes(captured.getBytes(StandardCharsets.UTF_8));
            }
        }
        return out.toByteArray();
    }

    /** The first name that has no capture yet. */
    String missing(Map<String, String> captures) {
        return names.stream().filter(name -> !captures.containsKey(name)).findFirst().orElse(null);
    }
}
