package dev.tcptest.internal;

import dev.tcptest.AcceptHandler;
import dev.tcptest.CloseReason;
import dev.tcptest.Connection;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;

/**
 * One accepted connection: the socket, its recording streams, and how it ended. It is what a
 * handler is given; the engine serves it on a thread of its own and hands its record out when
 * the conversation is over.
 */
public final class ServerConnection implements Connection, Lifetime {

    // A client that sends nothing for this long after the handler returned has said its piece:
    // its record is handed out, while the drain goes on without recording.
    static final int QUIET_MILLIS = 100;

    private static final ThreadLocal<ServerConnection> CURRENT = new ThreadLocal<>();

    private final long id;
    // Chosen at the accept: the server's faults then are this connection's.
    private final AcceptHandler handler;
    private final SocketChannel channel;
    private final int readTimeoutMillis;
    private final ServerTls tls;
    private final InetSocketAddress remoteAddress;
    private final InetSocketAddress localAddress;
    private final Recorder recorder;
    private final Instant acceptedAt = Instant.now();
    private final CountDownLatch ended = new CountDownLatch(1);
    private final InputStream input = new RecordingInput();
    private final OutputStream output = new RecordingOutput();
    // Made on the connection's thread by prepare(), so that a connection waiting for its thread
    // holds no socket adaptor.
    private volatile Transport transport;
    // Bytes (or a failure) a look at the socket found before the handler had a thread.
    private ByteBuffer early;
    private IOException earlyFailure;
    private volatile boolean outputShut;
    // Set when the server shut the input: end of stream then no longer means the client's FIN.
    private volatile boolean inputShut;
    // Set when a read met the client's FIN: nothing can follow, so a close needs no drain.
    private volatile boolean clientFinished;
    private volatile boolean closing;
    private volatile boolean drainPending;
    private volatile Thread thread;
    private CloseReason reason;
    private Throwable error;
    private Instant closedAt;

    ServerConnection(long id, SocketChannel channel, InetSocketAddress localAddress, int recordingLimit,
            int readTimeoutMillis, AcceptHandler handler, ServerTls tls) throws IOException {
        this.id = id;
        this.handler = handler;
        this.channel = channel;
        this.readTimeoutMillis = readTimeoutMillis;
        this.tls = tls;
        this.remoteAddress = (InetSocketAddress) channel.getRemoteAddress();
        this.localAddress = localAddress != null ? localAddress : (InetSocketAddress) channel.getLocalAddress();
        this.recorder = new Recorder(recordingLimit);
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
    }

    @Override
    public long id() {
        return id;
    }

    @Override
    public InputStream input() {
        return input;
    }

    @Override
    public OutputStream output() {
        return output;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return remoteAddress;
    }

    @Override
    public InetSocketAddress localAddress() {
        return localAddress;
    }

    /** The connection the calling thread serves, or null. */
    static ServerConnection current() {
        return CURRENT.get();
    }

    static void current(ServerConnection connection) {
        CURRENT.set(connection);
    }

    boolean hasEnded() {
        return ended.getCount() == 0;
    }

    AcceptHandler handler() {
        return handler;
    }

    SocketChannel channel() {
        return channel;
    }

    public Instant acceptedAt() {
        return acceptedAt;
    }

    public Recording recording() {
        return recorder.snapshot();
    }

    /** Marks the conversation over, once (false if it was before); the reason defaults to a plain close. */
    synchronized boolean markFinished() {
        if (closedAt != null) {
            return false;
        }
        closedAt = Instant.now();
        if (reason == null) {
            reason = CloseReason.CLOSED;
        }
        return true;
    }

    public synchronized Instant closedAt() {
        return closedAt;
    }

    public synchronized CloseReason reason() {
        return reason;
    }

    public synchronized Throwable error() {
        return error;
    }

    /** Records how the connection ended; the first reason given stands. */
    synchronized void endAs(CloseReason why) {
        if (reason == null) {
            reason = why;
        }
    }

    void fail(Throwable cause) {
        synchronized (this) {
            if (error == null) {
                error = cause;
            }
        }
        endAs(Failures.reasonOf(cause));
    }

    /** An abort overrides a graceful stop under way: the client gets RST after all. */
    synchronized void abortStopped() {
        if (reason == null || reason == CloseReason.SERVER_STOPPED) {
            reason = CloseReason.SERVER_ABORTED;
        }
    }

    /** Reads without blocking, before the connection has a thread: whether the client sent bytes, FIN or RST. */
    boolean heard(ByteBuffer scratch) {
        scratch.clear();
        int n;
        try {
            n = channel.read(scratch);
        } catch (IOException e) {
            earlyFailure = e;
            return true;
        }
        if (n > 0) {
            byte[] bytes = new byte[n];
            scratch.flip().get(bytes);
            recorder.received(bytes, 0, n);
            early = ByteBuffer.wrap(bytes);
        }
        return n != 0;
    }

    /** For a handler that reads nothing: false once the client closed, or sent bytes nobody will read. */
    boolean stillSilent() {
        try {
            if (channel.socket().getInputStream().available() > 0) {
                return false;
            }
            ByteBuffer one = ByteBuffer.allocate(1);
            int n = channel.read(one);
            if (n > 0) {
                recorder.received(one.array(), 0, n);
            } else if (n < 0) {
                clientFinished = true;
                ended.countDown();
            }
            return n == 0;
        } catch (IOException e) {
            if (SocketErrors.isReset(e)) {
                endAs(CloseReason.CLIENT_RESET);
            }
            ended.countDown();
            return false;
        }
    }

    /**
     * Readies the blocking streams on the connection's own thread, and on a TLS server shakes
     * hands; false if a stop closed the connection first.
     */
    boolean prepare() throws IOException {
        thread = Thread.currentThread();
        try {
            transport = new Transport(channel, readTimeoutMillis);
        } catch (IOException e) {
            if (!channel.isOpen() && reason() != null) {
                return false;
            }
            throw e;
        }
        if (tls.implicit()) {
            handshake(false);
        }
        return true;
    }

    @Override
    public void startTls() throws IOException {
        if (transport.isTls()) {
            throw new IllegalStateException("connection #" + id + " speaks TLS already: call startTls() once, on a"
                    + " plain connection");
        }
        // Bytes a look at the socket found before the handler ran stay plaintext: none is handed to TLS.
        early = null;
        handshake(true);
    }

    private void handshake(boolean upgrade) throws IOException {
        String at = upgrade ? ", upgraded after " + recorder.receivedCount() + " bytes in and " + recorder.sentCount()
                + " out" : "";
        try {
            recorder.tls(transport.startTls(tls) + at);
        } catch (SSLException e) {
            // A stop that ended the connection first stays its reason.
            synchronized (this) {
                if (reason == null) {
                    reason = CloseReason.TLS_HANDSHAKE_FAILED;
                    error = e;
                }
            }
            // Nothing more can be said over a failed handshake, and no byte of it may reach the recording.
            closeQuietly();
            throw e;
        }
    }

    @Override
    public void shutdownOutput() throws IOException {
        Transport streams = transport;
        if (!outputShut && streams != null && channel.isOpen()) {
            outputShut = true;
            recorder.serverFinished();
            streams.shutdownOutput();
        }
    }

    /**
     * Closes gracefully: FIN after the pending output, then what the client still sends is read
     * and recorded until it closes or goes quiet. The rest of the drain, which keeps the close a
     * FIN for a client that stays open, is {@link #finishClose()}'s, after the handler returned.
     */
    @Override
    public void close() throws IOException {
        if (closing) {
            return;
        }
        closing = true;
        if (clientFinished || !channel.isOpen()) {
            try {
                // With TLS, the close_notify that the client's TLS stack may insist on before the FIN.
                shutdownOutput();
            } catch (IOException e) {
                // The peer is gone: the close below is all there is left to do.
            }
            closeQuietly();
            return;
        }
        try {
            shutdownOutput();
            if (drain(QUIET_MILLIS, true)) {
                closeQuietly();
            } else {
                drainPending = true;
            }
        } catch (IOException e) {
            // The peer reset, or a stop forced the close: nothing left to deliver.
            closeQuietly();
        }
    }

    @Override
    public void reset() {
        // After a graceful close the client has its FIN: a reset changes nothing it saw.
        if (!closing && channel.isOpen()) {
            reset(CloseReason.RESET);
        }
    }

    void reset(CloseReason why) {
        endAs(why);
        closing = true;
        try {
            if (channel.isOpen()) {
                channel.setOption(StandardSocketOptions.SO_LINGER, 0);
            }
        } catch (IOException e) {
            // Already closed: nothing to reset.
        } finally {
            closeQuietly();
        }
    }

    /** The rest of a graceful close, if the client stayed open: drain without recording, then close. */
    void finishClose() {
        if (!drainPending) {
            return;
        }
        drainPending = false;
        try {
            drain(Long.MAX_VALUE, false);
        } catch (IOException e) {
            // The peer reset, or a stop forced the close.
        } finally {
            closeQuietly();
        }
    }

    /** Ends the input for a graceful stop: a handler blocked in a read sees end of stream. */
    void stopInput(CloseReason why) {
        endAs(why);
        inputShut = true;
        try {
            if (channel.isOpen()) {
                channel.shutdownInput();
            }
        } catch (IOException e) {
            // The socket is gone already: the handler sees that on its own.
        }
        ended.countDown();
    }

    /** Closes the socket and interrupts the handler: a stop's last resort. */
    void forceClose(CloseReason why) {
        endAs(why);
        closeQuietly();
        Thread serving = thread;
        if (serving != null) {
            serving.interrupt();
        }
    }

    Thread thread() {
        return thread;
    }

    void released() {
        thread = null;
    }

    @Override
    public void awaitEnd() throws InterruptedException {
        ended.await();
    }

    @Override
    public boolean awaitEnd(long millis) throws InterruptedException {
        return ended.await(millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public String toString() {
        return "Connection#" + id + " from " + Addresses.format(remoteAddress);
    }

    /** Reads what the client still sends, within the drain's bounds: false if it was quiet for quietMillis. */
    private boolean drain(long quietMillis, boolean record) throws IOException {
        Transport streams = transport;
        return streams == null || streams.drain(quietMillis, record ? recorder : null);
    }

    private void closeQuietly() {
        ended.countDown();
        try {
            channel.close();
        } catch (IOException e) {
            // Closing a socket that failed: nothing more to release.
        }
    }

    private IOException noted(IOException e) {
        if (SocketErrors.clientLeft(e)) {
            endAs(CloseReason.CLIENT_RESET);
        }
        return e;
    }

    private final class RecordingInput extends InputStream {

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (length > 0 && hasEarly()) {
                int n = Math.min(length, early.remaining());
                early.get(buffer, offset, n);
                return n;
            }
            int n;
            try {
                n = transport.input().read(buffer, offset, length);
            } catch (IOException e) {
                throw noted(e);
            }
            if (n > 0) {
                recorder.received(buffer, offset, n);
            } else if (n < 0 && !inputShut) {
                clientFinished = true;
                recorder.clientFinished();
            }
            return n;
        }

        private boolean hasEarly() throws IOException {
            if (earlyFailure != null) {
                IOException failure = earlyFailure;
                earlyFailure = null;
                throw noted(failure);
            }
            if (early != null && (inputShut || !early.hasRemaining())) {
                early = null;
            }
            return early != null;
        }

        @Override
        public int available() throws IOException {
            int waiting = early != null && !inputShut ? early.remaining() : 0;
            return waiting + transport.input().available();
        }

        @Override
        public void close() throws IOException {
            inputShut = true;
            if (channel.isOpen()) {
                channel.shutdownInput();
            }
        }
    }

    private final class RecordingOutput extends OutputStream {

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] buffer, int offset, int length) throws IOException {
            recorder.sent(buffer, offset, length);
            try {
                transport.output().write(buffer, offset, length);
            } catch (IOException e) {
                throw noted(e);
            }
        }

        @Override
        public void close() throws IOException {
            ServerConnection.this.close();
        }
    }
}
