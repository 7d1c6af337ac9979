package dev.tcptest.internal.script;

/**
 * A chat script that does not parse: where, and what was expected there. The public layer turns
 * it into its own syntax exception.
 */
public final class ParseError extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String source;
    private final int line;
    private final int column;
    private final String reason;

    ParseError(String source, int line, int column, String reason) {
        super(source + ":" + line + ":" + column + ": " + reason);
        this.source = source;
        this.line = line;
        this.column = column;
        this.reason = reason;
    }

    /** @return the script's name, as given to the parser */
    public String source() {
        return source;
    }

    /** @return the line, from 1 */
    public int line() {
        return line;
    }

    /** @return the column, from 1 */
    public int column() {
        return column;
    }

    /** @return what was wrong, without the position */
    public String reason() {
        return reason;
    }
}
