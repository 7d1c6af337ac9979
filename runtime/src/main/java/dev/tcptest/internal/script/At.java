package dev.tcptest.internal.script;

/**
 * Where a command was written: the script (the included file, for a command from an
 * {@code include}) and its line.
 *
 * @param source the script's name, as messages give it
 * @param line the line, from 1
 */
record At(String source, int line) {

    /** For messages written about a position in {@code from}: {@code line 3}, or {@code line 3 of other.chat}. */
    String lineSeenFrom(String from) {
        return source.equals(from) ? "line " + line : "line " + line + " of " + source;
    }

    @Override
    public String toString() {
        return source + ":" + line;
    }
}
