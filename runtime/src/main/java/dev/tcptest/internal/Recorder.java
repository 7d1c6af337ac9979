package dev.tcptest.internal;

import java.util.Arrays;

/**
 * Keeps the bytes of one connection in both directions, in order, up to a limit per direction;
 * past the limit only the counts go on. Thread-safe: a reader and a writer may record at once.
 */
public final class Recorder {

    private static final byte[] NONE = new byte[0];
    private static final long[] NO_TURNS = new long[0];

    private final int limit;
    // Allocated on the first byte, so that an idle connection costs no buffer.
    private byte[] received = NONE;
    private byte[] sent = NONE;
    private int receivedLength;
    private int sentLength;
    private long receivedCount;
    private long sentCount;
    // Each turn is packed as (direction bit << 62 | end offset in that direction's buffer).
    private long[] turns = NO_TURNS;
    private int turnCount;

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
        int keep = Math.min(length, limit - receivedLength);
        if (keep <= 0) {
            return;
        }
        received = ensure(received, receivedLength + keep);
        System.arraycopy(bytes, offset, received, receivedLength, keep);
        receivedLength += keep;
        turn(Direction.CLIENT, receivedLength);
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
        int keep = Math.min(length, limit - sentLength);
        if (keep <= 0) {
            return;
        }
        sent = ensure(sent, sentLength + keep);
        System.arraycopy(bytes, offset, sent, sentLength, keep);
        sentLength += keep;
        turn(Direction.SERVER, sentLength);
    }

    /**
     * An immutable copy of everything recorded so far.
     *
     * @return the snapshot
     */
    public synchronized Recording snapshot() {
        Recording.Turn[] copy = new Recording.Turn[turnCount];
        int receivedStart = 0;
        int sentStart = 0;
        for (int i = 0; i < turnCount; i++) {
            Direction direction = turns[i] >>> 62 == 1 ? Direction.SERVER : Direction.CLIENT;
            int end = (int) (turns[i] & 0xFFFFFFFFL);
            if (direction == Direction.CLIENT) {
                copy[i] = new Recording.Turn(direction, receivedStart, end);
                receivedStart = end;
            } else {
                copy[i] = new Recording.Turn(direction, sentStart, end);
                sentStart = end;
            }
        }
        return new Recording(Arrays.copyOf(received, receivedLength), Arrays.copyOf(sent, sentLength),
                receivedCount, sentCount, copy);
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

    private byte[] ensure(byte[] buffer, int needed) {
        if (needed <= buffer.length) {
            return buffer;
        }
        // Doubling, but never past the limit: nothing beyond it is ever kept.
        long doubled = Math.min(limit, Math.max(256, buffer.length * 2L));
        return Arrays.copyOf(buffer, (int) Math.max(needed, doubled));
    }

    /** Which peer sent a run of bytes. */
    public enum Direction {
        /** From the client to the server. */
        CLIENT,
        /** From the server to the client. */
        SERVER
    }
}
