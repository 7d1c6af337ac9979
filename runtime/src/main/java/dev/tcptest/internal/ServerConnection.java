package dev.tcptest.internal;

import dev.tcptest.AcceptHandler;
import dev.tcptest.CloseReason;
import dev.tcptest.Connection;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One accepted connection: the socket, its recording streams, and how it ended. It is what a
 * handler is given; the engine serves it on a thread of its own and hands its record out when
 * the conversation is over.
 */
public final class ServerConnection implements Connection, Lifetime {

    // How long, and how much, a graceful close reads what the client still sends, so that the
    // close stays a FIN: Linux answers a close with unread input by RST.
    static final long DRAIN_MILLIS = 2_000;
    static final long DRAIN_BYTES = 1024 * 1024;
    // A client that sends nothing for this long after the handler returned has said its piece:
    // its record is handed out, while the drain goes on without recording.
    static final int QUIET_MILLIS = 100;

    private static final ThreadLocal<ServerConnection> CURRENT = new ThreadLocal<>();

    private final long id;
    // Chosen at the accept: the server's faults then are this connection's.
    private final AcceptHandler handler;
    private final SocketChannel channel;
    private final int readTimeoutMillis;
    private final InetSocketAddress remoteAddress;
    private final InetSocketAddress localAddress;
    private final Recorder recorder;
    private final Instant acceptedAt = Instant.now();
    private final CountDownLatch ended = new CountDownLatch(1);
    private final InputStream input = new RecordingInput();
    private final OutputStream output = new RecordingOutput();
    // Made on the connection's thread by prepare(), so that a connection waiting for its thread
    // holds no socket adaptor.
    private Socket socket;
    private InputStream rawInput;
    private OutputStream rawOutput;
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
    // When the closing drain gives up: one bound for its recorded part and the rest.
    private volatile long drainDeadline;
    private volatile long drained;
    private volatile Thread thread;
    private CloseReason reason;
    private Throwable error;
    private Instant closedAt;

    ServerConnection(long id, SocketChannel channel, InetSocketAddress localAddress, int recordingLimit,
            int readTimeoutMillis, AcceptHandler handler) throws IOException {
        this.id = id;
        this.handler = handler;
        this.channel = channel;
        this.readTimeoutMillis = readTimeoutMillis;
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

    /** Readies the blocking streams on the connection's own thread; false if a stop closed it first. */
    boolean prepare() throws IOException {
        thread = Thread.currentThread();
        try {
            if (!channel.isBlocking()) {
                channel.configureBlocking(true);
            }
            socket = channel.socket();
            socket.setSoTimeout(readTimeoutMillis);
            rawInput = socket.isInputShutdown() ? InputStream.nullInputStream() : socket.getInputStream();
            rawOutput = socket.getOutputStream();
            return true;
        } catch (IOException e) {
            if (!channel.isOpen() && reason() != null) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public void shutdownOutput() throws IOException {
        if (!outputShut && channel.isOpen()) {
            outputShut = true;
            recorder.serverFinished();
            channel.shutdownOutput();
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
            closeQuietly();
            return;
        }
        try {
            shutdownOutput();
            drainDeadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DRAIN_MILLIS);
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
        if (rawInput == null) {
            return true;
        }
        long deadline = drainDeadline;
        byte[] scratch = new byte[4096];
        while (drained < DRAIN_BYTES) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                return true;
            }
            socket.setSoTimeout((int) Math.max(1, Math.min(left, quietMillis)));
            int n;
            try {
                n = rawInput.read(scratch);
            } catch (SocketTimeoutException e) {
                return left <= quietMillis;
            }
            if (n < 0) {
                return true;
            }
            if (record) {
                recorder.received(scratch, 0, n);
            }
            drained += n;
        }
        return true;
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
                n = rawInput.read(buffer, offset, length);
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
            return waiting + rawInput.available();
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
                rawOutput.write(buffer, offset, length);
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
