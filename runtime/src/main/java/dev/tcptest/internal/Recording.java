package dev.tcptest.internal;

import java.util.Arrays;
import java.util.List;

/**
 * An immutable copy of a connection's recorded bytes, with the order in which the two
 * directions took turns.
 */
public final class Recording {

    /** One run of bytes in one direction: {@code [start, end)} of that direction's buffer. */
    public record Turn(Recorder.Direction direction, int start, int end) {
    }

    private final byte[] received;
    private final byte[] sent;
    private final long receivedCount;
    private final long sentCount;
    private final Turn[] turns;

    Recording(byte[] received, byte[] sent, long receivedCount, long sentCount, Turn[] turns) {
        this.received = received;
        this.sent = sent;
        this.receivedCount = receivedCount;
        this.sentCount = sentCount;
        this.turns = turns;
    }

    /** An empty recording. */
    public static final Recording EMPTY = new Recording(new byte[0], new byte[0], 0, 0, new Turn[0]);

    /**
     * A fresh copy of the bytes kept from the client.
     *
     * @return the received bytes
     */
    public byte[] received() {
        return received.clone();
    }

    /**
     * A fresh copy of the bytes kept to the client.
     *
     * @return the sent bytes
     */
    public byte[] sent() {
        return sent.clone();
    }

    byte[] receivedUnsafe() {
        return received;
    }

    byte[] sentUnsafe() {
        return sent;
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
        return receivedCount > received.length || sentCount > sent.length;
    }

    /**
     * The runs of bytes in the order they happened.
     *
     * @return the turns
     */
    public List<Turn> turns() {
        return Arrays.asList(turns);
    }
}
