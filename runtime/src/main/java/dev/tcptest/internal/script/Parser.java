package dev.tcptest.internal.script;

import dev.tcptest.ScriptSyntaxException;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The command grammar of chat scripts, read line by line through a {@link Lexer}, so that every
 * error knows its file, line and column. Every failure is a {@link ScriptSyntaxException}. The
 * order of commands is the {@link Assembly}'s to check; an {@code include} parses the other file
 * into the same assembly.
 */
final class Parser {

    private static final String COMMANDS = "send, expect, delay, timeout, shutdown-output, starttls, close, reset, hold,"
            + " await-close, include, on";
    private static final String ACTIONS = "send, send hex, delay, shutdown-output, starttls, close, reset, ignore";
    /** How deep includes may nest: deeper is a cycle the identities missed, or a mistake. */
    static final int MAX_DEPTH = 32;
    /** How many includes one parse reads: files that include each other twice over would multiply without end. */
    static final int MAX_INCLUDES = 10_000;

    private static final Pattern SECTION = Pattern.compile(
            "\\s*connection\\s+(?:(\\*)|([0-9]{1,18})(?:\\s*-\\s*([0-9]{1,18}))?)\\s*");

    private final Origin origin;
    private final String text;
    private final Lexer lexer;
    private final Assembly assembly;
    /** The files that include this one, outermost first, then this one. */
    private final List<Origin> chain;

    private final Includes included;

    /** The texts read for includes, by identity, and how many includes there were: shared by all files of a parse. */
    private static final class Includes {
        final Map<String, String> texts = new HashMap<>();
        int count;
    }

    private Parser(Origin origin, String text, Assembly assembly, List<Origin> chain, Includes included) {
        this.origin = origin;
        this.text = text;
        this.lexer = new Lexer(origin.name());
        this.assembly = assembly;
        this.chain = chain;
        this.included = included;
    }

    /**
     * Parses a script and what it includes.
     *
     * @param origin the script, its text read already
     * @param text its text
     * @return the program
     * @throws ScriptSyntaxException for any error, in the script or in an included file
     */
    static Program parse(Origin origin, String text) {
        if (text == null) {
            throw new ScriptSyntaxException(origin.name(), 1, 1, "no script text (null)");
        }
        Assembly assembly = new Assembly();
        new Parser(origin, text, assembly, List.of(origin), new Includes()).parseLines();
        assembly.checkCaptures();
        return assembly.program(origin.name());
    }

    /**
     * Text outside a script, such as a response given on a command line or in a POM, with the
     * escapes of a script string; a {@code "} in it is a plain quote. Errors are on line 1, their
     * column counted from the start of the text.
     */
    static byte[] unescape(String source, String text) {
        if (text == null) {
            throw new ScriptSyntaxException(source, 1, 1, "no text (null)");
        }
        Lexer lexer = new Lexer(source);
        lexer.startLine(text, 1);
        return lexer.unescaped();
    }

    private void parseLines() {
        // A byte order mark, as Windows editors write it, is no part of the first command.
        int start = text.startsWith("\uFEFF") ? 1 : 0;
        int lineNo = 0;
        while (start <= text.length()) {
            int end = text.indexOf('\n', start);
            if (end < 0) {
                end = text.length();
            }
            lexer.startLine(text.substring(start, end), ++lineNo);
            parseLine();
            start = end + 1;
        }
    }

    private void parseLine() {
        lexer.skipSpace();
        if (lexer.atEnd()) {
            return;
        }
        int column = lexer.pos() + 1;
        if (lexer.peek() == '[') {
            header(column);
            lexer.skipSpace();
            if (!lexer.atEnd()) {
                throw lexer.error(lexer.pos() + 1, "expected the end of the line after the section header, found "
                        + lexer.found() + ": a header stands on a line of its own");
            }
            return;
        }
        String command = lexer.word();
        if (command.isEmpty()) {
            throw lexer.error(column, "expected a command (" + COMMANDS + "), found " + lexer.found());
        }
        assembly.checkNotEnded(lexer, command, column);
        if (command.equals("on")) {
            assembly.startRule(lexer.at());
            assembly.add(rule());
        } else if (command.equals("include")) {
            include();
        } else {
            assembly.checkBeforeRules(lexer, command, column);
            command(command, column);
            expectEndOfLine(command);
        }
    }

    /** {@code [connection 1]}, {@code [connection 2-3]} or {@code [connection *]}: a section starts. */
    private void header(int column) {
        if (chain.size() > 1) {
            throw lexer.error(column, "a section header cannot be in an included file: sections belong to the script"
                    + " the server plays; move it into " + chain.get(0).name());
        }
        lexer.skip(1);
        String inside = lexer.through(']');
        if (inside == null) {
            throw lexer.error(column, "expected ']' to end the section header, like [connection 1], [connection 2-3]"
                    + " or [connection *]");
        }
        Matcher header = SECTION.matcher(inside);
        if (!header.matches()) {
            String found = inside.strip().split("\\s+")[0];
            String rest = found.equals("connection") ? inside.strip().substring(found.length()).strip() : found;
            throw lexer.error(column + 1, (found.equals("connection")
                    ? "expected a connection number from 1, a range like 2-3, or * after '[connection', found "
                    : "expected 'connection' after '[', found ") + (rest.isEmpty() ? "nothing" : "'" + Lexer.shorten(rest)
                    + "'") + ": a section header is [connection 1], [connection 2-3] or [connection *]");
        }
        long from = header.group(1) != null ? 1 : Long.parseLong(header.group(2));
        long to = header.group(1) != null ? Long.MAX_VALUE : header.group(3) == null ? from : Long.parseLong(header.group(3));
        if (from < 1 || to < from) {
            throw lexer.error(column + 1, from < 1 ? "connections are numbered from 1, in each run of the server"
                    : "the range " + from + "-" + to + " holds no connection: write the lower number first");
        }
        String never = assembly.startSection(lexer.at(), from, to);
        if (never != null) {
            throw lexer.error(column, "[connection " + inside.strip().substring("connection".length()).strip()
                    + "] is never played: " + never);
        }
    }

    private void command(String command, int column) {
        At at = lexer.at();
        switch (command) {
            case "send" -> assembly.add(send(column));
            case "expect" -> assembly.add(expect());
            case "delay" -> assembly.add(new Step.Delay(at, lexer.duration("delay", false)));
            case "timeout" -> assembly.add(new Step.Timeout(at, lexer.duration("timeout", true)));
            case "shutdown-output" -> assembly.add(new Step.ShutdownOutput(at));
            case "starttls" -> {
                assembly.checkMayStartTls(lexer, column, assembly.outputShut());
                assembly.add(new Step.StartTls(at));
            }
            case "close" -> assembly.addEnd("close", new Step.Close(at));
            case "reset" -> assembly.addEnd("reset", new Step.Reset(at));
            case "hold" -> assembly.addEnd("hold", new Step.Hold(at));
            case "await-close" -> assembly.addEnd("await-close", new Step.AwaitClose(at));
            default -> throw lexer.error(column, "unknown command '" + Lexer.shorten(command) + "'; expected one of " + COMMANDS);
        }
    }

    /** {@code include "other.chat"}: the other file's commands and rules, parsed here, into the same program. */
    private void include() {
        lexer.skipSpace();
        int column = lexer.pos() + 1;
        String path = new String(lexer.bytes("include"), StandardCharsets.UTF_8);
        expectEndOfLine("include");
        if (path.isBlank()) {
            throw lexer.error(column, "'include' needs the path of a chat script, like include \"handshake.chat\"");
        }
        if (++included.count > MAX_INCLUDES) {
            throw lexer.error(column, "more than " + MAX_INCLUDES + " includes in one script; a file that includes"
                    + " another several times, which does the same, multiplies them");
        }
        Origin file;
        try {
            file = origin.include(path);
        } catch (IllegalArgumentException e) {
            throw lexer.error(column, "cannot include \"" + Lexer.shorten(path) + "\": " + e.getMessage());
        }
        checkNoCycle(file, column);
        String includedText = read(file, column);
        List<Origin> longer = new ArrayList<>(chain);
        longer.add(file);
        new Parser(file, includedText, assembly, longer, included).parseLines();
    }

    /** An included file's text, read once per parse however often it is included. */
    private String read(Origin file, int column) {
        String known = included.texts.get(file.identity());
        if (known != null) {
            return known;
        }
        try {
            String text = file.read();
            included.texts.put(file.identity(), text);
            return text;
        } catch (CharacterCodingException e) {
            throw lexer.error(column, "cannot include " + file.name() + ": it is not valid UTF-8; save it as UTF-8");
        } catch (IOException | RuntimeException e) {
            throw lexer.error(column, "cannot include " + file.name() + " (" + file.location() + "): "
                    + (e.getMessage() == null ? e.toString() : e.getMessage()) + "; the path is relative to "
                    + (chain.size() == 1 ? "the including script's folder" : "the folder of " + origin.name()));
        }
    }

    private void checkNoCycle(Origin included, int column) {
        for (Origin outer : chain) {
            if (outer.identity().equals(included.identity())) {
                StringBuilder names = new StringBuilder();
                for (Origin each : chain.subList(chain.indexOf(outer), chain.size())) {
                    names.append(each.name()).append(" includes ");
                }
                throw lexer.error(column, "include cycle: " + names + included.name() + "; remove one of these includes");
            }
        }
        if (chain.size() >= MAX_DEPTH) {
            throw lexer.error(column, "includes nest deeper than " + MAX_DEPTH + " files; include fewer levels");
        }
    }

    private Step.Rule rule() {
        At at = lexer.at();
        lexer.skipSpace();
        int kindColumn = lexer.pos() + 1;
        String kind = lexer.word();
        Step.Trigger trigger = switch (kind) {
            case "line" -> lexer.glob("on line");
            case "regex" -> regex("on regex");
            case "bytes" -> bytesTrigger();
            default -> throw lexer.error(kindColumn, "expected 'line', 'regex' or 'bytes' after 'on', found "
                    + lexer.found(kindColumn - 1));
        };
        List<Step> actions = actions();
        if (actions.isEmpty()) {
            throw lexer.error(lexer.pos() + 1, "expected at least one action (" + ACTIONS + ") after the pattern of 'on "
                    + kind + "', found the end of the line");
        }
        return new Step.Rule(at, trigger, actions);
    }

    /** The pattern of {@code on bytes "..."} or {@code on bytes hex "..."}. */
    private BytePattern bytesTrigger() {
        lexer.skipSpace();
        int column = lexer.pos() + 1;
        if (lexer.peek() == '"') {
            return nonEmpty(BytePattern.text(lexer.bytes("on bytes")), "on bytes", column);
        }
        String word = lexer.word();
        if (!word.equals("hex")) {
            throw lexer.error(column, "expected a quoted string or 'hex' after 'on bytes', found " + lexer.found(column - 1));
        }
        lexer.skipSpace();
        column = lexer.pos() + 1;
        return nonEmpty(BytePattern.hex(lexer.hexValues("on bytes hex", true)), "on bytes hex", column);
    }

    /** The actions of a rule, up to the end of its line. */
    private List<Step> actions() {
        List<Step> actions = new ArrayList<>();
        boolean shut = assembly.outputShut();
        boolean upgraded = false;
        String finished = null;
        while (true) {
            lexer.skipSpace();
            if (lexer.atEnd()) {
                return actions;
            }
            int column = lexer.pos() + 1;
            String action = lexer.word();
            if (action.isEmpty()) {
                throw lexer.error(column, "expected an action (" + ACTIONS + "), found " + lexer.found()
                        + lexer.quoteHint(column - 1));
            }
            if (finished != null) {
                throw lexer.error(column, "nothing can follow '" + finished + "' in a rule: the connection is over by then");
            }
            if (!actions.isEmpty() && (action.equals("ignore") || actions.get(0) instanceof Step.Ignore)) {
                throw lexer.error(column, "'ignore' must be a rule's only action: it answers nothing; remove it or the"
                        + " other actions");
            }
            if (shut && action.equals("send")) {
                throw lexer.error(column, "'send' after 'shutdown-output': the output is shut by then");
            }
            if (action.equals("starttls")) {
                assembly.checkMayStartTls(lexer, column, shut);
                if (upgraded) {
                    throw lexer.error(column, "'starttls' twice in one rule: the first one upgraded the connection");
                }
                upgraded = true;
            }
            actions.add(action(action, column));
            shut |= action.equals("shutdown-output");
            finished = action.equals("close") || action.equals("reset") ? action : null;
        }
    }

    private Step action(String action, int column) {
        At at = lexer.at();
        return switch (action) {
            case "send" -> send(column);
            case "delay" -> new Step.Delay(at, lexer.duration("delay", false));
            case "shutdown-output" -> new Step.ShutdownOutput(at);
            case "starttls" -> new Step.StartTls(at);
            case "close" -> new Step.Close(at);
            case "reset" -> new Step.Reset(at);
            case "ignore" -> new Step.Ignore(at);
            default -> throw lexer.error(column, "'" + Lexer.shorten(action) + "' cannot be a rule action; actions are "
                    + ACTIONS + lexer.quoteHint(column - 1));
        };
    }

    private Step send(int column) {
        assembly.checkMaySend(lexer, column);
        lexer.skipSpace();
        if (lexer.peek() == '"') {
            return new Step.Send(lexer.at(), lexer.template("send", assembly.references()));
        }
        int wordColumn = lexer.pos() + 1;
        String next = lexer.word();
        if (next.equals("hex")) {
            return new Step.Send(lexer.at(), Template.of(lexer.hex()));
        }
        throw lexer.error(wordColumn, "expected a quoted string or 'hex' after 'send', found " + lexer.found(wordColumn - 1));
    }

    private Step expect() {
        At at = lexer.at();
        lexer.skipSpace();
        int column = lexer.pos() + 1;
        if (lexer.peek() == '"') {
            byte[] bytes = lexer.bytes("expect");
            if (bytes.length == 0) {
                throw lexer.error(column, "'expect' needs at least one byte to wait for; use 'expect bytes N' to read any bytes");
            }
            return new Step.ExpectContains(at, bytes, lexer.since(column - 1));
        }
        String kind = lexer.word();
        lexer.skipSpace();
        int from = lexer.pos();
        return switch (kind) {
            case "line" -> new Step.ExpectLine(at, lexer.glob("expect line"), "a line matching " + lexer.since(from));
            case "regex" -> {
                RegexMatcher matcher = regex("expect regex");
                yield new Step.ExpectLine(at, matcher, "a line matching regex " + lexer.since(from));
            }
            case "bytes" -> new Step.ExpectBytes(at, lexer.count());
            case "exactly" -> new Step.ExpectExactly(at, nonEmpty(BytePattern.text(lexer.bytes("expect exactly")),
                    "expect exactly", from + 1));
            case "hex" -> new Step.ExpectExactly(at, nonEmpty(BytePattern.hex(lexer.hexValues("expect hex", true)),
                    "expect hex", from + 1));
            default -> throw lexer.error(column, "expected a quoted string, 'line', 'regex', 'bytes', 'exactly' or 'hex'"
                    + " after 'expect', found " + lexer.found(column - 1));
        };
    }

    private RegexMatcher regex(String after) {
        RegexMatcher matcher = new RegexMatcher(lexer.regex(after));
        assembly.captures(matcher.groupNames());
        return matcher;
    }

    private BytePattern nonEmpty(BytePattern pattern, String kind, int column) {
        if (pattern.length() == 0) {
            throw lexer.error(column, "'" + kind + "' needs at least one byte" + (kind.startsWith("on")
                    ? "" : "; to read nothing, leave the command out"));
        }
        return pattern;
    }

    private void expectEndOfLine(String command) {
        lexer.skipSpace();
        if (!lexer.atEnd()) {
            throw lexer.error(lexer.pos() + 1, "expected the end of the line after the '" + command + "' command, found "
                    + lexer.found() + lexer.quoteHint(lexer.pos()));
        }
    }
}
