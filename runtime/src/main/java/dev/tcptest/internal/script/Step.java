package dev.tcptest.internal.script;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** One parsed command of a chat script, with where it was written. */
interface Step {

    /** @return the script and line the command came from */
    At at();

    /** Writes bytes in one write, captures put in. */
    record Send(At at, Template template) implements Step {
    }

    /** Reads until the received data contains the bytes. */
    record ExpectContains(At at, byte[] bytes, String shown) implements Step {
    }

    /** Reads one line and matches it against a glob or a regular expression. */
    record ExpectLine(At at, LineMatcher matcher, String expected) implements Step {
    }

    /** Reads as many bytes as the pattern has; they must match it. */
    record ExpectExactly(At at, BytePattern pattern) implements Step {
    }

    /** Reads exactly this many bytes, whatever they are. */
    record ExpectBytes(At at, int count) implements Step {
    }

    /** Sleeps. */
    record Delay(At at, Duration duration) implements Step {
    }

    /** Sets the expect timeout for the commands after it. */
    record Timeout(At at, Duration duration) implements Step {
    }

    /** Half-closes: FIN, reading goes on. */
    record ShutdownOutput(At at) implements Step {
    }

    /** Closes gracefully and ends the script. */
    record Close(At at) implements Step {
    }

    /** Resets (RST) and ends the script. */
    record Reset(At at) implements Step {
    }

    /** Upgrades the connection to TLS in place. */
    record StartTls(At at) implements Step {
    }

    /** Keeps the connection open until the server stops. */
    record Hold(At at) implements Step {
    }

    /** Reads (and so records) until the client closes, then ends the script. */
    record AwaitClose(At at) implements Step {
    }

    /** A rule action that answers nothing: what the rule matched is consumed. */
    record Ignore(At at) implements Step {
    }

    /** An {@code on} rule: what it matches of the unread bytes, and the actions that answer it. */
    record Rule(At at, Trigger trigger, List<Step> actions) implements Step {
    }

    /** What a rule matches: a whole line ({@link LineMatcher}) or the next bytes ({@link BytePattern}). */
    interface Trigger {
    }

    /** Matches one received line (without its terminator). */
    interface LineMatcher extends Trigger {

        /**
         * Matches a whole line.
         *
         * @return what its named groups captured (none for a glob), or null if the line does not match
         */
        Map<String, String> match(byte[] line, int offset, int length);

        /** Whether a line that begins with these bytes could match, once the rest of it arrives. */
        boolean couldMatch(byte[] line, int offset, int length);
    }
}
