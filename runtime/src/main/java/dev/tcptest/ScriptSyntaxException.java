package dev.tcptest;

/**
 * A chat script that does not parse. The message reads like a compiler's, so IDEs and build logs
 * link it to the spot: {@code smtp.chat:3:8: expected a quoted string after 'send', found 'foo'}.
 *
 * <p>Thrown by {@link Script#parse(String, String)} and its overloads, and by
 * {@link Handlers#script(String)} and {@link Handlers#script(java.nio.file.Path)}: a script is
 * parsed when the handler is made, never later.
 */
public final class ScriptSyntaxException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** @serial the script's file or resource, or a name for a script given as a string */
    private final String source;
    /** @serial the line, from 1 */
    private final int line;
    /** @serial the column, from 1 */
    private final int column;
    /** @serial what is wrong, without the position */
    private final String reason;

    /**
     * A syntax error at a position of a script.
     *
     * @param source the script's name, such as its file
     * @param line the line, from 1
     * @param column the column, from 1
     * @param reason what was wrong and what was expected there
     */
    public ScriptSyntaxException(String source, int line, int column, String reason) {
        super(source + ":" + line + ":" + column + ": " + reason);
        this.source = source;
        this.line = line;
        this.column = column;
        this.reason = reason;
    }

    /**
     * The script's name: the file as given, or the name passed to {@link Script#parse(String, String)}.
     *
     * @return the source name
     */
    public String source() {
        return source;
    }

    /**
     * The line of the error.
     *
     * @return the line number, from 1
     */
    public int line() {
        return line;
    }

    /**
     * The column of the error, counted in characters.
     *
     * @return the column number, from 1
     */
    public int column() {
        return column;
    }

    /**
     * What was wrong, without the position.
     *
     * @return the reason
     */
    public String reason() {
        return reason;
    }
}
