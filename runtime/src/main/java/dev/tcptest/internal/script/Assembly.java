package dev.tcptest.internal.script;

import java.util.ArrayList;
import java.util.List;

/**
 * The program a script's commands build, and the order they must keep: nothing after
 * {@code close}, no {@code send} after {@code shutdown-output}, rules last. One assembly serves
 * the script and every file it includes, so that the order holds across them.
 */
final class Assembly {

    private final List<Step> sequence = new ArrayList<>();
    private final List<Step.Rule> rules = new ArrayList<>();
    // What the commands so far allow next.
    private String ended;
    private At endedAt;
    private At outputShutAt;
    private At firstRuleAt;

    /** Checks that a command (or a rule, or an include) may come next. */
    void checkNotEnded(Lexer lexer, String command, int column) {
        if (ended == null) {
            return;
        }
        String why = switch (ended) {
            case "hold" -> "the connection is held until the server stops";
            case "await-close" -> "the script waits for the client to close by then";
            default -> "the connection is over by then";
        };
        throw lexer.error(column, "'" + Lexer.shorten(command) + "' after '" + ended + "' on "
                + endedAt.lineSeenFrom(lexer.source()) + ": " + why + "; remove it or move it above");
    }

    /** Checks that a command of the sequence may come next: no rule has. */
    void checkBeforeRules(Lexer lexer, String command, int column) {
        if (firstRuleAt != null) {
            throw lexer.error(column, "'" + command + "' after the 'on' rules that start on "
                    + firstRuleAt.lineSeenFrom(lexer.source()) + ": rules answer lines once the sequence is done, so move"
                    + " every other command above the first 'on'");
        }
    }

    /** Checks that a {@code send} may come next. */
    void checkMaySend(Lexer lexer, int column) {
        if (outputShutAt != null) {
            throw lexer.error(column, "'send' after 'shutdown-output' on " + outputShutAt.lineSeenFrom(lexer.source())
                    + ": the output is shut by then");
        }
    }

    /** Whether a {@code shutdown-output} of the sequence has run before the rules answer. */
    boolean outputShut() {
        return outputShutAt != null;
    }

    void add(Step step) {
        sequence.add(step);
        if (step instanceof Step.ShutdownOutput) {
            outputShutAt = step.at();
        }
    }

    /** A command that ends the script: nothing may follow it. */
    void addEnd(String command, Step step) {
        add(step);
        ended = command;
        endedAt = step.at();
    }

    void startRule(At at) {
        if (firstRuleAt == null) {
            firstRuleAt = at;
        }
    }

    void add(Step.Rule rule) {
        rules.add(rule);
    }

    Program program(String source) {
        return new Program(source, sequence, rules);
    }
}
