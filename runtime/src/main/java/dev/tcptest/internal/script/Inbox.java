package dev.tcptest.internal.script;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * The bytes a script has received and not yet consumed, {@code [start, end)} of one growing
 * buffer. All reads go through it, so the framing of lines and byte counts does not depend on how
 * the client's bytes were split into packets.
 */
final class Inbox {

    private byte[] buffer = new byte[4096];
    private int start;
    private int end;
    private boolean finished;
    // Bytes after start known to hold no LF; relative, so compaction keeps it valid.
    private int scannedForLf;

    /** The buffer; valid until the next read. */
    byte[] buffer() {
        return buffer;
    }

    int start() {
        return start;
    }

    int end() {
        return end;
    }

    int unread() {
        return end - start;
    }

    /** Whether the client's end of stream was read. */
    boolean finished() {
        return finished;
    }

    /** Consumes bytes from the start. */
    void consume(int count) {
        start += count;
        scannedForLf = 0;
    }

    /** Consumes all but the last {@code keep} unread bytes; returns how many it consumed. */
    int dropAllBut(int keep) {
        int drop = Math.max(0, end - start - keep);
        consume(drop);
        return drop;
    }

    /**
     * Reads once from the stream into the buffer.
     *
     * @return the byte count read, or -1 at end of stream (then {@link #finished()} is true)
     */
    int read(InputStream in) throws IOException {
        ensureRoom();
        int n = in.read(buffer, end, buffer.length - end);
        if (n < 0) {
            finished = true;
        } else {
            end += n;
        }
        return n;
    }

    /** The index after the next LF, or -1 if no whole line has arrived. */
    int lineEnd() {
        for (int i = start + scannedForLf; i < end; i++) {
            if (buffer[i] == '\n') {
                return i + 1;
            }
        }
        scannedForLf = end - start;
        return -1;
    }

    /** The index of the needle at or after {@code from}, or -1. */
    int indexOf(byte[] needle, int from) {
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

    /** The length of the line {@code [lineStart, lineEnd)} without its LF or CRLF. */
    int contentLength(int lineStart, int lineEnd) {
        int length = lineEnd - lineStart;
        if (length > 0 && buffer[lineEnd - 1] == '\n') {
            length--;
            if (length > 0 && buffer[lineStart + length - 1] == '\r') {
                length--;
            }
        }
        return length;
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
}
