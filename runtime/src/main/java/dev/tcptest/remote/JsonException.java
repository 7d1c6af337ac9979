package dev.tcptest.remote;

/** A text that is not the JSON expected, with where the reading stopped and what it expected there. */
final class JsonException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Where in the text the reading stopped, from 0. */
    private final int offset;

    JsonException(int offset, String expected, String found) {
        super("expected " + expected + " at offset " + offset + ", found " + found, null, false, false);
        this.offset = offset;
    }

    /** @return where in the text the reading stopped, from 0 */
    int offset() {
        return offset;
    }
}
