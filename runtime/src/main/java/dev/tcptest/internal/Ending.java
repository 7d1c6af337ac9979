package dev.tcptest.internal;

/** How a session ended; mirrors the public {@code CloseReason} constant for constant. */
public enum Ending {
    CLOSED,
    RESET,
    HANDLER_ERROR,
    READ_TIMEOUT,
    CLIENT_RESET,
    SERVER_STOPPED,
    SERVER_ABORTED
}
