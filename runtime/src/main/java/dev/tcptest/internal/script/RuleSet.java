package dev.tcptest.internal.script;

import java.util.List;
import java.util.Map;

/**
 * The {@code on} rules of a script, tried in order on the unread bytes: a line rule needs a whole
 * line, a bytes rule as many bytes as its pattern. The first rule that matches answers; a rule
 * before it that could still match with more bytes makes the script read more first.
 */
final class RuleSet {

    /**
     * How much of a partial line a line rule looks at to decide whether it could still match:
     * past it, the rule is assumed to, which only makes the script wait for the line's end.
     */
    static final int PARTIAL_LOOK = 1024;

    /** What the rules make of the unread bytes. */
    record Verdict(Step.Rule rule, int length, Map<String, String> captures, boolean waiting, boolean tooLong) {

        static final Verdict WAIT = new Verdict(null, 0, null, true, false);
    }

    private final List<Step.Rule> rules;

    RuleSet(List<Step.Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    boolean isEmpty() {
        return rules.isEmpty();
    }

    boolean hasLineRules() {
        return rules.stream().anyMatch(rule -> rule.trigger() instanceof Step.LineMatcher);
    }

    int size() {
        return rules.size();
    }

    Step.Rule first() {
        return rules.get(0);
    }

    /** The script lines of the rules, for messages: {@code line 3}, {@code lines 3-7}, {@code line 3 to line 2 of b.chat}. */
    String lines() {
        At first = rules.get(0).at();
        At last = rules.get(rules.size() - 1).at();
        if (!first.source().equals(last.source())) {
            return "line " + first.line() + " to " + last.lineSeenFrom(first.source());
        }
        return first.line() == last.line() ? "line " + first.line() : "lines " + first.line() + "-" + last.line();
    }

    /**
     * The first rule that matches the unread bytes, or a wait if a rule before any match could
     * match with more bytes, or neither.
     */
    Verdict evaluate(Inbox inbox) {
        if (inbox.unread() == 0) {
            return inbox.finished() ? new Verdict(null, 0, null, false, false) : Verdict.WAIT;
        }
        int lineEnd = inbox.lineEnd();
        if (lineEnd < 0 && inbox.finished()) {
            lineEnd = inbox.end();
        }
        boolean tooLong = false;
        for (Step.Rule rule : rules) {
            if (rule.trigger() instanceof BytePattern pattern) {
                int compared = Math.min(inbox.unread(), pattern.length());
                if (pattern.mismatch(inbox.buffer(), inbox.start(), compared) >= 0) {
                    continue;
                }
                if (compared == pattern.length()) {
                    return new Verdict(rule, compared, Map.of(), false, false);
                }
                if (!inbox.finished()) {
                    return Verdict.WAIT;
                }
            } else if (lineEnd >= 0) {
                int length = inbox.contentLength(inbox.start(), lineEnd);
                if (length > Interpreter.MAX_LINE) {
                    tooLong = true;
                    continue;
                }
                Map<String, String> captures = ((Step.LineMatcher) rule.trigger()).match(inbox.buffer(), inbox.start(), length);
                if (captures != null) {
                    return new Verdict(rule, lineEnd - inbox.start(), captures, false, false);
                }
            } else if (inbox.unread() > Interpreter.MAX_LINE + 1) {
                tooLong = true;
            } else if (couldMatch((Step.LineMatcher) rule.trigger(), inbox)) {
                return Verdict.WAIT;
            }
        }
        return new Verdict(null, 0, null, false, tooLong);
    }

    /** Whether a line that begins with the unread bytes could match; a CR at their end may begin the line break. */
    private static boolean couldMatch(Step.LineMatcher matcher, Inbox inbox) {
        byte[] buffer = inbox.buffer();
        int length = inbox.unread();
        if (length > PARTIAL_LOOK) {
            return matcher.couldMatch(buffer, inbox.start(), PARTIAL_LOOK);
        }
        return matcher.couldMatch(buffer, inbox.start(), length)
                || length > 0 && buffer[inbox.start() + length - 1] == '\r'
                && matcher.couldMatch(buffer, inbox.start(), length - 1);
    }
}
