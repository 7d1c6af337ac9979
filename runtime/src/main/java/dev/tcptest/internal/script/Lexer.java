package dev.tcptest.internal.script;

import dev.tcptest.ScriptSyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A cursor over one line of a chat script and the tokens on it: words, quoted strings with their
 * escapes, globs, regular expressions, hex bytes, durations and counts. Every error it throws is a
 * {@link ScriptSyntaxException} at the cursor's line and the column of the token.
 */
final class Lexer {

    private static final Pattern DURATION = Pattern.compile("([0-9]{1,9})(ms|s|m)");
    private static final Pattern COUNT = Pattern.compile("[0-9]{1,10}");
    /** Where a {@code ${name}} stands among the bytes of a string to send. */
    private static final int CAPTURE = -3;

    private final String source;
    private String line = "";
    private int lineNo;
    private int pos;

    Lexer(String source) {
        this.source = source;
    }

    /** Puts the cursor at the start of a line. */
    void startLine(String text, int number) {
        line = text;
        lineNo = number;
        pos = 0;
    }

    int lineNo() {
        return lineNo;
    }

    /** The script's name, as errors give it. */
    String source() {
        return source;
    }

    /** Where the cursor's line is. */
    At at() {
        return new At(source, lineNo);
    }

    /** The index of the cursor in the line; its column is one more. */
    int pos() {
        return pos;
    }

    /** The line's text from an index up to the cursor. */
    String since(int from) {
        return line.substring(from, pos);
    }

    void skipSpace() {
        while (pos < line.length() && isSpace(line.charAt(pos))) {
            pos++;
        }
    }

    /** Whether only a comment, or nothing, is left on the line. */
    boolean atEnd() {
        return pos >= line.length() || line.charAt(pos) == '#';
    }

    /** Moves the cursor past characters that the caller has looked at. */
    void skip(int count) {
        pos = Math.min(line.length(), pos + count);
    }

    /** The text from the cursor up to a character on this line, the cursor then just past it; null if none follows. */
    String through(char end) {
        int at = line.indexOf(end, pos);
        if (at < 0) {
            return null;
        }
        String text = line.substring(pos, at);
        pos = at + 1;
        return text;
    }

    char peek() {
        return pos < line.length() ? line.charAt(pos) : '\0';
    }

    String word() {
        int from = pos;
        while (pos < line.length()) {
            char c = line.charAt(pos);
            if (isSpace(c) || c == '"' || c == '#') {
                break;
            }
            pos++;
        }
        return line.substring(from, pos);
    }

    String found() {
        return found(pos);
    }

    /** Describes the token at an index of the line, for "found ..." in messages. */
    String found(int at) {
        int saved = pos;
        pos = at;
        try {
            skipSpace();
            if (atEnd()) {
                return "the end of the line";
            }
            if (peek() == '"') {
                return "a quoted string";
            }
            String token = word();
            return token.isEmpty() ? "'" + printable(peek()) + "'" : "'" + shorten(token) + "'";
        } finally {
            pos = saved;
        }
    }

    /**
     * For a token that follows a string with no space between: most likely the string was meant
     * to go on, with a quote inside it, as in {@code send "{"id":1}"}.
     */
    String quoteHint(int at) {
        return at > 0 && line.charAt(at - 1) == '"'
                ? "; a '\"' ended the string just before it: write \\\" for a quote inside a string" : "";
    }

    ScriptSyntaxException error(int column, String reason) {
        return new ScriptSyntaxException(source, lineNo, column, reason);
    }

    // ---- literals ----

    Duration duration(String command, boolean positive) {
        skipSpace();
        int column = pos + 1;
        String token = word();
        Matcher m = DURATION.matcher(token);
        if (!m.matches()) {
            throw error(column, "expected a duration like 200ms, 2s or 1m after '" + command + "', found " + found(column - 1));
        }
        long amount = Long.parseLong(m.group(1));
        Duration duration = switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            default -> Duration.ofMinutes(amount);
        };
        if (positive && duration.isZero()) {
            throw error(column, "'" + command + "' must be positive, like 2s, found '" + token + "'");
        }
        return duration;
    }

    int count() {
        skipSpace();
        int column = pos + 1;
        String token = word();
        if (!COUNT.matcher(token).matches() || Long.parseLong(token) > Integer.MAX_VALUE || Long.parseLong(token) < 1) {
            throw error(column, "expected a byte count from 1 to " + Integer.MAX_VALUE + " after 'expect bytes', found "
                    + found(column - 1));
        }
        return Integer.parseInt(token);
    }

    /** A string with the escapes {@code \r \n \t \\ \" \$ \xHH}, as bytes (text as UTF-8). */
    byte[] bytes(String after) {
        return toBytes(quoted(after, false, null));
    }

    /** A glob string: the escapes of {@link #bytes} plus {@code \*} and {@code \?} for the literal characters. */
    Glob glob(String after) {
        return new Glob(quoted(after, true, null).stream().mapToInt(Integer::intValue).toArray());
    }

    /**
     * A string to send: the escapes of {@link #bytes}, and {@code ${name}} for what a named group
     * captured; a {@code $} not followed by <code>{</code> is itself.
     *
     * @param references receives each name with the column of its {@code $}
     */
    Template template(String after, List<Template.Reference> references) {
        List<String> names = new ArrayList<>();
        List<Integer> columns = new ArrayList<>();
        List<Integer> values = quoted(after, false, columns);
        List<byte[]> pieces = new ArrayList<>();
        int from = 0;
        for (int i = 0; i <= values.size(); i++) {
            if (i == values.size() || values.get(i) == CAPTURE) {
                pieces.add(toBytes(values.subList(from, i)));
                from = i + 1;
            }
        }
        for (int column : columns) {
            String name = captureName(column);
            names.add(name);
            references.add(new Template.Reference(name, at(), column));
        }
        return new Template(pieces, names);
    }

    /** The name of the capture whose {@code $} is at a column, read again from the line. */
    private String captureName(int column) {
        int end = line.indexOf('}', column + 1);
        return line.substring(column + 1, end);
    }

    /**
     * The bytes of a quoted string (0-255) and, in a glob, its wildcards as {@link Glob#ANY_RUN}
     * and {@link Glob#ANY_ONE}; where {@code captures} is given, each {@code ${name}} as
     * {@link #CAPTURE}, its {@code $}'s column added to it.
     */
    private List<Integer> quoted(String after, boolean glob, List<Integer> captures) {
        List<Integer> out = new ArrayList<>();
        StringBuilder run = new StringBuilder();
        int open = openQuote(after);
        while (true) {
            if (pos >= line.length()) {
                throw unterminated(open);
            }
            char c = line.charAt(pos);
            if (c == '"') {
                pos++;
                flush(run, out);
                return out;
            }
            if (glob && (c == '*' || c == '?')) {
                flush(run, out);
                out.add(c == '*' ? Glob.ANY_RUN : Glob.ANY_ONE);
                pos++;
            } else if (captures != null && c == '$' && pos + 1 < line.length() && line.charAt(pos + 1) == '{') {
                flush(run, out);
                captures.add(pos + 1);
                out.add(CAPTURE);
                skipCapture();
            } else if (c != '\\') {
                run.append(c);
                pos++;
            } else {
                int escape = escape(glob);
                if (escape >= 0x100) {
                    run.append((char) (escape - 0x100));
                } else {
                    flush(run, out);
                    out.add(escape);
                }
            }
        }
    }

    /** Moves past <code>${name}</code>, checking the name: a group's name, a letter then letters or digits. */
    private void skipCapture() {
        int column = pos + 1;
        int at = pos + 2;
        while (at < line.length() && isNameChar(line.charAt(at), at == pos + 2)) {
            at++;
        }
        if (at == pos + 2 || at >= line.length() || line.charAt(at) != '}') {
            String why = at == pos + 2 ? "a name, as in (?<name>...): a letter, then letters or digits"
                    : "'}' to end the capture's name";
            throw error(at == pos + 2 || at >= line.length() ? column : at + 1, "expected " + why + " after '${' in a"
                    + " string to send, found " + (at >= line.length() ? "the end of the line" : "'"
                    + printable(line.charAt(at)) + "'") + "; write \\${ to send the two characters");
        }
        pos = at + 1;
    }

    private static boolean isNameChar(char c, boolean first) {
        return c < 0x80 && (Character.isLetter(c) || !first && Character.isDigit(c));
    }

    /**
     * The whole line as text outside a script, such as a response given on a command line or in
     * a POM, with the escapes of a script string; a {@code "} in it is a plain quote.
     */
    byte[] unescaped() {
        List<Integer> out = new ArrayList<>();
        StringBuilder run = new StringBuilder();
        while (pos < line.length()) {
            char c = line.charAt(pos);
            if (c != '\\') {
                run.append(c);
                pos++;
                continue;
            }
            if (pos + 1 == line.length()) {
                throw error(pos + 1, "a lone backslash ends the text; write \\\\ for a backslash");
            }
            int escape = escape(false);
            if (escape >= 0x100) {
                run.append((char) (escape - 0x100));
            } else {
                flush(run, out);
                out.add(escape);
            }
        }
        flush(run, out);
        return toBytes(out);
    }

    /**
     * A regular expression string, taken as written: Java's regex syntax already reads
     * {@code \r \n \t \\ \" \xHH}, and {@code \d} and friends need no doubling. Compiled here, so
     * that a bad one is a syntax error and never a failure at run time.
     */
    Pattern regex(String after) {
        int open = openQuote(after);
        int from = pos;
        while (true) {
            if (pos >= line.length()) {
                throw unterminated(open);
            }
            char c = line.charAt(pos);
            if (c == '"') {
                break;
            }
            pos += c == '\\' && pos + 1 < line.length() ? 2 : 1;
        }
        String expression = line.substring(from, pos);
        pos++;
        try {
            return Pattern.compile(expression);
        } catch (PatternSyntaxException e) {
            int index = e.getIndex();
            int column = index >= 0 && index <= expression.length() ? from + index + 1 : open;
            throw error(column, "invalid regular expression after '" + after + "': " + e.getDescription());
        } catch (RuntimeException | StackOverflowError e) {
            throw error(open, "invalid regular expression after '" + after + "': it cannot be compiled (" + e + ")");
        }
    }

    /** The bytes of {@code send hex "..."}: pairs of hex digits, whitespace between them ignored. */
    byte[] hex() {
        int[] values = hexValues("send hex", false);
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }

    /**
     * The bytes of a hex string: pairs of hex digits, whitespace between them ignored, and where
     * wildcards are allowed {@code ??} for any byte ({@link BytePattern#ANY}).
     */
    int[] hexValues(String after, boolean wildcards) {
        List<Integer> out = new ArrayList<>();
        int open = openQuote(after);
        int digits = 0;
        int high = 0;
        while (true) {
            if (pos >= line.length()) {
                throw unterminated(open);
            }
            char c = line.charAt(pos);
            if (c == '"') {
                if (digits % 2 != 0) {
                    throw error(pos + 1, "odd number of hex digits (" + digits
                            + ") in '" + after + "': write every byte as two digits, like 0d 0a");
                }
                pos++;
                return out.stream().mapToInt(Integer::intValue).toArray();
            }
            pos++;
            if (isSpace(c)) {
                continue;
            }
            if (c == '?' && wildcards) {
                if (digits % 2 != 0 || pos >= line.length() || line.charAt(pos) != '?') {
                    throw error(pos, "a '?' in '" + after + "' must be one of a pair, '??', which matches any one byte");
                }
                pos++;
                out.add(BytePattern.ANY);
                digits += 2;
                continue;
            }
            int value = Character.digit(c, 16);
            if (value < 0 || c > 'f') {
                throw error(pos, "expected a hex digit (0-9, a-f)" + (wildcards ? ", '??'" : "") + " or a space in '"
                        + after + "', found '" + printable(c) + "'" + (c == '?' ? "; '??' for any byte is for"
                        + " 'expect hex' and 'on bytes hex', which read; what is sent must be known" : ""));
            }
            if (digits % 2 == 0) {
                high = value;
            } else {
                out.add(high << 4 | value);
            }
            digits++;
        }
    }

    private int openQuote(String after) {
        skipSpace();
        if (peek() != '"') {
            throw error(pos + 1, "expected a quoted string after '" + after + "', found " + found());
        }
        pos++;
        return pos;
    }

    /**
     * Reads the escape at the cursor; returns a raw byte (0-255), or 0x100 plus a character for
     * the characters that would mean something else unescaped: a glob's wildcards, the {@code $}
     * of a capture.
     */
    private int escape(boolean glob) {
        int column = pos + 1;
        if (pos + 1 >= line.length()) {
            throw unterminated(column);
        }
        char c = line.charAt(pos + 1);
        pos += 2;
        switch (c) {
            case 'r':
                return '\r';
            case 'n':
                return '\n';
            case 't':
                return '\t';
            case '\\':
                return '\\';
            case '"':
                return '"';
            case '$':
                return 0x100 + '$';
            case 'x':
                int high = pos < line.length() ? hexDigit(line.charAt(pos)) : -1;
                int low = pos + 1 < line.length() ? hexDigit(line.charAt(pos + 1)) : -1;
                if (high < 0 || low < 0) {
                    throw error(column, "bad escape: '\\x' needs two hex digits, like \\x0d");
                }
                pos += 2;
                return high << 4 | low;
            default:
                if (glob && (c == '*' || c == '?')) {
                    return 0x100 + c;
                }
                throw error(column, "unknown escape '\\" + printable(c) + "'; strings take \\r \\n \\t \\\\ \\\" \\$ and \\xHH"
                        + (glob ? ", globs also \\* and \\?" : ""));
        }
    }

    private ScriptSyntaxException unterminated(int column) {
        return error(column, "unterminated string: no closing '\"' before the end of the line");
    }

    private static int hexDigit(char c) {
        return c <= 'f' ? Character.digit(c, 16) : -1;
    }

    /** Appends the UTF-8 bytes of the text read so far. */
    private static void flush(StringBuilder run, List<Integer> out) {
        if (run.length() > 0) {
            for (byte b : run.toString().getBytes(StandardCharsets.UTF_8)) {
                out.add(b & 0xFF);
            }
            run.setLength(0);
        }
    }

    private static byte[] toBytes(List<Integer> values) {
        byte[] bytes = new byte[values.size()];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) values.get(i).intValue();
        }
        return bytes;
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\u000B';
    }

    static String shorten(String token) {
        StringBuilder out = new StringBuilder();
        token.codePoints().limit(30).forEach(cp -> out.append(cp < 0x20 || cp == 0x7F
                ? String.format("\\x%02x", cp) : new String(Character.toChars(cp))));
        return token.codePointCount(0, token.length()) > 30 ? out + "..." : out.toString();
    }

    private static String printable(char c) {
        return c < 0x20 || c == 0x7F ? String.format("\\x%02x", (int) c) : String.valueOf(c);
    }
}
