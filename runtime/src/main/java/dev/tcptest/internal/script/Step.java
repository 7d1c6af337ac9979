package dev.tcptest.internal.script;

import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/** One parsed command of a chat script, with the line it came from. */
interface Step {

    /** @return the script line, from 1 */
    int line();

    /** Writes bytes in one write. */
    record Send(int line, byte[] bytes) implements Step {
    }

    /** Reads until the received data contains the bytes. */
    record ExpectContains(int line, byte[] bytes, String shown) implements Step {
    }

    /** Reads one line and matches it against a glob. */
    record ExpectLine(int line, Glob glob, String shown) implements Step {
    }

    /** Reads one line and looks for the regular expression in it. */
    record ExpectRegex(int line, Pattern pattern, String shown) implements Step {
    }

    /** Reads as many bytes as the pattern has; they must match it. */
    record ExpectExactly(int line, BytePattern pattern) implements Step {
    }

    /** Reads exactly this many bytes, whatever they are. */
    record ExpectBytes(int line, int count) implements Step {
    }

    /** Sleeps. */
    record Delay(int line, Duration duration) implements Step {
    }

    /** Sets the expect timeout for the commands after it. */
    record Timeout(int line, Duration duration) implements Step {
    }

    /** Half-closes: FIN, reading goes on. */
    record ShutdownOutput(int line) implements Step {
    }

    /** Closes gracefully and ends the script. */
    record Close(int line) implements Step {
    }

    /** Resets (RST) and ends the script. */
    record Reset(int line) implements Step {
    }

    /** Keeps the connection open until the server stops. */
    record Hold(int line) implements Step {
    }

    /** An {@code on} rule: a line matcher and the actions that answer a matching line. */
    record Rule(int line, LineMatcher matcher, List<Step> actions) implements Step {
    }

    /** Matches one received line (without its terminator). */
    interface LineMatcher {
        boolean matches(byte[] line, int offset, int length);
    }
}
