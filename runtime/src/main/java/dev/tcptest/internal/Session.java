package dev.tcptest.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One accepted connection inside the engine: the socket, its recording streams, and the three
 * ways it can end (graceful close with a lingering drain, half-close, reset).
 */
public final class Session {

    /** Longest a graceful close waits for the client's FIN while discarding its unread input. */
    static final long LINGER_MILLIS = 2_000;
    /** Most bytes a graceful close discards before it gives up waiting for the client's FIN. */
    static final long LINGER_BYTES = 1024 * 1024;

    private static final ThreadLocal<Session> CURRENT = new ThreadLocal<>();

    private final long id;
    private final SocketChannel channel;
    private final int readTimeoutMillis;
    private final InetSocketAddress remoteAddress;
    private final InetSocketAddress localAddress;
    private final Recorder recorder;
    // Made by prepare() on the session's thread before its handler runs, so that a session
    // waiting for its thread holds no socket adaptor or streams.
    private Socket socket;
    private InputStream rawInput;
    private OutputStream rawOutput;
    private final InputStream input;
    private final OutputStream output;
    private final Instant acceptedAt = Instant.now();
    private final CountDownLatch ended = new CountDownLatch(1);
    private final AtomicBoolean closing = new AtomicBoolean();
    private volatile boolean outputShut;
    // Set when the server shut the input itself, so that end of stream no longer means the client's FIN.
    private volatile boolean inputShut;
    // Set when a read met the client's FIN: nothing unread can follow, so a close needs no drain.
    private volatile boolean clientFinished;
    private volatile Ending ending;
    private volatile Throwable error;
    private volatile Instant closedAt;
    private volatile SessionRecord finalRecord;
    // The handler's thread while it runs, for a stop that must interrupt it.
    private volatile Thread thread;
    // What readEarly() found before the handler had a thread; only the handler's thread reads them.
    private ByteBuffer early;
    private IOException earlyFailure;

    /**
     * A session for a connection just accepted.
     *
     * @param id its number on its server
     * @param channel the accepted socket, connected
     * @param localAddress the server's side of it, or null to ask the socket (the listener's
     *     own address is that side, unless it listens on every address)
     * @param recordingLimit the most bytes recorded per direction
     * @param readTimeoutMillis the handler's read timeout, 0 for none
     * @throws IOException if the socket is closed already
     */
    Session(long id, SocketChannel channel, InetSocketAddress localAddress, int recordingLimit, int readTimeoutMillis)
            throws IOException {
        this.id = id;
        this.channel = channel;
        this.readTimeoutMillis = readTimeoutMillis;
        this.remoteAddress = (InetSocketAddress) channel.getRemoteAddress();
        this.localAddress = localAddress != null ? localAddress : (InetSocketAddress) channel.getLocalAddress();
        this.recorder = new Recorder(recordingLimit);
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        this.input = new RecordingInputStream();
        this.output = new RecordingOutputStream();
    }

    /**
     * The session whose handler runs on this thread, or null.
     *
     * @return the current session
     */
    public static Session current() {
        return CURRENT.get();
    }

    static void current(Session session) {
        if (session == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(session);
        }
    }

    /** @return the session's number on its server */
    public long id() {
        return id;
    }

    /** @return the recording input stream */
    public InputStream input() {
        return input;
    }

    /** @return the recording, unbuffered output stream */
    public OutputStream output() {
        return output;
    }

    /** @return the client's address */
    public InetSocketAddress remoteAddress() {
        return remoteAddress;
    }

    /** @return the server's side of the connection */
    public InetSocketAddress localAddress() {
        return localAddress;
    }

    /**
     * Takes what the client has sent so far without blocking, before the handler has a thread:
     * the bytes (recorded now, as received), or the failure its first read will throw. The
     * channel must be in non-blocking mode.
     *
     * @param scratch a buffer to read into, reused between sessions
     * @return true if the handler has something to read at once (bytes, end of stream or a
     *     failure), false if nothing has arrived yet
     */
    boolean readEarly(ByteBuffer scratch) {
        scratch.clear();
        int n;
        try {
            n = channel.read(scratch);
        } catch (IOException e) {
            earlyFailure = e;
            return true;
        }
        if (n <= 0) {
            // End of stream stays for the handler's first read to meet; nothing means wait.
            return n < 0;
        }
        byte[] bytes = new byte[n];
        scratch.flip();
        scratch.get(bytes);
        recorder.received(bytes, 0, n);
        early = ByteBuffer.wrap(bytes);
        return true;
    }

    /** What {@link #listen()} found. */
    enum Heard {
        /** The client closed (FIN) or reset: the session can end. */
        LEFT,
        /** The client sent bytes, left unread: a close behind them cannot be seen. */
        BYTES,
        /** Nothing after all: the session goes on waiting. */
        NOTHING
    }

    /**
     * Looks, without taking any byte the client sent, whether the client of a session that
     * reads nothing has gone, once the selector found the channel readable. The channel must be
     * in non-blocking mode and deregistered. A client that left makes {@link #awaitEnd()} return.
     *
     * @return what it found
     */
    Heard listen() {
        try {
            if (channel.socket().getInputStream().available() > 0) {
                return Heard.BYTES;
            }
            // Nothing to read, yet readable: the client's FIN or reset, which a read takes alone.
            ByteBuffer one = ByteBuffer.allocate(1);
            int n = channel.read(one);
            if (n == 0) {
                return Heard.NOTHING;
            }
            if (n > 0) {
                // A byte that arrived after the look: it counts as read, as it was.
                recorder.received(one.array(), 0, n);
                return Heard.BYTES;
            }
            clientFinished = true;
        } catch (IOException e) {
            if (SocketErrors.isReset(e)) {
                endAs(Ending.CLIENT_RESET);
            }
        }
        ended.countDown();
        return Heard.LEFT;
    }

    /**
     * Registers the session's channel for readability again.
     *
     * @param selector the accept loop's selector
     * @throws IOException if the channel is closed
     */
    void watch(Selector selector) throws IOException {
        channel.register(selector, SelectionKey.OP_READ, this);
    }

    /**
     * Readies the socket for the handler, on the session's thread: blocking mode again for a
     * session that waited for input without a thread (its selection key must be deregistered by
     * then), the read timeout, and the streams.
     *
     * @return false if the server closed the session meanwhile (its ending says why), in which
     *     case the handler has nothing to serve
     * @throws IOException if the socket failed otherwise
     */
    boolean prepare() throws IOException {
        try {
            if (!channel.isBlocking()) {
                channel.configureBlocking(true);
            }
            socket = channel.socket();
            socket.setSoTimeout(readTimeoutMillis);
            rawInput = inputOrEnd(socket);
            rawOutput = socket.getOutputStream();
            return true;
        } catch (IOException e) {
            if (!channel.isOpen() && ending != null) {
                return false;
            }
            throw e;
        }
    }

    /** A stop before the handler ran has shut the input: the handler reads end of stream. */
    private static InputStream inputOrEnd(Socket socket) throws IOException {
        try {
            return socket.getInputStream();
        } catch (SocketException e) {
            if (socket.isInputShutdown()) {
                return InputStream.nullInputStream();
            }
            throw e;
        }
    }

    /**
     * Sends FIN after pending output; reading goes on.
     *
     * @throws IOException if the socket fails
     */
    public void shutdownOutput() throws IOException {
        if (!outputShut && channel.isOpen()) {
            outputShut = true;
            channel.shutdownOutput();
        }
    }

    /**
     * Closes gracefully: FIN after pending output, then discards unread input until the client's
     * FIN, for at most {@link #LINGER_MILLIS} and {@link #LINGER_BYTES}, so that closing with
     * unread input does not send RST and destroy the response in flight. Idempotent.
     *
     * @throws IOException never in practice; kept for the public contract
     */
    public void close() throws IOException {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        try {
            if (clientFinished) {
                // Every byte up to the client's FIN was read: closing sends FIN after pending output.
                return;
            }
            if (channel.isOpen() && !outputShut) {
                outputShut = true;
                channel.shutdownOutput();
            }
            drain();
        } catch (IOException e) {
            // The peer reset or the server forced the close: nothing left to deliver.
        } finally {
            closeQuietly();
        }
    }

    /**
     * Closes abortively: SO_LINGER 0, so the client gets RST and unsent output is dropped.
     * Idempotent; does nothing once the connection is closed, since its client had FIN then.
     */
    public void reset() {
        if (!channel.isOpen()) {
            return;
        }
        reset(Ending.RESET);
    }

    void reset(Ending why) {
        endAs(why);
        closing.set(true);
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

    /**
     * Resets a connection that a graceful stop is already ending, because an abort() came during
     * it: one the stop cut short is recorded as aborted, since its client gets RST.
     */
    void abortStopped() {
        synchronized (this) {
            if (ending == null || ending == Ending.SERVER_STOPPED) {
                ending = Ending.SERVER_ABORTED;
            }
        }
        reset(Ending.SERVER_ABORTED);
    }

    /**
     * Blocks until the session is closed, reset, or its server stops.
     *
     * @throws InterruptedException if the thread is interrupted
     */
    public void awaitEnd() throws InterruptedException {
        ended.await();
    }

    /**
     * Blocks until the session is closed, reset, or its server stops, or the time has passed.
     *
     * @param millis the longest wait
     * @return true if the session ended, false if the time passed first
     * @throws InterruptedException if the thread is interrupted
     */
    public boolean awaitEnd(long millis) throws InterruptedException {
        return ended.await(millis, TimeUnit.MILLISECONDS);
    }

    /** Wakes the handler: blocked reads see end of stream, {@link #awaitEnd()} returns. */
    void stopInput(Ending why) {
        endAs(why);
        inputShut = true;
        try {
            if (channel.isOpen()) {
                channel.shutdownInput();
            }
        } catch (IOException e) {
            // The socket is gone already: the handler sees that on its own.
        }
        // Only now: a handler woken here closes at once, and its drain must find the input shut.
        ended.countDown();
    }

    /**
     * Closes the socket at once, without a drain: blocked writes fail. The handler's thread is
     * interrupted too, for a handler that waits on something other than its socket.
     */
    void forceClose(Ending why) {
        endAs(why);
        closeQuietly();
        Thread serving = thread;
        if (serving != null) {
            serving.interrupt();
        }
    }

    /**
     * Notes the thread the handler runs on, or null once it returned.
     *
     * @param serving the thread
     */
    void servedBy(Thread serving) {
        thread = serving;
    }

    /** @return the thread the handler runs on, or null */
    Thread servingThread() {
        return thread;
    }

    /** Sets how the session ended unless something already decided it. */
    void endAs(Ending why) {
        synchronized (this) {
            if (ending == null) {
                ending = why;
            }
        }
    }

    Ending ending() {
        return ending;
    }

    void fail(Throwable cause) {
        synchronized (this) {
            if (error == null) {
                error = cause;
            }
        }
        endAs(classify(cause));
    }

    /**
     * Freezes the session into its final record: after the handler returned, or when a stop gave
     * up waiting for it. Only the first call counts.
     */
    synchronized SessionRecord finish() {
        if (finalRecord != null) {
            return finalRecord;
        }
        endAs(Ending.CLOSED);
        closedAt = Instant.now();
        finalRecord = new SessionRecord(id, remoteAddress, localAddress, recorder.snapshot(), ending, error,
                acceptedAt, closedAt);
        return finalRecord;
    }

    /**
     * The final record once finished, else a snapshot of the session so far.
     *
     * @return the record
     */
    public SessionRecord record() {
        SessionRecord done = finalRecord;
        if (done != null) {
            return done;
        }
        return new SessionRecord(id, remoteAddress, localAddress, recorder.snapshot(), null, null, acceptedAt, null);
    }

    boolean isFinished() {
        return finalRecord != null;
    }

    private static Ending classify(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof SocketTimeoutException) {
                return Ending.READ_TIMEOUT;
            }
            if (SocketErrors.clientLeft(t)) {
                return Ending.CLIENT_RESET;
            }
        }
        return Ending.HANDLER_ERROR;
    }

    private void drain() throws IOException {
        if (rawInput == null) {
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(LINGER_MILLIS);
        byte[] scratch = new byte[4096];
        long drained = 0;
        while (drained < LINGER_BYTES) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                return;
            }
            socket.setSoTimeout((int) Math.max(1, left));
            int n;
            try {
                n = rawInput.read(scratch);
            } catch (SocketTimeoutException e) {
                return;
            }
            if (n < 0) {
                return;
            }
            recorder.received(scratch, 0, n);
            drained += n;
        }
    }

    private void closeQuietly() {
        ended.countDown();
        try {
            channel.close();
        } catch (IOException e) {
            // Closing a socket that failed: nothing more to release.
        }
    }

    /** A client's reset is how the connection ended, also when the handler takes it in stride. */
    private IOException noted(IOException e) {
        if (SocketErrors.clientLeft(e)) {
            endAs(Ending.CLIENT_RESET);
        }
        return e;
    }

    private final class RecordingInputStream extends InputStream {

        @Override
        public int read() throws IOException {
            if (hasEarly()) {
                return early.get() & 0xff;
            }
            int b;
            try {
                b = rawInput.read();
            } catch (IOException e) {
                throw noted(e);
            }
            if (b >= 0) {
                recorder.received(new byte[] {(byte) b}, 0, 1);
            } else {
                ended();
            }
            return b;
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
            } else if (n < 0) {
                ended();
            }
            return n;
        }

        private void ended() {
            if (!inputShut) {
                clientFinished = true;
            }
        }

        /**
         * Whether bytes read before the handler started are still to be handed out; throws the
         * failure that read met instead. A stop drops them, as shutting the input drops unread input.
         */
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

        /** Closing the input stream stops reading; the connection stays open for writing. */
        @Override
        public void close() throws IOException {
            inputShut = true;
            if (channel.isOpen()) {
                channel.shutdownInput();
            }
        }
    }

    /**
     * Records bytes as they are handed to the socket, before the write: once written, the client
     * may answer them, and another thread may read that answer before the write returns.
     */
    private final class RecordingOutputStream extends OutputStream {

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

        /** Closing the output stream closes the connection gracefully. */
        @Override
        public void close() throws IOException {
            Session.this.close();
        }
    }
}
