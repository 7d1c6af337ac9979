package dev.tcptest.internal;

/**
 * When an accepted session's handler gets a thread. A handler that does nothing before the
 * client's first byte needs no thread while the client is silent, so thousands of idle
 * connections cost a socket and a selection key each instead of a parked thread.
 */
public enum Launch {

    /** At once, on accept: any handler may write first. */
    AT_ONCE,

    /**
     * When the client's first byte, its FIN or its reset arrives, or the server stops: for a
     * handler whose first action is a read. Falls back to {@link #AT_ONCE} when reads have a
     * timeout, which must count from the accept.
     */
    ON_INPUT,

    /**
     * When the client closes without having sent anything, or when the server stops: for a
     * handler that reads nothing and only waits for the end of the session.
     */
    ON_STOP
}
