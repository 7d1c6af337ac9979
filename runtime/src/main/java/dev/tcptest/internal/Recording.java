package dev.tcptest.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * An immutable copy of a connection's recorded bytes, with the order in which the two
 * directions took turns. The bytes are joined into one array per direction only when first asked
 * for, so that recording a connection nobody inspects costs no copy.
 */
public final class Recording {

    /** One run of bytes in one direction: {@code [start, end)} of that direction's buffer. */
    public record Turn(Recorder.Direction direction, int start, int end) {
    }

    private final ByteLog.Snapshot received;
    private final ByteLog.Snapshot sent;
    private final long receivedCount;
    private final long sentCount;
    // Packed as the Recorder packs them: (direction bit << 62 | end offset).
    private final long[] turns;
    private final long serverFinAt;
    // The TLS protocol and cipher suite, or null for a plain connection.
    private final String tls;

    Recording(ByteLog.Snapshot received, ByteLog.Snapshot sent, long receivedCount, long sentCount, long[] turns,
            long serverFinAt, String tls) {
        this.received = received;
        this.sent = sent;
        this.receivedCount = receivedCount;
        this.sentCount = sentCount;
        this.turns = turns;
        this.serverFinAt = serverFinAt;
        this.tls = tls;
    }

    /** An empty recording. */
    public static final Recording EMPTY = new Recording(ByteLog.Snapshot.EMPTY, ByteLog.Snapshot.EMPTY, 0, 0,
            new long[0], -1, null);

    /**
     * A recording rebuilt from its parts, as another process reports one.
     *
     * @param received the bytes kept from the client
     * @param sent the bytes kept to the client
     * @param receivedCount all bytes read from the client, kept or not
     * @param sentCount all bytes written to the client, kept or not
     * @param turns the runs of bytes in order, each continuing its direction's last one
     * @param serverFinAt how many of the client's bytes had been recorded when the server closed
     *     its output, or -1 if it did not before the client did
     * @param tls what {@link #tls()} says, or null for a plain connection
     * @return the recording
     * @throws IllegalArgumentException if the turns do not cover the bytes of each direction
     *     exactly, in order, or a count is below the bytes kept
     */
    public static Recording of(byte[] received, byte[] sent, long receivedCount, long sentCount, List<Turn> turns,
            long serverFinAt, String tls) {
        if (receivedCount < received.length || sentCount < sent.length) {
            throw new IllegalArgumentException("the counts " + receivedCount + " and " + sentCount
                    + " are below the bytes kept, " + received.length + " and " + sent.length);
        }
        long[] packed = new long[turns.size()];
        int[] next = new int[2];
        for (int i = 0; i < packed.length; i++) {
            Turn turn = turns.get(i);
            int side = turn.direction() == Recorder.Direction.SERVER ? 1 : 0;
            if (turn.start() != next[side] || turn.end() < turn.start()) {
                throw new IllegalArgumentException("turn " + i + " " + turn + " does not continue at " + next[side]);
            }
            next[side] = turn.end();
            packed[i] = (long) side << 62 | turn.end();
        }
        if (next[0] != received.length || next[1] != sent.length) {
            throw new IllegalArgumentException("the turns cover " + next[0] + " and " + next[1] + " bytes, not "
                    + received.length + " and " + sent.length);
        }
        return new Recording(ByteLog.Snapshot.of(received.clone()), ByteLog.Snapshot.of(sent.clone()), receivedCount,
                sentCount, packed, serverFinAt, tls);
    }

    /**
     * What the bytes travelled through: the TLS protocol and cipher suite, and for an upgrade
     * where it happened.
     *
     * @return such as {@code TLSv1.3 TLS_AES_256_GCM_SHA384}, or null for a plain connection
     */
    public String tls() {
        return tls;
    }

    /**
     * A fresh copy of the bytes kept from the client.
     *
     * @return the received bytes
     */
    public byte[] received() {
        return received.bytes().clone();
    }

    /**
     * A fresh copy of the bytes kept to the client.
     *
     * @return the sent bytes
     */
    public byte[] sent() {
        return sent.bytes().clone();
    }

    byte[] receivedUnsafe() {
        return received.bytes();
    }

    byte[] sentUnsafe() {
        return sent.bytes();
    }

    /**
     * All bytes read from the client, kept or not.
     *
     * @return the count
     */
    public long receivedCount() {
        return receivedCount;
    }

    /**
     * All bytes written to the client, kept or not.
     *
     * @return the count
     */
    public long sentCount() {
        return sentCount;
    }

    /**
     * Whether bytes went past the limit in either direction.
     *
     * @return true if a count exceeds what was kept
     */
    public boolean isTruncated() {
        return receivedCount > received.length() || sentCount > sent.length();
    }

    /**
     * Where the server closed its output (FIN) before the client closed its own.
     *
     * @return how many of the client's bytes had been recorded then, or -1 if the server did not
     */
    public long serverFinAt() {
        return serverFinAt;
    }

    /**
     * The runs of bytes in the order they happened.
     *
     * @return the turns
     */
    public List<Turn> turns() {
        List<Turn> list = new ArrayList<>(turns.length);
        int receivedStart = 0;
        int sentStart = 0;
        for (long packed : turns) {
            int end = (int) (packed & 0xFFFFFFFFL);
            if (packed >>> 62 == 1) {
                list.add(new Turn(Recorder.Direction.SERVER, sentStart, end));
                sentStart = end;
            } else {
                list.add(new Turn(Recorder.Direction.CLIENT, receivedStart, end));
                receivedStart = end;
            }
        }
        return Collections.unmodifiableList(list);
    }
}
