package dev.tcptest.internal.script;

import dev.tcptest.CloseReason;
import dev.tcptest.internal.Recorder;
import dev.tcptest.internal.Recording;
import dev.tcptest.internal.Transcript;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;

/**
 * Writes a recorded conversation as a chat script that replays it: what the server sent becomes
 * {@code send}, what the client sent {@code expect exactly} (text, one command per line, line ends
 * kept) or {@code expect hex} (binary), each run of bytes under a comment with its direction and
 * offset; the end becomes {@code close}, {@code reset} or {@code await-close}.
 */
public final class ScriptWriter {

    /** Bytes per {@code send hex} or {@code expect hex} line. */
    static final int HEX_ROW = 16;
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final StringBuilder out = new StringBuilder();
    private final Recording recording;
    private final byte[] received;
    private final byte[] sent;
    /** Where the server's FIN goes among the client's bytes, or -1 if it closes last. */
    private final long finAt;

    private ScriptWriter(Recording recording) {
        this.recording = recording;
        this.received = recording.received();
        this.sent = recording.sent();
        this.finAt = finPosition(recording, received.length);
    }

    /**
     * The script of one recorded connection.
     *
     * @param id the connection's id, for the header comment
     * @param recording its bytes in order
     * @param reason how it ended, null while open
     * @param error what ended it abnormally, or null
     * @return the script, ending with a line break
     */
    public static String write(long id, Recording recording, CloseReason reason, Throwable error) {
        ScriptWriter writer = new ScriptWriter(recording);
        writer.out.append("# connection ").append(id).append(" as a chat script that replays it: ")
                .append(recording.receivedCount()).append(" bytes from the client, ").append(recording.sentCount())
                .append(" from the server\n");
        writer.turns();
        writer.end(reason, error);
        return writer.out.toString();
    }

    /**
     * Where among the client's bytes the server's FIN goes: after its last byte it is the script's
     * end, {@code close}; before, a {@code shutdown-output} among them. -1 if the server did not
     * close first, or wrote after its FIN (a write that failed), which no script can say.
     */
    private static long finPosition(Recording recording, int clientBytes) {
        long fin = recording.serverFinAt();
        if (fin < 0 || fin > clientBytes) {
            return -1;
        }
        long client = 0;
        for (Recording.Turn turn : recording.turns()) {
            if (turn.direction() == Recorder.Direction.CLIENT) {
                client = turn.end();
            } else if (client > fin) {
                return -1;
            }
        }
        return fin;
    }

    private void turns() {
        for (Recording.Turn turn : recording.turns()) {
            if (turn.direction() == Recorder.Direction.SERVER) {
                chunk("server", "send", sent, turn.start(), turn.end());
            } else if (turn.start() <= finAt && finAt < turn.end()) {
                chunk("client", "expect", received, turn.start(), (int) finAt);
                out.append("# the server closed its output (FIN) here\nshutdown-output\n");
                chunk("client", "expect", received, (int) finAt, turn.end());
            } else {
                chunk("client", "expect", received, turn.start(), turn.end());
            }
        }
    }

    /** One direction's bytes {@code [start, end)}: a comment, then text lines or hex rows. */
    private void chunk(String from, String command, byte[] bytes, int start, int end) {
        if (start == end) {
            return;
        }
        out.append("# ").append(from).append(", offset ").append(start).append(", ").append(end - start)
                .append(end - start == 1 ? " byte\n" : " bytes\n");
        if (!Transcript.looksLikeText(bytes, start, end - start)) {
            for (int row = start; row < end; row += HEX_ROW) {
                out.append(command).append(" hex \"");
                for (int i = row; i < Math.min(end, row + HEX_ROW); i++) {
                    out.append(i == row ? "" : " ").append(HEX[(bytes[i] >>> 4) & 0xF]).append(HEX[bytes[i] & 0xF]);
                }
                out.append("\"\n");
            }
            return;
        }
        boolean utf8 = isUtf8(bytes, start, end);
        int lineStart = start;
        for (int i = start; i < end; i++) {
            if (bytes[i] == '\n' || i == end - 1) {
                out.append(command.equals("send") ? "send \"" : "expect exactly \"");
                quote(bytes, lineStart, i + 1, utf8, command.equals("send"));
                out.append("\"\n");
                lineStart = i + 1;
            }
        }
    }

    /** A script string's escapes; UTF-8 text as itself; in a send, <code>${</code> as <code>\${</code>. */
    private void quote(byte[] bytes, int start, int end, boolean utf8, boolean send) {
        for (int i = start; i < end; i++) {
            int b = bytes[i] & 0xFF;
            if (b == '$' && send && i + 1 < end && bytes[i + 1] == '{') {
                out.append("\\$");
            } else if (b >= 0x80 && utf8) {
                int length = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2;
                out.append(new String(bytes, i, length, StandardCharsets.UTF_8));
                i += length - 1;
            } else {
                Transcript.escape(out, b);
            }
        }
    }

    /** How the connection ended, as the script's last command, or a comment where a command cannot say it. */
    private void end(CloseReason reason, Throwable error) {
        if (recording.isTruncated()) {
            out.append("# the recording stopped here, at the recording limit: it kept ").append(received.length)
                    .append(" of the ").append(recording.receivedCount()).append(" bytes from the client and ")
                    .append(sent.length).append(" of the ").append(recording.sentCount())
                    .append(" from the server; what came after is not in this script\n");
            return;
        }
        if (reason == null) {
            out.append("# the connection was still open when this script was written\n");
            return;
        }
        if (error != null || reason == CloseReason.SERVER_STOPPED || reason == CloseReason.SERVER_ABORTED) {
            String why = error == null ? "the server was " + (reason == CloseReason.SERVER_STOPPED ? "stopped" : "aborted")
                    : "the server's handler failed: " + (error.getMessage() != null ? error.getMessage() : error.toString());
            out.append("# ").append(oneLine(why)).append(" (").append(reason).append(")\n");
        }
        if (reason == CloseReason.RESET || reason == CloseReason.SERVER_ABORTED) {
            out.append("reset\n");
        } else if (finAt >= 0 && finAt < received.length) {
            out.append("# the client closed the connection\nawait-close\n");
        } else if (finAt >= 0 || recording.serverFinAt() >= 0 || error != null || reason == CloseReason.SERVER_STOPPED) {
            out.append("close\n");
        } else {
            out.append("# the client closed the connection\nawait-close\n");
        }
    }

    /** A text for a comment: no line breaks, at most 300 characters. */
    private static String oneLine(String text) {
        String flat = text.replaceAll("[\\r\\n]+", " ");
        return flat.length() > 300 ? flat.substring(0, 300) + "..." : flat;
    }

    private static boolean isUtf8(byte[] bytes, int start, int end) {
        try {
            StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes, start, end - start));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
