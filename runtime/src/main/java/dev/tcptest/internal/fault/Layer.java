package dev.tcptest.internal.fault;

import dev.tcptest.internal.Link;
import dev.tcptest.internal.Threads;
import dev.tcptest.internal.Timers;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One fault between a handler and its connection: a {@link Link} over the next link towards the
 * socket. A layer overrides {@link #read} for upstream faults and {@link #write} for downstream
 * ones.
 *
 * <p>Once a fault has ended the connection on purpose (closed it after a byte limit, reset it),
 * the connection is "cut" for every layer: reads return end of stream and writes are dropped, and
 * socket errors caused by the cut are not errors. So a handler under a fault ends normally and
 * the recording shows what really crossed the wire.
 */
abstract class Layer implements Link {

    /** Whether some fault ended the connection on purpose; shared by the layers of one connection. */
    static final class Cut {
        volatile boolean done;
    }

    final Link next;
    final Cut cut;
    private final InputStream in = new In();
    private final OutputStream out = new Out();

    Layer(Link next, Cut cut) {
        this.next = next;
        this.cut = cut;
    }

    /** Called once the whole chain is built, on the connection's thread. */
    void start() throws IOException {
    }

    /** Called after the handler returned or threw, before the server closes the connection. */
    void finish() throws InterruptedException {
    }

    int read(byte[] buffer, int offset, int length) throws IOException, InterruptedException {
        return next.input().read(buffer, offset, length);
    }

    void write(byte[] buffer, int offset, int length) throws IOException, InterruptedException {
        next.output().write(buffer, offset, length);
    }

    int available() throws IOException {
        return next.input().available();
    }

    /** Called when the handler (or an expect timeout) shuts the input down through this layer. */
    void inputClosed() {
    }

    @Override
    public final InputStream input() {
        return in;
    }

    @Override
    public final OutputStream output() {
        return out;
    }

    @Override
    public void shutdownOutput() throws IOException {
        next.shutdownOutput();
    }

    @Override
    public void close() throws IOException {
        next.close();
    }

    @Override
    public void reset() throws IOException {
        next.reset();
    }

    @Override
    public void awaitEnd() throws InterruptedException {
        next.awaitEnd();
    }

    @Override
    public boolean awaitEnd(long millis) throws InterruptedException {
        return next.awaitEnd(millis);
    }

    void cutAndClose() throws IOException {
        cut.done = true;
        next.close();
    }

    void cutAndReset() throws IOException {
        cut.done = true;
        next.reset();
    }

    static void sleep(long millis) throws InterruptedException {
        if (millis > 0) {
            Thread.sleep(millis);
        }
    }

    static void sleepUntil(long deadlineNanos) throws InterruptedException {
        long left = deadlineNanos - System.nanoTime();
        if (left > 0) {
            TimeUnit.NANOSECONDS.sleep(left);
        }
    }

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
            if (length == 0) {
                return 0;
            }
            if (cut.done) {
                return -1;
            }
            try {
                int n = Layer.this.read(buffer, offset, length);
                // A read that was waiting when a fault cut the connection on another thread (a
                // proxy's relay, a reset timer) ends the stream too: nothing more is delivered.
                return n > 0 && cut.done ? -1 : n;
            } catch (IOException e) {
                if (cut.done) {
                    return -1;
                }
                throw e;
            } catch (InterruptedException e) {
                throw interrupted(e);
            }
        }

        @Override
        public int available() throws IOException {
            return cut.done ? 0 : Layer.this.available();
        }

        /** Shuts the input down, like the connection's own input stream. */
        @Override
        public void close() throws IOException {
            inputClosed();
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
            if (cut.done || length == 0) {
                return;
            }
            try {
                Layer.this.write(buffer, offset, length);
            } catch (IOException e) {
                if (!cut.done) {
                    throw e;
                }
            } catch (InterruptedException e) {
                throw interrupted(e);
            }
        }

        @Override
        public void flush() throws IOException {
            if (!cut.done) {
                next.output().flush();
            }
        }

        /** Closes the connection, like the connection's own output stream. */
        @Override
        public void close() throws IOException {
            Layer.this.close();
        }
    }

    /** Delays every write (downstream) or every read's data (upstream). */
    static final class Latency extends Layer {
        private final boolean upstream;
        private final long millis;
        private final long jitter;
        private final SplittableRandom random;

        Latency(Link next, Cut cut, FaultSpec spec, SplittableRandom random) {
            super(next, cut);
            this.upstream = spec.way() == FaultSpec.Way.UPSTREAM;
            // Capped so that the sum and the bounds below cannot overflow; either cap is forever.
            this.millis = Math.min(spec.amount(), Long.MAX_VALUE / 4);
            this.jitter = Math.min(spec.extraMillis(), Long.MAX_VALUE / 4);
            this.random = random;
        }

        private long delay() {
            return jitter == 0 ? millis : Math.max(0, millis + random.nextLong(-jitter, jitter + 1));
        }

        @Override
        int read(byte[] buffer, int offset, int length) throws IOException, InterruptedException {
            int n = super.read(buffer, offset, length);
            if (upstream && n > 0) {
                sleep(delay());
            }
            return n;
        }

        @Override
        void write(byte[] buffer, int offset, int length) throws IOException, InterruptedException {
            if (!upstream) {
                sleep(delay());
            }
            super.write(buffer, offset, length);
        }
    }

    /**
     * Paces bytes to a rate: each chunk occupies the link for {@code size / rate} seconds and is
     * delivered at the end of its slot, so N bytes take at least N / rate seconds.
     */
    static final class Bandwidth extends Layer {
        private final boolean upstream;
        private final long rate;
        private final int chunk;
        private long nextSlot = System.nanoTime();

        Bandwidth(Link next, Cut cut, FaultSpec spec) {
            super(next, cut);
            this.upstream = spec.way() == FaultSpec.Way.UPSTREAM;
            this.rate = spec.amount();
            this.chunk = (int) Math.max(1, Math.min(rate / 20, 16 * 1024));
        }

        private void pace(int bytes) throws InterruptedException {
            long due = Math.max(nextSlot, System.nanoTime()) + bytes * 1_000_000_000L / rate;
            sleepUntil(due);
            nextSlot = due;
        }

        @Override
        int read(byte[] buffer, int offset, int length) throws IOException, InterruptedException {
            if (!upstream) {
                return super.read(buffer, offset, length);
            }
            int n = super.read(buffer, offset, Math.min(length, chunk));
            if (n > 0) {
                pace(n);
            }
            return n;
        }

        @Override
        void write(byte[] buffer, int offset, int length) throws IOException, InterruptedException {
            if (upstream) {
                super.write(buffer, offset, length);
                return;
            }
            // Each chunk waits for its slot: once a fault nearer the socket has cut the connection,
            // the rest would only be waited for and dropped.
            for (int done = 0; done < length && !cut.done; ) {
                int size = Math.min(chunk, length - done);
                pace(size);
                super.write(buffer, offset + done, size);
                done += size;
            }
        }
    }

    /** Splits writes (downstream) or reads (upstream) into small chunks with a delay between them. */
    static final class Slicer extends Layer {
        private final boolean upstream;
        private final int max;
        private final long delay;
        private final byte[] pending;
        private int pendingStart;
        private int pendingEnd;

        Slicer(Link next, Cut cut, FaultSpec spec) {
            super(next, cut);
            this.upstream = spec.way() == FaultSpec.Way.UPSTREAM;
            this.max = (int) Math.min(Integer.MAX_VALUE, spec.amount());
            this.delay = spec.extraMillis();
            this.pending = upstream ? new byte[Math.min(8192, Math.max(max, 1024))] : null;
        }

        @Override
        int read(byte[] buffer, int offset, int length) throws IOException, InterruptedException {
            if (!upstream) {
                return super.read(buffer, offset, length);
            }
            if (pendingStart == pendingEnd) {
                int n = super.read(pending, 0, pending.length);
                if (n <= 0) {
                    return n;
                }
                pendingStart = 0;
                pendingEnd = n;
            } else {
                sleep(delay);
            }
            int size = Math.min(Math.min(length, max), pendingEnd - pendingStart);
            System.arraycopy(pending, pendingStart, buffer, offset, size);
            pendingStart += size;
            return size;
        }

        @Override
        int available() throws IOException {
            return upstream && pendingEnd > pendingStart ? Math.min(max, pendingEnd - pendingStart) : super.available();
        }

        @Override
        void write(byte[] buffer, int offset, int length) throws IOException, InterruptedException {
            if (upstream) {
                super.write(buffer, offset, length);
                return;
            }
            for (int done = 0; done < length && !cut.done; ) {
                if (done > 0) {
                    sleep(delay);
                }
                int size = Math.min(max, length - done);
                super.write(buffer, offset + done, size);
                super.next.output().flush();
                done += size;
            }
        }
    }

    /** Lets N bytes through in one direction, then closes gracefully (limit-data) or resets (reset-after). */
    static final class Limit extends Layer {
        private final boolean upstream;
        private final boolean reset;
        private final long limit;
        private long count;

        Limit(Link next, Cut cut, FaultSpec spec) {
            super(next, cut);
            this.upstream = spec.way() == FaultSpec.Way.UPSTREAM;
            this.reset = spec.kind() == FaultSpec.Kind.RESET_AFTER_BYTES;
            this.limit = spec.amount();
        }

        @Override
        void start() throws IOException {
            if (limit == 0) {
                trigger();
            }
        }

        private void trigger() throws IOException {
            if (reset) {
                cutAndReset();
            } else {
                cutAndClose();
            }
        }

        @Override
        int read(byte[] buffer, int offset, int length) throws IOException, InterruptedException {
            if (!upstream) {
                return super.read(buffer, offset, length);
            }
            if (count >= limit) {
                // The limit is reached: the next byte that arrives ends the connection instead of
                // being delivered; a clean end of stream passes through.
                int n = super.read(buffer, offset, 1);
                if (n > 0) {
                    trigger();
                }
                return -1;
            }
            int n = super.read(buffer, offset, (int) Math.min(length, limit - count));
            if (n > 0) {
                count += n;
            }
            return n;
        }

        @Override
        void write(byte[] buffer, int offset, int length) throws IOException, InterruptedException {
            if (upstream) {
                super.write(buffer, offset, length);
                return;
            }
            int allowed = (int) Math.min(length, limit - count);
            if (allowed > 0) {
                super.write(buffer, offset, allowed);
                count += allowed;
            }
            if (count >= limit) {
                trigger();
            }
        }
    }

    /** Forwards N bytes or for a while, then stops forwarding in one direction and keeps the socket open. */
    static final class Stall extends Layer {
        private final boolean upstream;
        private final boolean timed;
        private final long limit;
        private final long deadline;
        private final CountDownLatch wake = new CountDownLatch(1);
        private final AtomicBoolean watching = new AtomicBoolean();
        private volatile boolean ended;
        private long count;
        private boolean stalled;

        Stall(Link next, Cut cut, FaultSpec spec) {
            super(next, cut);
            this.upstream = spec.way() == FaultSpec.Way.UPSTREAM;
            this.timed = spec.kind() == FaultSpec.Kind.STALL_AFTER_TIME;
            this.limit = timed ? Long.MAX_VALUE : spec.amount();
            this.deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timed ? spec.amount() : 0);
            this.stalled = !timed && limit == 0;
        }

        /**
         * Holds until the connection ends; an upstream stall also lets go when the input is shut
         * down, so that a read timeout (such as a script's expect timeout) still fires.
         */
        void stallUntilEnd() throws InterruptedException {
            if (watching.compareAndSet(false, true)) {
                Threads.connectionThread("tcptest-stall-watch", () -> {
                    try {
                        next.awaitEnd();
                        ended = true;
                    } catch (InterruptedException e) {
                        // Only the end of the connection releases the stall.
                    } finally {
                        wake.countDown();
                    }
                }).start();
            }
            wake.await();
            if (ended) {
                cut.done = true;
            }
        }

        @Override
        void inputClosed() {
            if (upstream) {
                wake.countDown();
            }
        }

        private boolean stalled() {
            return stalled || (timed && System.nanoTime() - deadline >= 0);
        }

        @Override
        int read(byte[] buffer, int offset, int length) throws IOException, InterruptedException {
            if (!upstream) {
                return super.read(buffer, offset, length);
            }
            if (stalled()) {
                stallUntilEnd();
                return -1;
            }
            int n = super.read(buffer, offset, (int) Math.min(length, limit - count));
            if (n <= 0) {
                return n;
            }
            count += n;
            if (!timed && count >= limit) {
                stalled = true;
            } else if (stalled()) {
                // The stall began while this read waited: the data is held back for good.
                stallUntilEnd();
                return -1;
            }
            return n;
        }

        @Override
        void write(byte[] buffer, int offset, int length) throws IOException, InterruptedException {
            if (upstream) {
                super.write(buffer, offset, length);
                return;
            }
            if (stalled()) {
                stallUntilEnd();
                return;
            }
            int allowed = (int) Math.min(length, limit - count);
            super.write(buffer, offset, allowed);
            count += allowed;
            if (!timed && count >= limit) {
                stalled = true;
            }
            if (allowed < length) {
                stallUntilEnd();
            }
        }
    }

    /** Resets the connection a fixed time after it was accepted, whatever it is doing. */
    static final class ResetTimer extends Layer {
        private final long millis;
        private volatile ScheduledFuture<?> timer;

        ResetTimer(Link next, Cut cut, FaultSpec spec) {
            super(next, cut);
            this.millis = spec.amount();
        }

        @Override
        void start() throws IOException {
            if (millis == 0) {
                cutAndReset();
                return;
            }
            timer = Timers.schedule(millis, () -> {
                try {
                    cutAndReset();
                } catch (IOException | RuntimeException e) {
                    // The connection is gone already: nothing left to reset.
                }
            });
        }

        @Override
        void finish() {
            ScheduledFuture<?> scheduled = timer;
            if (scheduled != null) {
                scheduled.cancel(false);
            }
        }
    }

    /** Delays the FIN: the handler's shutdownOutput or close, or the server's close after the handler returned. */
    static final class SlowClose extends Layer {
        private final long millis;
        // Volatile so that reset() reads and sets it without the lock, which a delay holds.
        private volatile boolean done;

        SlowClose(Link next, Cut cut, FaultSpec spec) {
            super(next, cut);
            this.millis = spec.amount();
        }

        private synchronized void delayOnce() throws IOException {
            if (done) {
                return;
            }
            done = true;
            try {
                sleep(millis);
            } catch (InterruptedException e) {
                throw interrupted(e);
            }
        }

        @Override
        public void shutdownOutput() throws IOException {
            delayOnce();
            super.shutdownOutput();
        }

        @Override
        public void close() throws IOException {
            delayOnce();
            super.close();
        }

        /**
         * Resets at once, also while another thread sits in the delay: a reset-after timer must
         * not wait for the FIN it comes before (nor hold up the shared timer thread meanwhile).
         */
        @Override
        public void reset() throws IOException {
            done = true;
            super.reset();
        }

        @Override
        void finish() throws InterruptedException {
            if (cut.done) {
                return;
            }
            try {
                delayOnce();
            } catch (InterruptedIOException e) {
                throw new InterruptedException("interrupted during slow-close");
            } catch (IOException e) {
                // Not thrown by a delay.
            }
        }
    }
}
