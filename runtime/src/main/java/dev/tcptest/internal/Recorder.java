package dev.tcptest.internal;

import java.util.Arrays;

/**
 * Keeps the bytes of one connection in both directions, in order, up to a limit per direction;
 * past the limit only the counts go on. Thread-safe: a reader and a writer may record at once.
 */
public final class Recorder {

    private static final long[] NO_TURNS = new long[0];

    private final int limit;
    private final ByteLog received = new ByteLog();
    private final ByteLog sent = new ByteLog();
    private long receivedCount;
    private long sentCount;
    // Each turn is packed as (direction bit << 62 | end offset in that direction's log).
    private long[] turns = NO_TURNS;
    private int turnCount;
    private long serverFinAt = -1;
    private boolean clientFinished;
    private String tls;

    /**
     * A recorder that keeps at most {@code limit} bytes per direction.
     *
     * @param limit the byte limit per direction, 0 or more
     */
    public Recorder(int limit) {
        this.limit = limit;
    }

    /**
     * Records bytes read from the client.
     *
     * @param bytes the buffer
     * @param offset where the bytes start
     * @param length how many
     */
    public synchronized void received(byte[] bytes, int offset, int length) {
        receivedCount += length;
        int keep = Math.min(length, limit - received.length());
        if (keep <= 0) {
            return;
        }
        received.append(bytes, offset, keep);
        turn(Direction.CLIENT, received.length());
    }

    /**
     * Records bytes written to the client.
     *
     * @param bytes the buffer
     * @param offset where the bytes start
     * @param length how many
     */
    public synchronized void sent(byte[] bytes, int offset, int length) {
        sentCount += length;
        int keep = Math.min(length, limit - sent.length());
        if (keep <= 0) {
            return;
        }
        sent.append(bytes, offset, keep);
        turn(Direction.SERVER, sent.length());
    }

    /**
     * Records that the server closed its output (FIN): where among the client's bytes that
     * happened, so that a script made of the recording can close at the same point. Only a FIN
     * before the client's counts.
     */
    public synchronized void serverFinished() {
        if (serverFinAt < 0 && !clientFinished) {
            serverFinAt = received.length();
        }
    }

    /** Records that a read met the client's FIN: a server FIN after it is the answer to it. */
    public synchronized void clientFinished() {
        clientFinished = true;
    }

    /**
     * Notes that the bytes from now on travel through TLS, and which.
     *
     * @param description the protocol and cipher suite, and where an upgrade happened
     */
    public synchronized void tls(String description) {
        tls = description;
    }

    /** {@return how many bytes were read from the client so far} */
    public synchronized long receivedCount() {
        return receivedCount;
    }

    /** {@return how many bytes were written to the client so far} */
    public synchronized long sentCount() {
        return sentCount;
    }

    /**
     * An immutable view of everything recorded so far; it shares the recorded bytes, which never
     * change once recorded, and copies only the list of turns.
     *
     * @return the snapshot
     */
    public synchronized Recording snapshot() {
        return new Recording(received.snapshot(), sent.snapshot(), receivedCount, sentCount,
                Arrays.copyOf(turns, turnCount), serverFinAt, tls);
    }

    private void turn(Direction direction, int end) {
        long bits = (direction == Direction.SERVER ? 1L : 0L) << 62;
        if (turnCount > 0 && (turns[turnCount - 1] >>> 62) == (bits >>> 62)) {
            turns[turnCount - 1] = bits | end;
            return;
        }
        if (turnCount == turns.length) {
            turns = Arrays.copyOf(turns, Math.max(8, turns.length * 2));
        }
        turns[turnCount++] = bits | end;
    }

    /** Which peer sent a run of bytes. */
    public enum Direction {
        /** From the client to the server. */
        CLIENT,
        /** From the server to the client. */
        SERVER
    }
}
