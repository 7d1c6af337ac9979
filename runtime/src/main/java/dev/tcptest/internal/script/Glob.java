package dev.tcptest.internal.script;

import java.util.Arrays;

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
    public boolean matches(byte[] text, int offset, int length) {
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
                return false;
            }
        }
        while (p < pattern.length && pattern[p] == ANY_RUN) {
            p++;
        }
        return p == pattern.length;
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
