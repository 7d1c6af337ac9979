package dev.tcptest.internal.script;

import java.util.Arrays;
import java.util.Map;

/**
 * A glob over bytes: {@code *} matches any run of bytes, {@code ?} exactly one byte, anything
 * else itself. The whole line must match.
 */
final class Glob implements Step.LineMatcher {

    static final int ANY_RUN = -1;
    static final int ANY_ONE = -2;

    private final int[] pattern;

    Glob(int[] pattern) {
        this.pattern = pattern.clone();
    }

    @Override
    public Map<String, String> match(byte[] text, int offset, int length) {
        int p = walk(text, offset, length);
        if (p < 0) {
            return null;
        }
        while (p < pattern.length && pattern[p] == ANY_RUN) {
            p++;
        }
        return p == pattern.length ? Map.of() : null;
    }

    @Override
    public boolean couldMatch(byte[] text, int offset, int length) {
        return walk(text, offset, length) >= 0;
    }

    /**
     * Matches all of the text against a start of the pattern, going back to the last {@code *}
     * on a mismatch; returns the pattern position reached, or -1 if no start of it matches.
     */
    private int walk(byte[] text, int offset, int length) {
        int p = 0;
        int t = 0;
        int starP = -1;
        int starT = 0;
        while (t < length) {
            if (p < pattern.length && (pattern[p] == ANY_ONE || pattern[p] == (text[offset + t] & 0xFF))) {
                p++;
                t++;
            } else if (p < pattern.length && pattern[p] == ANY_RUN) {
                starP = p++;
                starT = t;
            } else if (starP >= 0) {
                p = starP + 1;
                t = ++starT;
            } else {
                return -1;
            }
        }
        return p;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Glob glob && Arrays.equals(pattern, glob.pattern);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(pattern);
    }
}
