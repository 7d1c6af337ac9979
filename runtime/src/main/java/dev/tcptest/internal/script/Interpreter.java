package dev.tcptest.internal.script;

import dev.tcptest.Connection;
import dev.tcptest.internal.Lifetime;
import dev.tcptest.internal.Serving;
import dev.tcptest.internal.SocketErrors;
import dev.tcptest.internal.Transcript;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Runs a {@link Program} over one connection: the sequence first, then the rules until the client
 * closes.
 *
 * <p>All reads go through one {@link Inbox}. An expect timeout is enforced by a {@link Watchdog}.
 */
public final class Interpreter {

    /** The expect timeout until a {@code timeout} command changes it. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    /** The longest line the script reads, line break not counted; a longer one fails. */
    static final int MAX_LINE = 64 * 1024;
    /**
     * Unmatched bytes an {@code expect "..."} keeps before it drops the oldest; a longer expected
     * string keeps its own length, less one byte, since those may begin a match.
     */
    static final int MAX_SEARCH = 64 * 1024;
    /** Bytes of received data shown in a failure message. */
    static final int SHOWN = 200;
    /** Bytes shown in hex when no rule matches. */
    static final int SHOWN_HEX = 16;

    private final Program program;
    private final Connection connection;
    // Fetched again after a starttls, which gives the connection streams through TLS.
    private InputStream in;
    private final Inbox inbox = new Inbox();
    /** What the named groups of the patterns that matched so far captured, the latest of each. */
    private final Map<String, String> captures = new HashMap<>();
    private long dropped;
    private long timeoutMillis = DEFAULT_TIMEOUT.toMillis();
    /** Whether the rules answer: the client may leave at any time then. */
    private boolean answering;
    /** Where the {@code shutdown-output} that ran was written, null while the output is open. */
    private At outputShutAt;

    private Interpreter(Program program, Connection connection) {
        this.program = program;
        this.connection = connection;
        this.in = connection.input();
    }

    /**
     * Runs the program to its end on the calling thread.
     *
     * @param program the parsed script
     * @param connection the connection, one a server accepted (or a decorator of one) for a script
     *     that waits for its end ({@code delay}, {@code hold})
     * @throws ScriptFailure if the client does not follow the script
     * @throws IOException if writing fails, or reading fails other than by the client's reset
     * @throws InterruptedException if the thread is interrupted during a delay or a hold
     */
    public static void run(Program program, Connection connection) throws IOException, InterruptedException {
        new Interpreter(program, connection).run();
    }

    private void run() throws IOException, InterruptedException {
        Program.Part part = program.unsectioned() != null ? program.unsectioned() : section();
        for (Step step : part.sequence()) {
            if (!execute(step)) {
                return;
            }
        }
        RuleSet rules = part.rules();
        if (!rules.isEmpty()) {
            answering = true;
            answer(rules);
        }
    }

    /** The section this connection plays, chosen by its number in the server's run. */
    private Program.Part section() {
        long number = Serving.numberInRun();
        if (number == 0) {
            throw new IllegalStateException("a script with [connection] sections must serve a connection that a"
                    + " TcpServer accepted, on the thread the server called it on, which numbers the connection");
        }
        Program.Part part = program.sectionFor(number);
        if (part == null) {
            String which = number == connection.id() ? "connection " + number : "connection " + number
                    + " of this run of the server (its id is " + connection.id() + ", counted since the first start)";
            throw new ScriptFailure(program.firstHeader(), "no section plays " + which + ": the sections cover connections "
                    + program.ranges() + "; add a [connection *] section for the rest", null);
        }
        return part;
    }

    /** Runs one step; false once the connection is over. */
    private boolean execute(Step step) throws IOException, InterruptedException {
        if (step instanceof Step.Send send) {
            return send(send);
        } else if (step instanceof Step.ExpectContains expect) {
            expectContains(expect);
        } else if (step instanceof Step.ExpectLine expect) {
            expectLine(expect);
        } else if (step instanceof Step.ExpectBytes expect) {
            expectBytes(expect);
        } else if (step instanceof Step.ExpectExactly expect) {
            expectExactly(expect);
        } else if (step instanceof Step.Delay delay) {
            // Ended meanwhile (a server stop, say): nothing is left to wait for, as after a hold.
            return !Lifetime.of(connection).awaitEnd(delay.duration().toMillis());
        } else if (step instanceof Step.Timeout timeout) {
            timeoutMillis = timeout.duration().toMillis();
        } else if (step instanceof Step.ShutdownOutput) {
            connection.shutdownOutput();
            outputShutAt = step.at();
        } else if (step instanceof Step.StartTls) {
            startTls(step);
        } else if (step instanceof Step.Close) {
            connection.close();
            return false;
        } else if (step instanceof Step.Reset) {
            connection.reset();
            return false;
        } else if (step instanceof Step.Hold) {
            Lifetime.of(connection).awaitEnd();
            return false;
        } else if (step instanceof Step.AwaitClose) {
            awaitClose();
            return false;
        } else if (!(step instanceof Step.Ignore)) {
            throw new IllegalStateException("unknown script step " + step);
        }
        return true;
    }

    /** Writes the bytes; false if the client left while the rules answered, which ends them. */
    private boolean send(Step.Send send) throws IOException {
        byte[] bytes = send.template().render(captures);
        if (bytes == null) {
            String name = send.template().missing(captures);
            throw failure(send, "cannot send: ${" + name + "} has captured nothing yet on this connection; it is what a"
                    + " group (?<" + name + ">...) captures when its 'expect regex' or 'on regex' matches, and none has"
                    + " so far", null);
        }
        if (outputShutAt != null) {
            // Only a rule can get here: the parser rejects every other send after a shutdown-output.
            throw failure(send, "cannot send " + shown(bytes, 0, bytes.length) + ": 'shutdown-output' on "
                    + outputShutAt.lineSeenFrom(send.at().source()) + " has shut the output already, so the client has"
                    + " had its FIN; remove that 'shutdown-output' or this 'send'", null);
        }
        try {
            connection.output().write(bytes);
            connection.output().flush();
            return true;
        } catch (IOException e) {
            if (answering && SocketErrors.clientLeft(e)) {
                return false;   // the client reset (or closed) without waiting for the answer
            }
            throw failure(send, "the connection failed while the script sent " + shown(bytes, 0, bytes.length)
                    + " (" + e + ")", e);
        }
    }

    /**
     * Upgrades the connection. Bytes the client sent after the line that asked for TLS and before
     * its handshake are no part of it, and must not be read as if TLS had protected them (the
     * STARTTLS command injection): they fail the script.
     */
    private void startTls(Step step) throws IOException {
        if (inbox.unread() > 0) {
            throw failure(step, "the client sent " + shown(inbox.buffer(), inbox.start(), inbox.unread()) + " before the"
                    + " TLS handshake, after what asked for it; a client must wait for the answer before it starts TLS",
                    null);
        }
        try {
            connection.startTls();
        } catch (IllegalStateException e) {
            throw failure(step, "cannot start TLS again: " + e.getMessage(), e);
        }
        in = connection.input();
    }

    private void expectContains(Step.ExpectContains expect) throws IOException {
        byte[] needle = expect.bytes();
        String expected = shown(needle, 0, needle.length);
        dropped = 0;
        Watchdog watchdog = arm();
        try {
            // Bytes after the start known not to begin a match; relative, so compaction keeps it valid.
            int scanned = 0;
            while (true) {
                int at = inbox.indexOf(needle, inbox.start() + scanned);
                if (at >= 0) {
                    inbox.consume(at + needle.length - inbox.start());
                    break;
                }
                scanned = Math.max(0, inbox.unread() - needle.length + 1);
                if (inbox.unread() > Math.max(MAX_SEARCH, needle.length)) {
                    dropped += inbox.dropAllBut(needle.length - 1);
                    scanned = 0;
                }
                fill(watchdog, expect, expected, false);
            }
        } finally {
            watchdog.disarm();
        }
        checkNotFired(watchdog, expect, expected);
    }

    private void expectLine(Step.ExpectLine expect) throws IOException {
        String expected = expect.expected();
        dropped = 0;
        Watchdog watchdog = arm();
        int lineStart;
        int lineEnd;
        try {
            while ((lineEnd = inbox.lineEnd()) < 0) {
                if (inbox.unread() > MAX_LINE + 1) {
                    throw lineTooLong(expect, "expected " + expected + ", but");
                }
                if (!fill(watchdog, expect, expected, true)) {
                    lineEnd = inbox.end();
                    break;
                }
            }
            lineStart = inbox.start();
            if (inbox.contentLength(lineStart, lineEnd) > MAX_LINE) {
                throw lineTooLong(expect, "expected " + expected + ", but");
            }
            inbox.consume(lineEnd - lineStart);
        } finally {
            watchdog.disarm();
        }
        checkNotFired(watchdog, expect, expected);
        byte[] buffer = inbox.buffer();
        Map<String, String> captured = expect.matcher().match(buffer, lineStart, inbox.contentLength(lineStart, lineEnd));
        if (captured == null) {
            throw failure(expect, "expected " + expected + ", but the client sent the line "
                    + shown(buffer, lineStart, lineEnd - lineStart), null);
        }
        captures.putAll(captured);
    }

    private void expectBytes(Step.ExpectBytes expect) throws IOException {
        dropped = 0;
        long left = expect.count();
        Watchdog watchdog = arm();
        try {
            while (true) {
                int take = (int) Math.min(left, inbox.unread());
                inbox.consume(take);
                left -= take;
                if (left == 0) {
                    break;
                }
                fill(watchdog, expect, expect.count() + " bytes (" + (expect.count() - left) + " read so far)", false);
            }
        } finally {
            watchdog.disarm();
        }
        checkNotFired(watchdog, expect, expect.count() + " bytes");
    }

    /** Reads the pattern's length in bytes, failing at the first byte that differs. */
    private void expectExactly(Step.ExpectExactly expect) throws IOException {
        BytePattern pattern = expect.pattern();
        String expected = "exactly " + pattern;
        dropped = 0;
        Watchdog watchdog = arm();
        try {
            while (true) {
                int compared = Math.min(inbox.unread(), pattern.length());
                int at = pattern.mismatch(inbox.buffer(), inbox.start(), compared);
                if (at >= 0) {
                    throw failure(expect, "expected " + expected + ", but the client sent "
                            + pattern.show(inbox.buffer(), inbox.start(), compared) + " (they differ at byte " + (at + 1)
                            + ")", null);
                }
                if (compared == pattern.length()) {
                    inbox.consume(compared);
                    break;
                }
                fill(watchdog, expect, expected, false);
            }
        } finally {
            watchdog.disarm();
        }
        checkNotFired(watchdog, expect, expected);
    }

    /**
     * Reads until the client closes, with FIN or RST, or a server stop ends the input: what is
     * read is recorded by the connection and needs no keeping here. No expect timeout applies.
     */
    private void awaitClose() throws IOException {
        while (true) {
            inbox.consume(inbox.unread());
            try {
                if (inbox.read(in) < 0) {
                    return;
                }
            } catch (IOException e) {
                if (SocketErrors.isReset(e)) {
                    return;
                }
                throw e;
            }
        }
    }

    /**
     * After the sequence: answers what the client sends with the first rule that matches, until
     * it closes. While the unread bytes are no rule's yet but could be, the expect timeout runs.
     */
    private void answer(RuleSet rules) throws IOException, InterruptedException {
        Watchdog waiting = null;
        try {
            while (true) {
                RuleSet.Verdict verdict = rules.evaluate(inbox);
                if (verdict.rule() != null) {
                    if (waiting != null) {
                        waiting.disarm();
                        waiting = null;
                    }
                    inbox.consume(verdict.length());
                    captures.putAll(verdict.captures());
                    for (Step action : verdict.rule().actions()) {
                        if (!execute(action)) {
                            return;
                        }
                    }
                } else if (!verdict.waiting()) {
                    if (inbox.unread() == 0) {
                        return;
                    }
                    throw verdict.tooLong() ? lineTooLong(rules.first(), "while the 'on' rules waited for a line,")
                            : noRuleMatches(rules);
                } else {
                    if (waiting == null && inbox.unread() > 0) {
                        waiting = arm();
                    }
                    if (!readForRules(rules, waiting)) {
                        return;
                    }
                }
            }
        } finally {
            if (waiting != null) {
                waiting.disarm();
            }
        }
    }

    /** Reads for the rules; false if the client reset, which ends them like a close. */
    private boolean readForRules(RuleSet rules, Watchdog waiting) throws IOException {
        int n;
        try {
            n = inbox.read(in);
        } catch (IOException e) {
            if (waiting != null && waiting.fired()) {
                throw rulesTimedOut(rules);
            }
            if (SocketErrors.isReset(e)) {
                return false;
            }
            throw e;
        }
        if (n < 0 && waiting != null && waiting.fired()) {
            throw rulesTimedOut(rules);
        }
        return true;
    }

    private ScriptFailure noRuleMatches(RuleSet rules) {
        byte[] buffer = inbox.buffer();
        int lineEnd = inbox.lineEnd();
        if (lineEnd < 0 && inbox.finished()) {
            lineEnd = inbox.end();
        }
        String line = lineEnd < 0 || !rules.hasLineRules() ? "" : ", the line " + shown(buffer, inbox.start(), lineEnd - inbox.start());
        return failure(rules.first(), "no 'on' rule matches the next bytes from the client" + (inbox.finished()
                ? ", who closed its output" : "") + ": " + BytePattern.hexOf(buffer, inbox.start(), inbox.unread(),
                SHOWN_HEX) + line + " (rules on " + rules.lines() + ")", null);
    }

    private ScriptFailure rulesTimedOut(RuleSet rules) {
        return failure(rules.first(), "timed out after " + timeoutMillis + " ms waiting for the rest of what an 'on'"
                + " rule could match (rules on " + rules.lines() + "); received meanwhile: "
                + BytePattern.hexOf(inbox.buffer(), inbox.start(), inbox.unread(), SHOWN_HEX) + ", as text "
                + shown(inbox.buffer(), inbox.start(), inbox.unread()), null);
    }

    /** The line at the start of the buffer is too long; the limit holds however the bytes arrived. */
    private ScriptFailure lineTooLong(Step step, String context) {
        return failure(step, context + " the client sent a line longer than " + MAX_LINE + " bytes, the longest a"
                + " script reads; match data that does not come in lines with expect \"...\" or expect bytes N. It began "
                + Transcript.quote(inbox.buffer(), inbox.start(), Math.min(inbox.unread(), SHOWN)) + "...", null);
    }

    /** Reads more; false at end of stream if allowed (with bytes left to read), else a failure. */
    private boolean fill(Watchdog watchdog, Step step, String expected, boolean endAllowed) throws IOException {
        int n;
        try {
            n = inbox.read(in);
        } catch (IOException e) {
            if (watchdog.fired()) {
                throw timedOut(step, expected);
            }
            throw failure(step, "the connection failed while the script waited for " + expected + " (" + e
                    + "); received meanwhile: " + received(), e);
        }
        if (n < 0) {
            if (watchdog.fired()) {
                throw timedOut(step, expected);
            }
            if (endAllowed && inbox.unread() > 0) {
                return false;
            }
            throw failure(step, "the client closed its output while the script waited for " + expected
                    + "; received meanwhile: " + received(), null);
        }
        return true;
    }

    private Watchdog arm() {
        return Watchdog.arm(in, timeoutMillis);
    }

    private void checkNotFired(Watchdog watchdog, Step step, String expected) {
        if (watchdog.fired()) {
            throw timedOut(step, expected);
        }
    }

    private ScriptFailure timedOut(Step step, String expected) {
        return failure(step, "timed out after " + timeoutMillis + " ms waiting for " + expected
                + "; received meanwhile: " + received(), null);
    }

    private String received() {
        int length = inbox.unread();
        String skipped = dropped > 0 ? dropped + " byte(s) that did not match, then " : "";
        if (length == 0) {
            return dropped > 0 ? dropped + " byte(s) that did not match" : "nothing";
        }
        return skipped + shown(inbox.buffer(), inbox.start(), length);
    }

    /** Bytes quoted for a message: the first {@link #SHOWN} of them, and how many there were if more. */
    static String shown(byte[] bytes, int offset, int length) {
        String quoted = Transcript.quote(bytes, offset, Math.min(length, SHOWN));
        return length > SHOWN ? quoted + "... (" + length + " bytes)" : quoted;
    }

    private ScriptFailure failure(Step step, String message, Throwable cause) {
        return new ScriptFailure(step.at(), message, cause);
    }
}
