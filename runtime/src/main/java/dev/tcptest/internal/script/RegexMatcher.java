package dev.tcptest.internal.script;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A regular expression looked for in a line ({@code Matcher.find}), the line decoded as UTF-8;
 * what its named groups capture goes to the script's <code>${name}</code>s.
 */
final class RegexMatcher implements Step.LineMatcher {

    private final Pattern pattern;
    private final List<String> groupNames;

    RegexMatcher(Pattern pattern) {
        this.pattern = pattern;
        this.groupNames = List.copyOf(groupNames(pattern.pattern()));
    }

    /** The names of the expression's named groups, {@code (?<name>...)}. */
    List<String> groupNames() {
        return groupNames;
    }

    @Override
    public Map<String, String> match(byte[] line, int offset, int length) {
        Matcher matcher = pattern.matcher(new String(line, offset, length, StandardCharsets.UTF_8));
        if (!matcher.find()) {
            return null;
        }
        Map<String, String> captures = new HashMap<>();
        for (String name : groupNames) {
            try {
                String captured = matcher.group(name);
                // A group in an alternative that did not match captured nothing: an earlier capture stands.
                if (captured != null) {
                    captures.put(name, captured);
                }
            } catch (IllegalArgumentException notAGroup) {
                // Text that only looks like a group, as in a comment of (?x): it captures nothing.
            }
        }
        return captures;
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

    /**
     * Finds {@code (?<name>} in an expression that compiled, passing over escapes, quoted
     * {@code \Q...\E} runs and character classes, where the same characters are no group.
     */
    static List<String> groupNames(String regex) {
        List<String> names = new ArrayList<>();
        int classDepth = 0;
        for (int i = 0; i < regex.length(); i++) {
            char c = regex.charAt(i);
            if (c == '\\') {
                if (regex.startsWith("Q", i + 1)) {
                    int end = regex.indexOf("\\E", i + 2);
                    i = end < 0 ? regex.length() : end + 1;
                } else {
                    i++;
                }
            } else if (c == '[') {
                classDepth++;
            } else if (c == ']' && classDepth > 0) {
                classDepth--;
            } else if (classDepth == 0 && regex.startsWith("(?<", i)) {
                int end = i + 3;
                while (end < regex.length() && Character.isLetterOrDigit(regex.charAt(end)) && regex.charAt(end) < 0x80) {
                    end++;
                }
                if (end > i + 3 && end < regex.length() && regex.charAt(end) == '>' && Character.isLetter(regex.charAt(i + 3))) {
                    names.add(regex.substring(i + 3, end));
                }
            }
        }
        return names;
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
