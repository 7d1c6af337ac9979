package dev.tcptest.internal;

import java.net.InetSocketAddress;
import java.time.Instant;

/**
 * An immutable snapshot of one session: addresses, bytes, how and when it ended.
 *
 * @param id the session's number on its server
 * @param remoteAddress the client's address
 * @param localAddress the server's side
 * @param recording the recorded bytes
 * @param ending how it ended, null while open
 * @param error what ended it abnormally, or null
 * @param acceptedAt when it was accepted
 * @param closedAt when it ended, null while open
 */
public record SessionRecord(long id, InetSocketAddress remoteAddress, InetSocketAddress localAddress,
        Recording recording, Ending ending, Throwable error, Instant acceptedAt, Instant closedAt) {

    /**
     * A fresh copy of the received bytes.
     *
     * @return the bytes read from the client
     */
    public byte[] received() {
        return recording.received();
    }

    /**
     * A fresh copy of the sent bytes.
     *
     * @return the bytes written to the client
     */
    public byte[] sent() {
        return recording.sent();
    }

    /**
     * All bytes read from the client.
     *
     * @return the count
     */
    public long receivedCount() {
        return recording.receivedCount();
    }

    /**
     * All bytes written to the client.
     *
     * @return the count
     */
    public long sentCount() {
        return recording.sentCount();
    }

    /**
     * Whether bytes went past the recording limit.
     *
     * @return true if some were counted but not kept
     */
    public boolean isTruncated() {
        return recording.isTruncated();
    }

    /**
     * The readable transcript of this session.
     *
     * @return the transcript
     */
    public String transcript() {
        return Transcript.render(this);
    }
}
