package dev.tcptest.internal.script;

/**
 * The client did not follow the chat script: a mismatch, an expect timeout, an early end of
 * stream, or a line no rule answers.
 *
 * <p>It is an {@link AssertionError} on purpose: it reports that the client under test broke the
 * conversation the test prescribed, exactly like a failed assertion, and it must not be mistaken
 * for (or swallowed as) an I/O failure of the server by code that catches {@code IOException} or
 * {@code Exception}. When the client reset the connection, the socket exception is the cause, so
 * the server still records the connection as reset by the client.
 */
public final class ScriptFailure extends AssertionError {

    private static final long serialVersionUID = 1L;

    private final String source;
    private final int line;

    ScriptFailure(At at, String message, Throwable cause) {
        super(at + ": " + message, cause);
        this.source = at.source();
        this.line = at.line();
    }

    /** @return the script's name, or the included file's where the failing command came from one */
    public String source() {
        return source;
    }

    /** @return the script line that failed, from 1 */
    public int line() {
        return line;
    }

    // Shown in transcripts and reports: what failed, not the runtime's internal class name.
    @Override
    public String toString() {
        return "chat script failed: " + getMessage();
    }
}
