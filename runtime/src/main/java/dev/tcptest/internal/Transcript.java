package dev.tcptest.internal;

import dev.tcptest.RecordedConnection;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Renders a session for people: a header, then one block per turn, {@code C:} for bytes from the
 * client and {@code S:} for bytes from the server. Text is shown as quoted lines with escapes,
 * binary data as a hex dump; long transcripts are cut with a visible marker.
 */
public final class Transcript {

    /** Characters of rendered bytes per transcript before it is cut. */
    static final int MAX_CHARS = 64 * 1024;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneOffset.UTC);
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Transcript() {
    }

    /**
     * The transcript of one session.
     *
     * @param record the connection
     * @param recording its bytes
     * @return a multi-line text ending with a line break
     */
    public static String render(RecordedConnection record, Recording recording) {
        StringBuilder out = new StringBuilder(256);
        out.append("connection #").append(record.id()).append(' ')
                .append(Addresses.format(record.remoteAddress())).append(" -> ").append(Addresses.format(record.localAddress()))
                .append(", accepted ").append(TIME.format(record.acceptedAt())).append(" UTC");
        if (record.closedAt() != null) {
            out.append(", ").append(Duration.between(record.acceptedAt(), record.closedAt()).toMillis())
                    .append(" ms, ").append(record.closeReason());
        } else {
            out.append(", open");
        }
        out.append(", ").append(record.receivedCount()).append(" bytes in, ")
                .append(record.sentCount()).append(" bytes out");
        if (recording.tls() != null) {
            out.append(", TLS ").append(recording.tls());
        }
        out.append('\n');
        int budget = MAX_CHARS;
        for (Recording.Turn turn : recording.turns()) {
            byte[] bytes = turn.direction() == Recorder.Direction.CLIENT
                    ? recording.receivedUnsafe() : recording.sentUnsafe();
            String prefix = turn.direction() == Recorder.Direction.CLIENT ? "C: " : "S: ";
            int before = out.length();
            appendBytes(out, prefix, bytes, turn.start(), turn.end() - turn.start(), budget);
            budget -= out.length() - before;
            if (budget <= 0) {
                out.append("... transcript cut at ").append(MAX_CHARS).append(" characters\n");
                break;
            }
        }
        if (recording.receivedCount() > recording.receivedUnsafe().length) {
            out.append("... recording stopped after ").append(recording.receivedUnsafe().length)
                    .append(" of ").append(recording.receivedCount()).append(" bytes received\n");
        }
        if (recording.sentCount() > recording.sentUnsafe().length) {
            out.append("... recording stopped after ").append(recording.sentUnsafe().length)
                    .append(" of ").append(recording.sentCount()).append(" bytes sent\n");
        }
        if (record.error() != null) {
            out.append("error: ").append(record.error()).append('\n');
        }
        return out.toString();
    }

    /**
     * Bytes as a quoted Java-like string: printable ASCII as is, {@code \r \n \t \\ \"} escaped,
     * anything else as {@code \xHH}.
     *
     * @param bytes the buffer
     * @param offset where to start
     * @param length how many bytes
     * @return the quoted, escaped text
     */
    public static String quote(byte[] bytes, int offset, int length) {
        StringBuilder out = new StringBuilder(length + 2).append('"');
        escape(out, bytes, offset, length);
        return out.append('"').toString();
    }

    private static void escape(StringBuilder out, byte[] bytes, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            escape(out, bytes[i] & 0xFF);
        }
    }

    /**
     * One byte as a chat script's string writes it: printable ASCII as is, {@code \r \n \t \\ \"}
     * escaped, anything else as {@code \xHH}.
     *
     * @param out where to write it
     * @param b the byte, 0-255
     */
    public static void escape(StringBuilder out, int b) {
        switch (b) {
            case '\r' -> out.append("\\r");
            case '\n' -> out.append("\\n");
            case '\t' -> out.append("\\t");
            case '\\' -> out.append("\\\\");
            case '"' -> out.append("\\\"");
            default -> {
                if (b >= 0x20 && b < 0x7F) {
                    out.append((char) b);
                } else {
                    out.append("\\x").append(HEX[b >>> 4]).append(HEX[b & 0xF]);
                }
            }
        }
    }

    private static void appendBytes(StringBuilder out, String prefix, byte[] bytes, int offset, int length, int budget) {
        if (looksLikeText(bytes, offset, length)) {
            int lineStart = offset;
            int end = offset + length;
            int start = out.length();
            for (int i = offset; i < end && out.length() - start < budget; i++) {
                if (bytes[i] == '\n' || i == end - 1) {
                    out.append(prefix);
                    out.append('"');
                    escape(out, bytes, lineStart, i + 1 - lineStart);
                    out.append("\"\n");
                    lineStart = i + 1;
                }
            }
        } else {
            int start = out.length();
            for (int row = 0; row < length && out.length() - start < budget; row += 16) {
                out.append(prefix);
                String offsetHex = Integer.toHexString(row);
                out.append("0000".substring(Math.min(4, offsetHex.length()))).append(offsetHex).append("  ");
                for (int i = 0; i < 16; i++) {
                    if (row + i < length) {
                        int b = bytes[offset + row + i] & 0xFF;
                        out.append(HEX[b >>> 4]).append(HEX[b & 0xF]).append(' ');
                    } else {
                        out.append("   ");
                    }
                }
                out.append(" |");
                for (int i = 0; i < 16 && row + i < length; i++) {
                    int b = bytes[offset + row + i] & 0xFF;
                    out.append(b >= 0x20 && b < 0x7F ? (char) b : '.');
                }
                out.append("|\n");
            }
        }
    }

    /**
     * Whether bytes are text, to be shown as quoted lines (and written so by a script), rather
     * than binary data, shown in hex: at most one byte in ten a control character other than a
     * line break or a tab.
     *
     * @param bytes the buffer
     * @param offset where to start
     * @param length how many bytes
     * @return true for text
     */
    public static boolean looksLikeText(byte[] bytes, int offset, int length) {
        int binary = 0;
        for (int i = offset; i < offset + length; i++) {
            int b = bytes[i] & 0xFF;
            if ((b < 0x20 && b != '\r' && b != '\n' && b != '\t') || b == 0x7F) {
                binary++;
            }
        }
        return binary * 10 <= length;
    }
}
