package dev.tcptest.internal.fault;

import dev.tcptest.Connection;
import dev.tcptest.Fault;
import dev.tcptest.internal.Lifetime;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * One fault over a connection: a {@link Connection} and its {@link Lifetime} over the next
 * connection towards the socket, so that layers stack, and a stack can be decorated again, with
 * no adapter. The layer applies its {@link Effect} to the direction the user picked and lets the
 * other direction through.
 *
 * <p>Once a fault has ended the connection on purpose (closed it after a byte limit, reset it),
 * the connection is {@linkplain Cut cut} for every layer: reads return end of stream, writes and
 * half-closes are dropped, and socket errors caused by the cut are not errors. So a handler under
 * a fault ends normally and the recording shows what really crossed the wire.
 */
final class Layer implements Connection, Lifetime {

    private final Connection next;
    private final Cut cut;
    private final Effect effect;
    private final ReadFlow reads;
    private final WriteFlow writes;
    private final InputStream in = new In();
    private final OutputStream out = new Out();

    /**
     * A layer of one fault.
     *
     * @param next the connection nearer the socket
     * @param cut what the connection's faults share
     * @param direction the direction the effect acts on, null for the whole connection
     * @param effect the fault, new for this connection
     */
    Layer(Connection next, Cut cut, Fault.Direction direction, Effect effect) {
        this.next = next;
        this.cut = cut;
        this.effect = effect;
        this.reads = direction == Fault.Direction.UPSTREAM ? new ReadFlow(this, effect) : null;
        this.writes = direction == Fault.Direction.DOWNSTREAM ? new WriteFlow(this, effect) : null;
    }

    Connection next() {
        return next;
    }

    Cut cut() {
        return cut;
    }

    /**
     * Ends the connection on purpose, for every layer: cuts, then closes or resets the next one.
     *
     * @param reset RST if true, else FIN
     * @throws IOException if the socket fails
     */
    void end(boolean reset) throws IOException {
        cut.cut(reset ? next::reset : next::close);
    }

    void start() throws IOException {
        effect.start(this);
    }

    void finish() throws InterruptedException {
        effect.finish(this);
    }

    @Override
    public long id() {
        return next.id();
    }

    @Override
    public InputStream input() {
        return in;
    }

    @Override
    public OutputStream output() {
        return out;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return next.remoteAddress();
    }

    @Override
    public InetSocketAddress localAddress() {
        return next.localAddress();
    }

    @Override
    public void shutdownOutput() throws IOException {
        effect.beforeFin(this);
        if (!cut.done()) {
            next.shutdownOutput();
        }
    }

    @Override
    public void close() throws IOException {
        effect.beforeFin(this);
        next.close();
    }

    @Override
    public void reset() throws IOException {
        effect.beforeReset();
        next.reset();
    }

    @Override
    public void startTls() throws IOException {
        next.startTls();
    }

    @Override
    public void awaitEnd() throws InterruptedException {
        Lifetime.of(next).awaitEnd();
    }

    @Override
    public boolean awaitEnd(long millis) throws InterruptedException {
        return Lifetime.of(next).awaitEnd(millis);
    }

    @Override
    public String toString() {
        return next + " with " + effect.getClass().getSimpleName();
    }

    /**
     * An interrupt during a fault's wait, as a stream reports it; the thread stays interrupted.
     *
     * @param e the interrupt
     * @return the exception to throw
     */
    static InterruptedIOException interrupted(InterruptedException e) {
        Thread.currentThread().interrupt();
        InterruptedIOException io = new InterruptedIOException("interrupted while a fault delayed the connection");
        io.initCause(e);
        return io;
    }

    private final class In extends InputStream {
        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n;
            do {
                n = read(one, 0, 1);
            } while (n == 0);
            return n < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            Objects.checkFromIndexSize(offset, length, buffer.length);
            if (length == 0) {
                return 0;
            }
            if (cut.done()) {
                return -1;
            }
            try {
                int n = reads != null ? reads.read(buffer, offset, length) : next.input().read(buffer, offset, length);
                // A read that was waiting when a fault cut the connection on another thread (a
                // proxy's relay, a reset timer) ends the stream too: nothing more is delivered.
                return n > 0 && cut.done() ? -1 : n;
            } catch (IOException e) {
                if (cut.done()) {
                    return -1;
                }
                throw e;
            } catch (InterruptedException e) {
                throw interrupted(e);
            }
        }

        @Override
        public int available() throws IOException {
            return cut.done() ? 0 : reads != null ? reads.available() : next.input().available();
        }

        /** Shuts the input down, like the connection's own input stream, and lets an upstream stall go. */
        @Override
        public void close() throws IOException {
            if (reads != null) {
                reads.release();
            }
            next.input().close();
        }
    }

    private final class Out extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] buffer, int offset, int length) throws IOException {
            Objects.checkFromIndexSize(offset, length, buffer.length);
            if (cut.done() || length == 0) {
                return;
            }
            try {
                if (writes != null) {
                    writes.write(buffer, offset, length);
                } else {
                    next.output().write(buffer, offset, length);
                }
            } catch (IOException e) {
                if (!cut.done()) {
                    throw e;
                }
            } catch (InterruptedException e) {
                throw interrupted(e);
            }
        }

        @Override
        public void flush() throws IOException {
            if (!cut.done()) {
                next.output().flush();
            }
        }

        /** Closes the connection, like the connection's own output stream. */
        @Override
        public void close() throws IOException {
            Layer.this.close();
        }
    }
}
