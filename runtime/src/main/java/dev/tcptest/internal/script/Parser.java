package dev.tcptest.internal.script;

import dev.tcptest.ScriptSyntaxException;
import java.util.ArrayList;
import java.util.List;

/**
 * The command grammar of chat scripts, read line by line through a {@link Lexer}, so that every
 * error knows its line and column. Every failure is a {@link ScriptSyntaxException}; it also
 * checks the order of commands (nothing after {@code close}, no {@code send} after
 * {@code shutdown-output}, rules last).
 */
final class Parser {

    private static final String COMMANDS = "send, expect, delay, timeout, shutdown-output, close, reset, hold, await-close, on";
    private static final String ACTIONS = "send, send hex, delay, shutdown-output, close, reset, ignore";

    private final String source;
    private final String text;
    private final Lexer lexer;

    // What the commands so far allow next.
    private String ended;
    private int endedLine;
    private int outputShutLine;
    private int firstRuleLine;

    Parser(String source, String text) {
        this.source = source == null || source.isBlank() ? "script" : source;
        this.text = text;
        this.lexer = new Lexer(this.source);
    }

    Program parse() {
        if (text == null) {
            throw new ScriptSyntaxException(source, 1, 1, "no script text (null)");
        }
        List<Step> sequence = new ArrayList<>();
        List<Step.Rule> rules = new ArrayList<>();
        // A byte order mark, as Windows editors write it, is no part of the first command.
        int start = text.startsWith("\uFEFF") ? 1 : 0;
        int lineNo = 0;
        while (start <= text.length()) {
            int end = text.indexOf('\n', start);
            if (end < 0) {
                end = text.length();
            }
            lexer.startLine(text.substring(start, end), ++lineNo);
            parseLine(sequence, rules);
            start = end + 1;
        }
        return new Program(source, sequence, rules);
    }

    /**
     * Text outside a script, such as a response given on a command line or in a POM, with the
     * escapes of a script string; a {@code "} in it is a plain quote. Errors are on line 1, their
     * column counted from the start of the text.
     */
    byte[] unescaped() {
        if (text == null) {
            throw new ScriptSyntaxException(source, 1, 1, "no text (null)");
        }
        lexer.startLine(text, 1);
        return lexer.unescaped();
    }

    private void parseLine(List<Step> sequence, List<Step.Rule> rules) {
        lexer.skipSpace();
        if (lexer.atEnd()) {
            return;
        }
        int column = lexer.pos() + 1;
        String command = lexer.word();
        if (command.isEmpty()) {
            throw lexer.error(column, "expected a command (" + COMMANDS + "), found " + lexer.found());
        }
        checkNotEnded(command, column);
        if (command.equals("on")) {
            rules.add(rule());
            return;
        }
        if (firstRuleLine > 0) {
            throw lexer.error(column, "'" + command + "' after the 'on' rules that start on line " + firstRuleLine
                    + ": rules answer lines once the sequence is done, so move every other command above the first 'on'");
        }
        sequence.add(command(command, column));
        expectEndOfLine(command);
    }

    private Step command(String command, int column) {
        int line = lexer.lineNo();
        return switch (command) {
            case "send" -> send(column);
            case "expect" -> expect();
            case "delay" -> new Step.Delay(line, lexer.duration("delay", false));
            case "timeout" -> new Step.Timeout(line, lexer.duration("timeout", true));
            case "shutdown-output" -> {
                outputShutLine = line;
                yield new Step.ShutdownOutput(line);
            }
            case "close" -> end("close", new Step.Close(line));
            case "reset" -> end("reset", new Step.Reset(line));
            case "hold" -> end("hold", new Step.Hold(line));
            case "await-close" -> end("await-close", new Step.AwaitClose(line));
            default -> throw lexer.error(column, "unknown command '" + Lexer.shorten(command) + "'; expected one of " + COMMANDS);
        };
    }

    private Step.Rule rule() {
        if (firstRuleLine == 0) {
            firstRuleLine = lexer.lineNo();
        }
        lexer.skipSpace();
        int kindColumn = lexer.pos() + 1;
        String kind = lexer.word();
        Step.Trigger trigger = switch (kind) {
            case "line" -> lexer.glob("on line");
            case "regex" -> new RegexMatcher(lexer.regex("on regex"));
            case "bytes" -> bytesTrigger();
            default -> throw lexer.error(kindColumn, "expected 'line', 'regex' or 'bytes' after 'on', found "
                    + lexer.found(kindColumn - 1));
        };
        List<Step> actions = actions();
        if (actions.isEmpty()) {
            throw lexer.error(lexer.pos() + 1, "expected at least one action (" + ACTIONS + ") after the pattern of 'on "
                    + kind + "', found the end of the line");
        }
        return new Step.Rule(lexer.lineNo(), trigger, actions);
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
        boolean shut = outputShutLine > 0;
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
            actions.add(action(action, column));
            shut |= action.equals("shutdown-output");
            finished = action.equals("close") || action.equals("reset") ? action : null;
        }
    }

    private Step action(String action, int column) {
        int line = lexer.lineNo();
        return switch (action) {
            case "send" -> send(column);
            case "delay" -> new Step.Delay(line, lexer.duration("delay", false));
            case "shutdown-output" -> new Step.ShutdownOutput(line);
            case "close" -> new Step.Close(line);
            case "reset" -> new Step.Reset(line);
            case "ignore" -> new Step.Ignore(line);
            default -> throw lexer.error(column, "'" + Lexer.shorten(action) + "' cannot be a rule action; actions are "
                    + ACTIONS + lexer.quoteHint(column - 1));
        };
    }

    private Step send(int column) {
        if (outputShutLine > 0) {
            throw lexer.error(column, "'send' after 'shutdown-output' on line " + outputShutLine
                    + ": the output is shut by then");
        }
        lexer.skipSpace();
        if (lexer.peek() == '"') {
            return new Step.Send(lexer.lineNo(), lexer.bytes("send"));
        }
        int wordColumn = lexer.pos() + 1;
        String next = lexer.word();
        if (next.equals("hex")) {
            return new Step.Send(lexer.lineNo(), lexer.hex());
        }
        throw lexer.error(wordColumn, "expected a quoted string or 'hex' after 'send', found " + lexer.found(wordColumn - 1));
    }

    private Step expect() {
        int line = lexer.lineNo();
        lexer.skipSpace();
        int column = lexer.pos() + 1;
        if (lexer.peek() == '"') {
            byte[] bytes = lexer.bytes("expect");
            if (bytes.length == 0) {
                throw lexer.error(column, "'expect' needs at least one byte to wait for; use 'expect bytes N' to read any bytes");
            }
            return new Step.ExpectContains(line, bytes, lexer.since(column - 1));
        }
        String kind = lexer.word();
        switch (kind) {
            case "line" -> {
                lexer.skipSpace();
                int from = lexer.pos();
                Glob glob = lexer.glob("expect line");
                return new Step.ExpectLine(line, glob, "a line matching " + lexer.since(from));
            }
            case "regex" -> {
                lexer.skipSpace();
                int from = lexer.pos();
                RegexMatcher matcher = new RegexMatcher(lexer.regex("expect regex"));
                return new Step.ExpectLine(line, matcher, "a line matching regex " + lexer.since(from));
            }
            case "bytes" -> {
                return new Step.ExpectBytes(line, lexer.count());
            }
            case "exactly" -> {
                lexer.skipSpace();
                int at = lexer.pos() + 1;
                return new Step.ExpectExactly(line, nonEmpty(BytePattern.text(lexer.bytes("expect exactly")), "expect exactly", at));
            }
            case "hex" -> {
                lexer.skipSpace();
                int at = lexer.pos() + 1;
                return new Step.ExpectExactly(line, nonEmpty(BytePattern.hex(lexer.hexValues("expect hex", true)), "expect hex", at));
            }
            default -> throw lexer.error(column, "expected a quoted string, 'line', 'regex', 'bytes', 'exactly' or 'hex'"
                    + " after 'expect', found " + lexer.found(column - 1));
        }
    }

    private BytePattern nonEmpty(BytePattern pattern, String kind, int column) {
        if (pattern.length() == 0) {
            throw lexer.error(column, "'" + kind + "' needs at least one byte" + (kind.startsWith("on")
                    ? "" : "; to read nothing, leave the command out"));
        }
        return pattern;
    }

    private Step end(String command, Step step) {
        ended = command;
        endedLine = lexer.lineNo();
        return step;
    }

    private void checkNotEnded(String command, int column) {
        if (ended != null) {
            String why = switch (ended) {
                case "hold" -> "the connection is held until the server stops";
                case "await-close" -> "the script waits for the client to close by then";
                default -> "the connection is over by then";
            };
            throw lexer.error(column, "'" + Lexer.shorten(command) + "' after '" + ended + "' on line " + endedLine + ": "
                    + why + "; remove it or move it above");
        }
    }

    private void expectEndOfLine(String command) {
        lexer.skipSpace();
        if (!lexer.atEnd()) {
            throw lexer.error(lexer.pos() + 1, "expected the end of the line after the '" + command + "' command, found "
                    + lexer.found() + lexer.quoteHint(lexer.pos()));
        }
    }
}
