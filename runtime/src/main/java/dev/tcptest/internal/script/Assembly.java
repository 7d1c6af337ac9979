package dev.tcptest.internal.script;

import dev.tcptest.ScriptSyntaxException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The program a script's commands build, and the order they must keep: nothing after
 * {@code close}, no {@code send} or {@code starttls} after {@code shutdown-output}, one
 * {@code starttls}, rules last. One assembly serves the script and every file it includes, so
 * that the order holds across them. Each {@code [connection N]} section goes on from where the
 * prologue before the first one ended.
 */
final class Assembly {

    private final Part prologue = new Part(null, 0, 0);
    private final List<Part> sections = new ArrayList<>();
    private Part current = prologue;
    // The numbers the sections so far hold, as disjoint ranges: start to end, both included.
    private final TreeMap<Long, Long> covered = new TreeMap<>();
    // What the script's patterns capture, and where its sends use captures.
    private final Set<String> captured = new HashSet<>();
    private final List<Template.Reference> references = new ArrayList<>();

    /** The commands of the prologue or of one section, with the state the order checks need. */
    private static final class Part {
        final At header;
        final long from;
        final long to;
        final List<Step> sequence = new ArrayList<>();
        final List<Step.Rule> rules = new ArrayList<>();
        String ended;
        At endedAt;
        At outputShutAt;
        At tlsAt;
        At firstRuleAt;

        Part(At header, long from, long to) {
            this.header = header;
            this.from = from;
            this.to = to;
        }

        /** A section's part: it begins as the prologue ends. */
        Part after(Part prologue) {
            sequence.addAll(prologue.sequence);
            rules.addAll(prologue.rules);
            ended = prologue.ended;
            endedAt = prologue.endedAt;
            outputShutAt = prologue.outputShutAt;
            tlsAt = prologue.tlsAt;
            firstRuleAt = prologue.firstRuleAt;
            return this;
        }

        Program.Part build() {
            return new Program.Part(header, from, to, sequence, new RuleSet(rules));
        }
    }

    /** Checks that a command (or a rule, or an include) may come next. */
    void checkNotEnded(Lexer lexer, String command, int column) {
        if (current.ended == null) {
            return;
        }
        String why = switch (current.ended) {
            case "hold" -> "the connection is held until the server stops";
            case "await-close" -> "the script waits for the client to close by then";
            default -> "the connection is over by then";
        };
        throw lexer.error(column, "'" + Lexer.shorten(command) + "' after '" + current.ended + "' on "
                + current.endedAt.lineSeenFrom(lexer.source()) + ": " + why + "; remove it or move it above");
    }

    /** Checks that a command of the sequence may come next: no rule has. */
    void checkBeforeRules(Lexer lexer, String command, int column) {
        if (current.firstRuleAt != null) {
            throw lexer.error(column, "'" + command + "' after the 'on' rules that start on "
                    + current.firstRuleAt.lineSeenFrom(lexer.source()) + ": rules answer lines once the sequence is"
                    + " done, so move every other command above the first 'on'");
        }
    }

    /** Checks that a {@code send} may come next. */
    void checkMaySend(Lexer lexer, int column) {
        if (current.outputShutAt != null) {
            throw lexer.error(column, "'send' after 'shutdown-output' on "
                    + current.outputShutAt.lineSeenFrom(lexer.source()) + ": the output is shut by then");
        }
    }

    /**
     * Checks that a {@code starttls} may come next: a connection upgrades once, and not after its
     * output is shut, since the handshake writes too.
     *
     * @param shut whether the output is shut where it stands (a rule's own actions may have shut it)
     */
    void checkMayStartTls(Lexer lexer, int column, boolean shut) {
        if (current.tlsAt != null) {
            throw lexer.error(column, "'starttls' after the 'starttls' on " + current.tlsAt.lineSeenFrom(lexer.source())
                    + ": the connection speaks TLS by then; remove one of them");
        }
        if (shut) {
            throw lexer.error(column, "'starttls' after 'shutdown-output'" + (current.outputShutAt != null ? " on "
                    + current.outputShutAt.lineSeenFrom(lexer.source()) : "") + ": the handshake must write, and the"
                    + " output is shut by then");
        }
    }

    /** Whether a {@code shutdown-output} of the sequence has run before the rules answer. */
    boolean outputShut() {
        return current.outputShutAt != null;
    }

    void add(Step step) {
        current.sequence.add(step);
        if (step instanceof Step.ShutdownOutput) {
            current.outputShutAt = step.at();
        } else if (step instanceof Step.StartTls) {
            current.tlsAt = step.at();
        }
    }

    /** A command that ends the script: nothing may follow it. */
    void addEnd(String command, Step step) {
        add(step);
        current.ended = command;
        current.endedAt = step.at();
    }

    void startRule(At at) {
        if (current.firstRuleAt == null) {
            current.firstRuleAt = at;
        }
    }

    void add(Step.Rule rule) {
        current.rules.add(rule);
    }

    /**
     * Starts a section for the connections {@code from} to {@code to} of a run.
     *
     * @return null, or why the section would never be played
     */
    String startSection(At header, long from, long to) {
        if (coveredAbove(from, to)) {
            return "the sections above it play every connection it covers, and a connection plays the first section"
                    + " whose range holds its number; remove it, or move it above the section that covers it";
        }
        current = new Part(header, from, to).after(prologue);
        sections.add(current);
        cover(from, to);
        return null;
    }

    /** Whether the sections so far hold every number from {@code from} to {@code to} between them. */
    private boolean coveredAbove(long from, long to) {
        Map.Entry<Long, Long> holder = covered.floorEntry(from);
        return holder != null && holder.getValue() >= to;
    }

    /** Adds a range to the numbers the sections hold, joining it with the ranges it touches. */
    private void cover(long from, long to) {
        long start = from;
        long end = to;
        Map.Entry<Long, Long> before = covered.floorEntry(from);
        if (before != null && before.getValue() >= from - 1) {
            start = before.getKey();
            end = Math.max(end, before.getValue());
        }
        Map.Entry<Long, Long> after;
        while ((after = covered.higherEntry(start)) != null && after.getKey() <= (end == Long.MAX_VALUE ? end : end + 1)) {
            end = Math.max(end, after.getValue());
            covered.remove(after.getKey());
        }
        covered.put(start, end);
    }

    /** A pattern's named groups: the captures that sends may use. */
    void captures(List<String> names) {
        captured.addAll(names);
    }

    /** Where the {@code ${name}}s of the sends so far are. */
    List<Template.Reference> references() {
        return references;
    }

    /**
     * Checks that every {@code ${name}} of a send is captured by some pattern of the script,
     * wherever it is (an earlier section's pattern counts: the run may fail instead).
     */
    void checkCaptures() {
        for (Template.Reference reference : references) {
            if (!captured.contains(reference.name())) {
                throw new ScriptSyntaxException(reference.at().source(), reference.at().line(), reference.column(),
                        "${" + reference.name() + "} is what a group (?<" + reference.name() + ">...) captures, and no"
                        + " 'expect regex' or 'on regex' of the script has one" + (captured.isEmpty() ? ""
                        : " (they capture " + String.join(", ", new TreeSet<>(captured)) + ")")
                        + "; write \\${ to send the two characters");
            }
        }
    }

    Program program(String source) {
        return new Program(source, prologue.build(), sections.stream().map(Part::build).toList());
    }
}
