package dev.tcptest;

/**
 * How a recorded connection ended, from the server's point of view.
 */
public enum CloseReason {
    /** The handler returned (or called {@link Connection#close()}); the server closed with FIN. */
    CLOSED,
    /** The handler called {@link Connection#reset()}; the client received RST. */
    RESET,
    /** The handler threw; the error is in {@link RecordedConnection#error()}. */
    HANDLER_ERROR,
    /** A read waited longer than the server's read timeout; the handler's error says where. */
    READ_TIMEOUT,
    /** The client reset the connection while the handler was using it. */
    CLIENT_RESET,
    /** {@link TcpServer#stop()} ended the connection while its handler was still running. */
    SERVER_STOPPED,
    /** {@link TcpServer#abort()} reset the connection. */
    SERVER_ABORTED,
    /**
     * The TLS handshake failed, at the accept of a TLS server or in {@link Connection#startTls()}:
     * {@link RecordedConnection#error()} holds the {@link javax.net.ssl.SSLException}. It is the
     * client's failure (or the certificates'), not a handler error.
     */
    TLS_HANDSHAKE_FAILED
}
