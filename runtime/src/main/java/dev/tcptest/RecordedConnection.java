package dev.tcptest;

import dev.tcptest.internal.RecordAccess;
import dev.tcptest.internal.Recording;
import dev.tcptest.internal.ServerConnection;
import dev.tcptest.internal.Transcript;
import dev.tcptest.internal.script.ScriptWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * What the server saw of one connection: an immutable snapshot, in the order connections were
 * accepted.
 *
 * <p>Bytes are recorded up to the server's recording limit per direction
 * ({@link TcpServer.Builder#recordingLimit(int)}); past it only the counts go on, and
 * {@link #isTruncated()} says so. {@link #transcript()} renders the conversation for people.
 */
public final class RecordedConnection {

    private final long id;
    private final InetSocketAddress remoteAddress;
    private final InetSocketAddress localAddress;
    private final Recording recording;
    private final CloseReason closeReason;
    private final Throwable error;
    private final Instant acceptedAt;
    private final Instant closedAt;

    static {
        RecordAccess.install(new RecordAccess.Access() {
            @Override
            public RecordedConnection create(RecordAccess.Parts parts) {
                return new RecordedConnection(parts);
            }

            @Override
            public Recording recording(RecordedConnection connection) {
                return connection.recording;
            }
        });
    }

    private RecordedConnection(RecordAccess.Parts parts) {
        this.id = parts.id();
        this.remoteAddress = parts.remoteAddress();
        this.localAddress = parts.localAddress();
        this.recording = parts.recording();
        this.closeReason = parts.closeReason();
        this.error = parts.error();
        this.acceptedAt = parts.acceptedAt();
        this.closedAt = parts.closedAt();
    }

    private RecordedConnection(ServerConnection connection) {
        this.id = connection.id();
        this.remoteAddress = connection.remoteAddress();
        this.localAddress = connection.localAddress();
        this.recording = connection.recording();
        // Read together: a connection that finished has both, one still open neither.
        Instant closed = connection.closedAt();
        this.closeReason = closed == null ? null : connection.reason();
        this.error = closed == null ? null : connection.error();
        this.acceptedAt = connection.acceptedAt();
        this.closedAt = closed;
    }

    /** What the engine records of a connection: as it is now, or as it ended. */
    static RecordedConnection of(ServerConnection connection) {
        return new RecordedConnection(connection);
    }

    /**
     * The connection's number on its server, starting at 1 in accept order.
     *
     * @return the id
     */
    public long id() {
        return id;
    }

    /**
     * The client's address.
     *
     * @return the remote address of the accepted socket
     */
    public InetSocketAddress remoteAddress() {
        return remoteAddress;
    }

    /**
     * The server's side of the connection.
     *
     * @return the local address of the accepted socket
     */
    public InetSocketAddress localAddress() {
        return localAddress;
    }

    /**
     * Every byte read from the client, in order (up to the recording limit).
     *
     * @return a fresh copy of the received bytes
     */
    public byte[] received() {
        return recording.received();
    }

    /**
     * The received bytes decoded as UTF-8 (malformed input is replaced, never thrown).
     *
     * @return the received text
     */
    public String receivedText() {
        return new String(recording.received(), StandardCharsets.UTF_8);
    }

    /**
     * Every byte written to the client, in order (up to the recording limit). Bytes are recorded
     * as the handler hands them to the socket, so a write that failed because the client had gone
     * is in here too.
     *
     * @return a fresh copy of the sent bytes
     */
    public byte[] sent() {
        return recording.sent();
    }

    /**
     * The sent bytes decoded as UTF-8 (malformed input is replaced, never thrown).
     *
     * @return the sent text
     */
    public String sentText() {
        return new String(recording.sent(), StandardCharsets.UTF_8);
    }

    /**
     * How many bytes were read from the client in all, including any past the recording limit.
     *
     * @return the total received byte count
     */
    public long receivedCount() {
        return recording.receivedCount();
    }

    /**
     * How many bytes were written to the client in all, including any past the recording limit.
     *
     * @return the total sent byte count
     */
    public long sentCount() {
        return recording.sentCount();
    }

    /**
     * Whether some bytes went past the recording limit and are counted but not kept.
     *
     * @return true if {@link #received()} or {@link #sent()} is shorter than its count
     */
    public boolean isTruncated() {
        return recording.isTruncated();
    }

    /**
     * How the connection ended, or null while it is still open.
     *
     * @return the close reason, or null for a connection still being served
     */
    public CloseReason closeReason() {
        return closeReason;
    }

    /**
     * What the handler threw, or what ended the connection abnormally; null for a clean end.
     *
     * @return the error, or null
     */
    public Throwable error() {
        return error;
    }

    /**
     * When the connection was accepted.
     *
     * @return the accept time
     */
    public Instant acceptedAt() {
        return acceptedAt;
    }

    /**
     * When the connection was closed, or null while it is open.
     *
     * @return the close time, or null
     */
    public Instant closedAt() {
        return closedAt;
    }

    /**
     * The conversation for people: one line per direction change, {@code C:} for bytes from the
     * client and {@code S:} for bytes from the server, text shown with escapes and binary data as
     * a hex dump, followed by the close reason and any error.
     *
     * @return a multi-line transcript
     */
    public String transcript() {
        return Transcript.render(this, recording);
    }

    /**
     * The conversation as a chat script that replays it, for {@link Handlers#script(String)}:
     * record a real server once (through {@link Handlers#proxy(String, int)}), check the script
     * in, and replay it in every build. What the server sent becomes {@code send "..."}, what the
     * client sent {@code expect exactly "..."}, one command per line of text with its line end,
     * binary data {@code send hex} and {@code expect hex}; a comment before each run of bytes gives
     * its direction and offset. The server's FIN becomes {@code close} (or
     * {@code shutdown-output} where the client sent more after it), its RST {@code reset}, and the
     * client's close {@code await-close}. A recording cut at the recording limit ends with a
     * comment saying where, and a replay of it cannot go further.
     *
     * @return the script, one command per line, ending with a line break
     */
    public String toScript() {
        return ScriptWriter.write(id, recording, closeReason, error);
    }

    /**
     * {@return whether this connection ended with its handler's error}: a handler that threw, a
     * script the client did not follow ({@code HANDLER_ERROR}), or a client silent past the read
     * timeout ({@code READ_TIMEOUT}). A client's reset is the client's doing, not the handler's.
     */
    public boolean isHandlerError() {
        return closeReason == CloseReason.HANDLER_ERROR || closeReason == CloseReason.READ_TIMEOUT;
    }

    @Override
    public String toString() {
        return "RecordedConnection#" + id() + " from " + remoteAddress() + " (" + receivedCount()
                + " bytes in, " + sentCount() + " bytes out, " + (closeReason() == null ? "open" : closeReason()) + ")";
    }
}
