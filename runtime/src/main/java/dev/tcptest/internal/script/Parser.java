package dev.tcptest.internal.script;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Parses chat scripts line by line with a cursor, so that every error knows its line and column.
 * Every failure is a {@link ParseError}; regular expressions are compiled here, so that a bad one
 * is a syntax error and never a failure at run time.
 */
final class Parser {

    private static final String COMMANDS = "send, expect, delay, timeout, shutdown-output, close, reset, hold, on";
    private static final String ACTIONS = "send, send hex, delay, shutdown-output, close, reset";
    private static final Pattern DURATION = Pattern.compile("([0-9]{1,9})(ms|s|m)");
    private static final Pattern COUNT = Pattern.compile("[0-9]{1,10}");

    private final String source;
    private final String text;

    // The line being parsed.
    private String current;
    private int lineNo;
    private int pos;

    // What the commands so far allow next.
    private String ended;
    private int endedLine;
    private int outputShutLine;
    private int firstRuleLine;

    Parser(String source, String text) {
        this.source = source == null || source.isBlank() ? "script" : source;
        this.text = text;
    }

    Program parse() {
        if (text == null) {
            throw new ParseError(source, 1, 1, "no script text (null)");
        }
        List<Step> sequence = new ArrayList<>();
        List<Step.Rule> rules = new ArrayList<>();
        // A byte order mark, as Windows editors write it, is no part of the first command.
        int start = text.startsWith("\uFEFF") ? 1 : 0;
        lineNo = 0;
        while (start <= text.length()) {
            int end = text.indexOf('\n', start);
            if (end < 0) {
                end = text.length();
            }
            current = text.substring(start, end);
            lineNo++;
            pos = 0;
            parseLine(sequence, rules);
            start = end + 1;
        }
        return new Program(source, sequence, rules);
    }

    private void parseLine(List<Step> sequence, List<Step.Rule> rules) {
        skipSpace();
        if (atEnd()) {
            return;
        }
        int column = pos + 1;
        String command = word();
        if (command.isEmpty()) {
            throw error(column, "expected a command (" + COMMANDS + "), found " + found());
        }
        checkNotEnded(command, column);
        if (command.equals("on")) {
            rules.add(rule(column));
            return;
        }
        if (firstRuleLine > 0) {
            throw error(column, "'" + command + "' after the 'on' rules that start on line " + firstRuleLine
                    + ": rules answer lines once the sequence is done, so move every other command above the first 'on'");
        }
        Step step = switch (command) {
            case "send" -> send(column, "send");
            case "expect" -> expect();
            case "delay" -> new Step.Delay(lineNo, duration("delay", false));
            case "timeout" -> new Step.Timeout(lineNo, duration("timeout", true));
            case "shutdown-output" -> {
                outputShutLine = lineNo;
                yield new Step.ShutdownOutput(lineNo);
            }
            case "close" -> end("close", new Step.Close(lineNo));
            case "reset" -> end("reset", new Step.Reset(lineNo));
            case "hold" -> end("hold", new Step.Hold(lineNo));
            default -> throw error(column, "unknown command '" + shorten(command) + "'; expected one of " + COMMANDS);
        };
        expectEndOfLine(command);
        sequence.add(step);
    }

    private Step.Rule rule(int column) {
        if (firstRuleLine == 0) {
            firstRuleLine = lineNo;
        }
        int line = lineNo;
        skipSpace();
        int kindColumn = pos + 1;
        String kind = word();
        Step.LineMatcher matcher;
        if (kind.equals("line")) {
            matcher = glob("on line");
        } else if (kind.equals("regex")) {
            Pattern pattern = regex("on regex");
            matcher = (bytes, offset, length) -> pattern.matcher(new String(bytes, offset, length, StandardCharsets.UTF_8)).find();
        } else {
            throw error(kindColumn, "expected 'line' or 'regex' after 'on', found " + found(kindColumn - 1));
        }
        List<Step> actions = new ArrayList<>();
        boolean shut = outputShutLine > 0;
        String finished = null;
        while (true) {
            skipSpace();
            if (atEnd()) {
                break;
            }
            int actionColumn = pos + 1;
            String action = word();
            if (action.isEmpty()) {
                throw error(actionColumn, "expected an action (" + ACTIONS + "), found " + found() + quoteHint(actionColumn - 1));
            }
            if (finished != null) {
                throw error(actionColumn, "nothing can follow '" + finished + "' in a rule: the connection is over by then");
            }
            switch (action) {
                case "send" -> {
                    if (shut) {
                        throw error(actionColumn, "'send' after 'shutdown-output': the output is shut by then");
                    }
                    actions.add(send(actionColumn, "send"));
                }
                case "delay" -> actions.add(new Step.Delay(line, duration("delay", false)));
                case "shutdown-output" -> {
                    shut = true;
                    actions.add(new Step.ShutdownOutput(line));
                }
                case "close" -> {
                    finished = "close";
                    actions.add(new Step.Close(line));
                }
                case "reset" -> {
                    finished = "reset";
                    actions.add(new Step.Reset(line));
                }
                default -> throw error(actionColumn, "'" + shorten(action) + "' cannot be a rule action; actions are " + ACTIONS
                        + quoteHint(actionColumn - 1));
            }
        }
        if (actions.isEmpty()) {
            throw error(pos + 1, "expected at least one action (" + ACTIONS + ") after the pattern of 'on " + kind
                    + "', found the end of the line");
        }
        return new Step.Rule(line, matcher, actions);
    }

    private Step send(int column, String what) {
        if (outputShutLine > 0) {
            throw error(column, "'send' after 'shutdown-output' on line " + outputShutLine + ": the output is shut by then");
        }
        skipSpace();
        if (peek() == '"') {
            return new Step.Send(lineNo, bytes(what));
        }
        int wordColumn = pos + 1;
        String next = word();
        if (next.equals("hex")) {
            return new Step.Send(lineNo, hex());
        }
        throw error(wordColumn, "expected a quoted string or 'hex' after '" + what + "', found " + found(wordColumn - 1));
    }

    private Step expect() {
        skipSpace();
        if (peek() == '"') {
            int column = pos + 1;
            int from = pos;
            byte[] bytes = bytes("expect");
            if (bytes.length == 0) {
                throw error(column, "'expect' needs at least one byte to wait for; use 'expect bytes N' to read any bytes");
            }
            return new Step.ExpectContains(lineNo, bytes, current.substring(from, pos));
        }
        int column = pos + 1;
        String kind = word();
        switch (kind) {
            case "line" -> {
                skipSpace();
                int from = pos;
                Glob glob = glob("expect line");
                return new Step.ExpectLine(lineNo, glob, current.substring(from, pos));
            }
            case "regex" -> {
                skipSpace();
                int from = pos;
                Pattern pattern = regex("expect regex");
                return new Step.ExpectRegex(lineNo, pattern, current.substring(from, pos));
            }
            case "bytes" -> {
                return new Step.ExpectBytes(lineNo, count());
            }
            default -> throw error(column, "expected a quoted string, 'line', 'regex' or 'bytes' after 'expect', found "
                    + found(column - 1));
        }
    }

    private Step end(String command, Step step) {
        ended = command;
        endedLine = lineNo;
        return step;
    }

    private void checkNotEnded(String command, int column) {
        if (ended != null) {
            String why = ended.equals("hold") ? "the connection is held until the server stops"
                    : "the connection is over by then";
            throw error(column, "'" + shorten(command) + "' after '" + ended + "' on line " + endedLine + ": " + why
                    + "; remove it or move it above");
        }
    }

    private void expectEndOfLine(String command) {
        skipSpace();
        if (!atEnd()) {
            throw error(pos + 1, "expected the end of the line after the '" + command + "' command, found " + found()
                    + quoteHint(pos));
        }
    }

    /**
     * For a token that follows a string with no space between: most likely the string was meant
     * to go on, with a quote inside it, as in {@code send "{"id":1}"}.
     */
    private String quoteHint(int at) {
        return at > 0 && current.charAt(at - 1) == '"'
                ? "; a '\"' ended the string just before it: write \\\" for a quote inside a string" : "";
    }

    // ---- tokens ----

    private String word() {
        int from = pos;
        while (pos < current.length()) {
            char c = current.charAt(pos);
            if (isSpace(c) || c == '"' || c == '#') {
                break;
            }
            pos++;
        }
        return current.substring(from, pos);
    }

    private Duration duration(String command, boolean positive) {
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

    private int count() {
        skipSpace();
        int column = pos + 1;
        String token = word();
        if (!COUNT.matcher(token).matches() || Long.parseLong(token) > Integer.MAX_VALUE || Long.parseLong(token) < 1) {
            throw error(column, "expected a byte count from 1 to " + Integer.MAX_VALUE + " after 'expect bytes', found "
                    + found(column - 1));
        }
        return Integer.parseInt(token);
    }

    /** A string with the escapes {@code \r \n \t \\ \" \xHH}, as bytes (text as UTF-8). */
    private byte[] bytes(String after) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringBuilder run = new StringBuilder();
        int open = openQuote(after);
        while (true) {
            if (pos >= current.length()) {
                throw unterminated(open);
            }
            char c = current.charAt(pos);
            if (c == '"') {
                pos++;
                flush(run, out);
                return out.toByteArray();
            }
            if (c != '\\') {
                run.append(c);
                pos++;
                continue;
            }
            int escape = escape(false);
            if (escape >= 0x100) {
                run.append((char) (escape - 0x100));
            } else {
                flush(run, out);
                out.write(escape);
            }
        }
    }

    /**
     * Text outside a script, such as a response given on a command line or in a POM, with the
     * escapes of a script string; a {@code "} in it is a plain quote. Errors are on line 1, their
     * column counted from the start of the text.
     */
    byte[] unescaped() {
        if (text == null) {
            throw new ParseError(source, 1, 1, "no text (null)");
        }
        current = text;
        lineNo = 1;
        pos = 0;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringBuilder run = new StringBuilder();
        while (pos < current.length()) {
            char c = current.charAt(pos);
            if (c != '\\') {
                run.append(c);
                pos++;
                continue;
            }
            if (pos + 1 == current.length()) {
                throw error(pos + 1, "a lone backslash ends the text; write \\\\ for a backslash");
            }
            int escape = escape(false);
            flush(run, out);
            out.write(escape);
        }
        flush(run, out);
        return out.toByteArray();
    }

    /** A glob string: the escapes of {@link #bytes} plus {@code \*} and {@code \?} for the literal characters. */
    private Glob glob(String after) {
        List<Integer> pattern = new ArrayList<>();
        StringBuilder run = new StringBuilder();
        int open = openQuote(after);
        while (true) {
            if (pos >= current.length()) {
                throw unterminated(open);
            }
            char c = current.charAt(pos);
            if (c == '"') {
                pos++;
                flushGlob(run, pattern);
                return new Glob(pattern.stream().mapToInt(Integer::intValue).toArray());
            }
            if (c == '*' || c == '?') {
                flushGlob(run, pattern);
                pattern.add(c == '*' ? Glob.ANY_RUN : Glob.ANY_ONE);
                pos++;
            } else if (c != '\\') {
                run.append(c);
                pos++;
            } else {
                int escape = escape(true);
                if (escape >= 0x100) {
                    run.append((char) (escape - 0x100));
                } else {
                    flushGlob(run, pattern);
                    pattern.add(escape);
                }
            }
        }
    }

    /**
     * A regular expression string, taken as written: Java's regex syntax already reads
     * {@code \r \n \t \\ \" \xHH}, and {@code \d} and friends need no doubling.
     */
    private Pattern regex(String after) {
        int open = openQuote(after);
        int from = pos;
        while (true) {
            if (pos >= current.length()) {
                throw unterminated(open);
            }
            char c = current.charAt(pos);
            if (c == '"') {
                break;
            }
            pos += c == '\\' && pos + 1 < current.length() ? 2 : 1;
        }
        String expression = current.substring(from, pos);
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
    private byte[] hex() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int open = openQuote("send hex");
        int digits = 0;
        int high = 0;
        while (true) {
            if (pos >= current.length()) {
                throw unterminated(open);
            }
            char c = current.charAt(pos);
            if (c == '"') {
                if (digits % 2 != 0) {
                    throw error(pos + 1, "odd number of hex digits (" + digits
                            + ") in 'send hex': write every byte as two digits, like 0d 0a");
                }
                pos++;
                return out.toByteArray();
            }
            if (isSpace(c)) {
                pos++;
                continue;
            }
            int value = Character.digit(c, 16);
            if (value < 0 || c > 'f') {
                throw error(pos + 1, "expected a hex digit (0-9, a-f) or a space in 'send hex', found '" + printable(c) + "'");
            }
            if (digits % 2 == 0) {
                high = value;
            } else {
                out.write(high << 4 | value);
            }
            digits++;
            pos++;
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
     * the characters that a glob would otherwise take as wildcards.
     */
    private int escape(boolean glob) {
        int column = pos + 1;
        if (pos + 1 >= current.length()) {
            throw unterminated(column);
        }
        char c = current.charAt(pos + 1);
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
            case 'x':
                int high = pos < current.length() ? hexDigit(current.charAt(pos)) : -1;
                int low = pos + 1 < current.length() ? hexDigit(current.charAt(pos + 1)) : -1;
                if (high < 0 || low < 0) {
                    throw error(column, "bad escape: '\\x' needs two hex digits, like \\x0d");
                }
                pos += 2;
                return high << 4 | low;
            default:
                if (glob && (c == '*' || c == '?')) {
                    return 0x100 + c;
                }
                throw error(column, "unknown escape '\\" + printable(c) + "'; strings take \\r \\n \\t \\\\ \\\" and \\xHH"
                        + (glob ? ", globs also \\* and \\?" : ""));
        }
    }

    private static int hexDigit(char c) {
        return c <= 'f' ? Character.digit(c, 16) : -1;
    }

    private static void flush(StringBuilder run, ByteArrayOutputStream out) {
        if (run.length() > 0) {
            out.writeBytes(run.toString().getBytes(StandardCharsets.UTF_8));
            run.setLength(0);
        }
    }

    private static void flushGlob(StringBuilder run, List<Integer> pattern) {
        if (run.length() > 0) {
            for (byte b : run.toString().getBytes(StandardCharsets.UTF_8)) {
                pattern.add(b & 0xFF);
            }
            run.setLength(0);
        }
    }

    private ParseError unterminated(int column) {
        return error(column, "unterminated string: no closing '\"' before the end of the line");
    }

    // ---- cursor ----

    private void skipSpace() {
        while (pos < current.length() && isSpace(current.charAt(pos))) {
            pos++;
        }
    }

    private boolean atEnd() {
        return pos >= current.length() || current.charAt(pos) == '#';
    }

    private char peek() {
        return pos < current.length() ? current.charAt(pos) : '\0';
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\u000B';
    }

    private String found() {
        return found(pos);
    }

    /** Describes the token at an index of the current line, for "found ..." in messages. */
    private String found(int at) {
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

    private static String shorten(String token) {
        StringBuilder out = new StringBuilder();
        token.codePoints().limit(30).forEach(cp -> out.append(cp < 0x20 || cp == 0x7F
                ? String.format("\\x%02x", cp) : new String(Character.toChars(cp))));
        return token.codePointCount(0, token.length()) > 30 ? out + "..." : out.toString();
    }

    private static String printable(char c) {
        return c < 0x20 || c == 0x7F ? String.format("\\x%02x", (int) c) : String.valueOf(c);
    }

    private ParseError error(int column, String reason) {
        return new ParseError(source, lineNo, column, reason);
    }
}
