package dev.tcptest.internal.script;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A regular expression looked for in a line ({@code Matcher.find}), the line decoded as UTF-8.
 */
final class RegexMatcher implements Step.LineMatcher {

    private final Pattern pattern;

    RegexMatcher(Pattern pattern) {
        this.pattern = pattern;
    }

    @Override
    public Map<String, String> match(byte[] line, int offset, int length) {
        Matcher matcher = pattern.matcher(new String(line, offset, length, StandardCharsets.UTF_8));
        return matcher.find() ? Map.of() : null;
    }

    /**
     * Whether the expression is found in the start of a line already, or the search reached its
     * end, so that more text could change the answer. A character cut off at the end is left out.
     */
    @Override
    public boolean couldMatch(byte[] line, int offset, int length) {
        Matcher matcher = pattern.matcher(new String(line, offset, wholeCharacters(line, offset, length),
                StandardCharsets.UTF_8));
        return matcher.find() || matcher.hitEnd();
    }

    /** The length without a UTF-8 sequence that the last bytes begin but do not finish. */
    private static int wholeCharacters(byte[] bytes, int offset, int length) {
        for (int back = 1; back <= Math.min(3, length); back++) {
            int b = bytes[offset + length - back] & 0xFF;
            if (b < 0x80) {
                return length;
            }
            if (b >= 0xC0) {
                int needed = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2;
                return needed > back ? length - back : length;
            }
        }
        return length;
    }
}
