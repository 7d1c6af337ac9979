package dev.tcptest.internal.script;

import dev.tcptest.Connection;
import dev.tcptest.internal.Lifetime;
import dev.tcptest.internal.SocketErrors;
import dev.tcptest.internal.Timers;
import dev.tcptest.internal.Transcript;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a {@link Program} over one connection: the sequence first, then the rules until the client
 * closes.
 *
 * <p>All reads go through one buffer, so the framing of lines and byte counts does not depend on
 * how the client's bytes were split into packets. An expect timeout is enforced by a watchdog
 * that shuts the input down when it fires, which wakes the blocked read; the connection is
 * failing by then anyway.
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

    private final Program program;
    private final Connection connection;
    private final InputStream in;
    private byte[] buffer = new byte[4096];
    private int start;
    private int end;
    private long dropped;
    private long timeoutMillis = DEFAULT_TIMEOUT.toMillis();
    /** Whether the rules answer lines: the client may leave at any time then. */
    private boolean answering;
    /** The line of the {@code shutdown-output} that ran, 0 while the output is open. */
    private int outputShutLine;

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
        for (Step step : program.sequence()) {
            if (!execute(step)) {
                return;
            }
        }
        List<Step.Rule> rules = program.rules();
        if (!rules.isEmpty()) {
            answering = true;
            answer(rules);
        }
    }

    /** Runs one step; false once the connection is over. */
    private boolean execute(Step step) throws IOException, InterruptedException {
        if (step instanceof Step.Send send) {
            return send(send);
        } else if (step instanceof Step.ExpectContains expect) {
            expectContains(expect);
        } else if (step instanceof Step.ExpectLine expect) {
            expectLine(step, "a line matching " + expect.shown(), expect.glob());
        } else if (step instanceof Step.ExpectRegex expect) {
            expectLine(step, "a line matching regex " + expect.shown(),
                    (bytes, offset, length) -> expect.pattern().matcher(new String(bytes, offset, length,
                            StandardCharsets.UTF_8)).find());
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
            outputShutLine = step.line();
        } else if (step instanceof Step.Close) {
            connection.close();
            return false;
        } else if (step instanceof Step.Reset) {
            connection.reset();
            return false;
        } else if (step instanceof Step.Hold) {
            Lifetime.of(connection).awaitEnd();
            return false;
        } else {
            throw new IllegalStateException("unknown script step " + step);
        }
        return true;
    }

    /** Writes the bytes; false if the client left while the rules answered, which ends them. */
    private boolean send(Step.Send send) throws IOException {
        byte[] bytes = send.bytes();
        if (outputShutLine > 0) {
            // Only a rule can get here: the parser rejects every other send after a shutdown-output.
            throw failure(send, "cannot send " + shown(bytes, 0, bytes.length) + ": 'shutdown-output' on line "
                    + outputShutLine + " has shut the output already, so the client has had its FIN; remove that"
                    + " 'shutdown-output' or this 'send'", null);
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

    private void expectContains(Step.ExpectContains expect) throws IOException {
        byte[] needle = expect.bytes();
        String expected = shown(needle, 0, needle.length);
        dropped = 0;
        Watchdog watchdog = arm();
        try {
            // Bytes after start known not to begin a match; relative, so compaction keeps it valid.
            int scanned = 0;
            while (true) {
                int at = indexOf(needle, start + scanned);
                if (at >= 0) {
                    start = at + needle.length;
                    break;
                }
                scanned = Math.max(0, end - start - needle.length + 1);
                if (end - start > Math.max(MAX_SEARCH, needle.length)) {
                    int keep = needle.length - 1;
                    dropped += end - keep - start;
                    start = end - keep;
                    scanned = 0;
                }
                fill(watchdog, expect, expected);
            }
        } finally {
            watchdog.disarm();
        }
        checkNotFired(watchdog, expect, expected);
    }

    private void expectLine(Step step, String expected, Step.LineMatcher matcher) throws IOException {
        dropped = 0;
        Watchdog watchdog = arm();
        int lineStart;
        int lineEnd;
        try {
            while (true) {
                int lf = indexOf(new byte[] {'\n'}, start);
                if (lf >= 0) {
                    lineEnd = lf + 1;
                    break;
                }
                if (tooLong(start, end)) {
                    throw lineTooLong(step, "expected " + expected + ", but");
                }
                if (!fill(watchdog, step, expected, true)) {
                    lineEnd = end;
                    break;
                }
            }
            if (contentLength(start, lineEnd) > MAX_LINE) {
                throw lineTooLong(step, "expected " + expected + ", but");
            }
            lineStart = start;
            start = lineEnd;
        } finally {
            watchdog.disarm();
        }
        checkNotFired(watchdog, step, expected);
        if (!matcher.matches(buffer, lineStart, contentLength(lineStart, lineEnd))) {
            throw failure(step, "expected " + expected + ", but the client sent the line "
                    + shown(buffer, lineStart, lineEnd - lineStart), null);
        }
    }

    private void expectBytes(Step.ExpectBytes expect) throws IOException {
        dropped = 0;
        long left = expect.count();
        Watchdog watchdog = arm();
        try {
            while (true) {
                int take = (int) Math.min(left, end - start);
                start += take;
                left -= take;
                if (left == 0) {
                    break;
                }
                fill(watchdog, expect, expect.count() + " bytes (" + (expect.count() - left) + " read so far)");
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
                int compared = Math.min(end - start, pattern.length());
                int at = pattern.mismatch(buffer, start, compared);
                if (at >= 0) {
                    throw failure(expect, "expected " + expected + ", but the client sent " + pattern.show(buffer, start,
                            compared) + " (they differ at byte " + (at + 1) + ")", null);
                }
                if (compared == pattern.length()) {
                    start += compared;
                    break;
                }
                fill(watchdog, expect, expected);
            }
        } finally {
            watchdog.disarm();
        }
        checkNotFired(watchdog, expect, expected);
    }

    /** After the sequence: answers each line with the first rule that matches, until end of stream. */
    private void answer(List<Step.Rule> rules) throws IOException, InterruptedException {
        while (true) {
            int lf;
            while ((lf = indexOf(new byte[] {'\n'}, start)) < 0) {
                if (tooLong(start, end)) {
                    throw lineTooLong(rules.get(0), "while the 'on' rules waited for a line,");
                }
                ensureRoom();
                int n;
                try {
                    n = in.read(buffer, end, buffer.length - end);
                } catch (IOException e) {
                    if (SocketErrors.isReset(e)) {
                        return;   // the client closed with RST: as with a FIN, the rules are done
                    }
                    throw e;
                }
                if (n < 0) {
                    if (end == start) {
                        return;
                    }
                    lf = end - 1;
                    break;
                }
                end += n;
            }
            int lineStart = start;
            int lineEnd = lf + 1;
            if (contentLength(lineStart, lineEnd) > MAX_LINE) {
                throw lineTooLong(rules.get(0), "while the 'on' rules waited for a line,");
            }
            start = lineEnd;
            Step.Rule rule = match(rules, lineStart, lineEnd);
            if (rule == null) {
                int last = rules.get(rules.size() - 1).line();
                throw failure(rules.get(0), "no 'on' rule matches the line " + shown(buffer, lineStart,
                        lineEnd - lineStart) + " (rules on line" + (last == rules.get(0).line() ? " " + last
                        : "s " + rules.get(0).line() + "-" + last) + ")", null);
            }
            for (Step action : rule.actions()) {
                if (!execute(action)) {
                    return;
                }
            }
        }
    }

    private Step.Rule match(List<Step.Rule> rules, int lineStart, int lineEnd) {
        int length = contentLength(lineStart, lineEnd);
        for (Step.Rule rule : rules) {
            if (rule.matcher().matches(buffer, lineStart, length)) {
                return rule;
            }
        }
        return null;
    }

    /**
     * Whether the buffered bytes, still without a line break, are a line too long already: more
     * than the limit and a CR that may yet turn out to be part of the line break.
     */
    private static boolean tooLong(int from, int to) {
        return to - from > MAX_LINE + 1;
    }

    /** The line at the start of the buffer is too long; the limit holds however the bytes arrived. */
    private ScriptFailure lineTooLong(Step step, String context) {
        return failure(step, context + " the client sent a line longer than " + MAX_LINE + " bytes, the longest a"
                + " script reads; match data that does not come in lines with expect \"...\" or expect bytes N. It began "
                + Transcript.quote(buffer, start, Math.min(end - start, SHOWN)) + "...", null);
    }

    /** The line's length without its LF or CRLF. */
    private int contentLength(int lineStart, int lineEnd) {
        int length = lineEnd - lineStart;
        if (length > 0 && buffer[lineEnd - 1] == '\n') {
            length--;
            if (length > 0 && buffer[lineStart + length - 1] == '\r') {
                length--;
            }
        }
        return length;
    }

    private void fill(Watchdog watchdog, Step step, String expected) throws IOException {
        fill(watchdog, step, expected, false);
    }

    /** Reads more into the buffer; false at end of stream if allowed, else a failure. */
    private boolean fill(Watchdog watchdog, Step step, String expected, boolean endAllowed) throws IOException {
        ensureRoom();
        int n;
        try {
            n = in.read(buffer, end, buffer.length - end);
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
            if (endAllowed && end > start) {
                return false;
            }
            throw failure(step, "the client closed its output while the script waited for " + expected
                    + "; received meanwhile: " + received(), null);
        }
        end += n;
        return true;
    }

    private void ensureRoom() {
        if (end < buffer.length) {
            return;
        }
        if (start > 0) {
            System.arraycopy(buffer, start, buffer, 0, end - start);
            end -= start;
            start = 0;
        }
        if (end == buffer.length) {
            buffer = Arrays.copyOf(buffer, buffer.length * 2);
        }
    }

    private int indexOf(byte[] needle, int from) {
        outer:
        for (int i = Math.max(from, start); i <= end - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (buffer[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private Watchdog arm() {
        Watchdog watchdog = new Watchdog(in);
        watchdog.future = Timers.schedule(timeoutMillis, watchdog);
        return watchdog;
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
        int length = end - start;
        String skipped = dropped > 0 ? dropped + " byte(s) that did not match, then " : "";
        if (length == 0) {
            return dropped > 0 ? dropped + " byte(s) that did not match" : "nothing";
        }
        return skipped + shown(buffer, start, length);
    }

    /** Bytes quoted for a message: the first {@link #SHOWN} of them, and how many there were if more. */
    static String shown(byte[] bytes, int offset, int length) {
        String quoted = Transcript.quote(bytes, offset, Math.min(length, SHOWN));
        return length > SHOWN ? quoted + "... (" + length + " bytes)" : quoted;
    }

    private ScriptFailure failure(Step step, String message, Throwable cause) {
        return new ScriptFailure(program.source(), step.line(), message, cause);
    }

    /** Shuts the input down when an expect takes too long, so that the blocked read returns. */
    private static final class Watchdog implements Runnable {
        private static final int ARMED = 0;
        private static final int DISARMED = 1;
        private static final int FIRED = 2;

        private final AtomicInteger state = new AtomicInteger(ARMED);
        private final InputStream input;
        private volatile ScheduledFuture<?> future;

        Watchdog(InputStream input) {
            this.input = input;
        }

        @Override
        public void run() {
            if (state.compareAndSet(ARMED, FIRED)) {
                try {
                    input.close();
                } catch (IOException e) {
                    // The connection is gone already: the pending read fails on its own.
                }
            }
        }

        boolean fired() {
            return state.get() == FIRED;
        }

        void disarm() {
            state.compareAndSet(ARMED, DISARMED);
            ScheduledFuture<?> scheduled = future;
            if (scheduled != null) {
                scheduled.cancel(false);
            }
        }
    }
}
