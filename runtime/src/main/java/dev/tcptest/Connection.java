package dev.tcptest;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;

/**
 * One accepted connection, as an {@link AcceptHandler} sees it: the new socket that
 * {@code accept()} returned, carrying the client's address.
 *
 * <p>Every byte read from {@link #input()} and written to {@link #output()} is recorded (up to
 * the server's recording limit) and shows up in {@link RecordedConnection}. The output stream is
 * not buffered: each {@code write} call is handed to the kernel at once, so a handler controls
 * how its bytes are split into writes. Wrap it in a {@code BufferedOutputStream} for many small
 * writes.
 *
 * <p>Methods of this interface may be called from any thread; {@link #reset()} and
 * {@link #close()} may be called while another thread is blocked reading or writing.
 */
public interface Connection {

    /**
     * The connection's number on its server, starting at 1 in accept order.
     *
     * @return the id, unique for the server's lifetime (also across restarts)
     */
    long id();

    /**
     * Bytes from the client; {@code read} returns -1 once the client has shut down its output
     * (or the server is stopping).
     *
     * @return the recording input stream of this connection
     */
    InputStream input();

    /**
     * Bytes to the client, unbuffered; closing this stream closes the connection gracefully.
     *
     * @return the recording output stream of this connection
     */
    OutputStream output();

    /**
     * The client's address: the address and port the client connected from.
     *
     * @return the remote address of the accepted socket
     */
    InetSocketAddress remoteAddress();

    /**
     * The server's side of the connection: the bound address and port.
     *
     * @return the local address of the accepted socket
     */
    InetSocketAddress localAddress();

    /**
     * Half-closes the connection: sends FIN after pending output, but keeps reading. The client
     * reads end of stream and can still send.
     *
     * @throws IOException if the socket fails
     */
    void shutdownOutput() throws IOException;

    /**
     * Closes gracefully: pending output is delivered, then FIN; unread input is drained for a
     * bounded time so that the close does not send a reset. Idempotent.
     *
     * @throws IOException if the socket fails
     */
    void close() throws IOException;

    /**
     * Closes abortively: unsent output is discarded and the client receives RST, so its next
     * read or write fails with "connection reset". Idempotent. After {@link #close()} it does
     * nothing: the client has had its FIN, and the connection stays recorded as closed.
     *
     * @throws IOException if the socket fails
     */
    void reset() throws IOException;

    /**
     * Upgrades this plain connection to TLS in place, as after SMTP's {@code STARTTLS} or
     * PostgreSQL's {@code SSLRequest}: shakes hands (within the read timeout) presenting the
     * server's {@link TcpServer#certificates()}, then {@link #input()} and {@link #output()} read
     * and write through TLS, so fetch them again. Call it once the client waits for the handshake,
     * after the answer that invites it; the handshake reads the socket itself, so bytes an earlier
     * read left in a buffer of your own stay plaintext and never reach it. A failed handshake ends
     * the connection as {@link CloseReason#TLS_HANDSHAKE_FAILED} and throws its
     * {@link javax.net.ssl.SSLException}.
     *
     * @throws IOException if the handshake fails
     * @throws IllegalStateException if the connection speaks TLS already
     */
    void startTls() throws IOException;
}
