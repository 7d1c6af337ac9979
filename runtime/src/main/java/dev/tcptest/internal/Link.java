package dev.tcptest.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * What the script interpreter and the fault layers need of a connection: its two streams and
 * the ways it can end. The public layer adapts a connection to it, so that engine code never
 * sees a public type.
 */
public interface Link {

    /** @return bytes from the client; closing it shuts the input down, unblocking a pending read */
    InputStream input();

    /** @return bytes to the client, unbuffered */
    OutputStream output();

    /**
     * Sends FIN after pending output; reading goes on.
     *
     * @throws IOException if the socket fails
     */
    void shutdownOutput() throws IOException;

    /**
     * Closes gracefully (FIN). Idempotent.
     *
     * @throws IOException if the socket fails
     */
    void close() throws IOException;

    /**
     * Closes abortively (RST). Idempotent.
     *
     * @throws IOException if the socket fails
     */
    void reset() throws IOException;

    /**
     * Blocks until the connection has ended: closed, reset, or its server stopping.
     *
     * @throws InterruptedException if the thread is interrupted
     */
    void awaitEnd() throws InterruptedException;

    /**
     * Blocks until the connection has ended, as {@link #awaitEnd()} does, or the time has passed.
     *
     * @param millis the longest wait, 0 or more
     * @return true if the connection ended, false if the time passed first
     * @throws InterruptedException if the thread is interrupted
     */
    boolean awaitEnd(long millis) throws InterruptedException;
}
