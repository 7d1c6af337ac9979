package dev.tcptest.internal.script;

import dev.tcptest.internal.Transcript;

/**
 * Bytes that must come next, as {@code expect exactly}, {@code expect hex} and {@code on bytes}
 * give them: each position is one byte, or any byte for a {@code ??} of a hex string.
 */
final class BytePattern implements Step.Trigger {

    /** A position that matches any byte. */
    static final int ANY = -1;
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final int[] values;
    private final boolean hex;

    private BytePattern(int[] values, boolean hex) {
        this.values = values;
        this.hex = hex;
    }

    /** The bytes of a quoted string, each matching itself. */
    static BytePattern text(byte[] bytes) {
        int[] values = new int[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            values[i] = bytes[i] & 0xFF;
        }
        return new BytePattern(values, false);
    }

    /** The bytes of a hex string: 0-255, or {@link #ANY}. */
    static BytePattern hex(int[] values) {
        return new BytePattern(values.clone(), true);
    }

    int length() {
        return values.length;
    }

    /**
     * Compares the pattern's first {@code length} positions with the bytes.
     *
     * @return the index of the first byte that differs, or -1 if none does
     */
    int mismatch(byte[] bytes, int offset, int length) {
        for (int i = 0; i < length; i++) {
            if (values[i] != ANY && values[i] != (bytes[offset + i] & 0xFF)) {
                return i;
            }
        }
        return -1;
    }

    /** Bytes received, shown the way the pattern is written: quoted, or as hex (the first 64 bytes). */
    String show(byte[] bytes, int offset, int length) {
        return hex ? "hex \"" + hexOf(bytes, offset, length, 64) + "\"" : Interpreter.shown(bytes, offset, length);
    }

    /** Up to {@code max} bytes as hex pairs, and {@code ...} if there were more. */
    static String hexOf(byte[] bytes, int offset, int length, int max) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < Math.min(length, max); i++) {
            int b = bytes[offset + i] & 0xFF;
            out.append(i == 0 ? "" : " ").append(HEX[b >>> 4]).append(HEX[b & 0xF]);
        }
        return length > max ? out + " ..." : out.toString();
    }

    /** As written in the script, a quoted string or {@code hex "c0 ?? 0a"}, its first 200 bytes for a long one. */
    @Override
    public String toString() {
        int shown = Math.min(values.length, Interpreter.SHOWN);
        String more = values.length > shown ? "... (" + values.length + " bytes)" : "";
        if (!hex) {
            byte[] bytes = new byte[shown];
            for (int i = 0; i < shown; i++) {
                bytes[i] = (byte) values[i];
            }
            return Transcript.quote(bytes, 0, shown) + more;
        }
        StringBuilder out = new StringBuilder("hex \"");
        for (int i = 0; i < shown; i++) {
            out.append(i == 0 ? "" : " ");
            out.append(values[i] == ANY ? "??" : new String(new char[] {HEX[values[i] >>> 4], HEX[values[i] & 0xF]}));
        }
        return out.append('"').append(more).toString();
    }
}
