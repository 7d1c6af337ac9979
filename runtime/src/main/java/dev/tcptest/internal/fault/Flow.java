package dev.tcptest.internal.fault;

import dev.tcptest.internal.Lifetime;
import dev.tcptest.internal.Threads;
import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One direction of a connection's bytes as a fault sees it, whichever direction the user picked:
 * the fault takes bytes in, holds them, and forwards them, waiting or ending the connection in
 * between. Downstream, bytes come from the handler's write and go on to the connection
 * ({@link WriteFlow}); upstream, they are read from the connection and go on to the handler's read
 * ({@link ReadFlow}). What differs between the two lives here and in those two classes alone.
 */
abstract class Flow {

    final Layer layer;
    private final Effect effect;
    private final CountDownLatch wake = new CountDownLatch(1);
    private final AtomicBoolean watching = new AtomicBoolean();
    private volatile boolean ended;
    /** Set once the fault stopped this direction for good: reads see end of stream, writes are dropped. */
    volatile boolean over;
    /** Counts bytes taken in and forwarded, and ends of stream met: a step must move it. */
    long moves;

    Flow(Layer layer, Effect effect) {
        this.layer = layer;
        this.effect = effect;
    }

    /** @return how many bytes the other side offers now (the rest of a write) or asks for (a read's room) */
    abstract int wanted();

    /**
     * Takes in up to {@code max} new bytes; call only when none are held. Downstream they come from
     * the write at once; upstream they are read from the connection, waiting for them.
     *
     * @param max 1 or more
     * @return how many, or -1 at the end of the stream
     * @throws IOException if reading fails
     */
    abstract int take(int max) throws IOException;

    /** @return how many bytes were taken in and not forwarded yet */
    abstract int held();

    /**
     * Forwards up to {@code n} held bytes: writes them to the connection, or hands them to the read.
     *
     * @param n how many at most
     * @return how many were forwarded
     * @throws IOException if writing fails
     */
    abstract int forward(int n) throws IOException;

    /**
     * Ends the connection at the first byte beyond those that passed. Downstream that is at once:
     * the handler's write that reached the limit is all it offered. Upstream it is the client's
     * next byte, read and not delivered, so that a client that stops at the limit (end of stream)
     * ends cleanly.
     *
     * @param reset RST if true, else FIN
     * @throws IOException if the socket fails
     */
    abstract void endBeyond(boolean reset) throws IOException;

    /** Runs one step of the fault; see {@link Effect#step(Flow)}. */
    final void step() throws IOException, InterruptedException {
        long before = moves;
        effect.step(this);
        if (moves == before && !over && !layer.cut().done()) {
            throw new IllegalStateException(effect.getClass().getSimpleName() + " neither moved a byte nor ended its direction");
        }
    }

    /**
     * Waits, unless a fault cuts the connection first.
     *
     * @param millis how long
     * @throws InterruptedException if the thread is interrupted
     */
    final void sleep(long millis) throws InterruptedException {
        layer.cut().sleep(millis);
    }

    /**
     * Waits until a point in time, unless a fault cuts the connection first.
     *
     * @param deadlineNanos a {@link System#nanoTime()} value
     * @throws InterruptedException if the thread is interrupted
     */
    final void sleepUntil(long deadlineNanos) throws InterruptedException {
        layer.cut().sleepUntil(deadlineNanos);
    }

    /**
     * Forwards nothing more in this direction, as a hung peer: waits until the connection ends,
     * then counts the connection as cut by the fault. Upstream the wait also ends when the reader
     * shuts the input down, so that a read timeout (a script's expect timeout) still fires.
     *
     * @throws InterruptedException if the thread is interrupted
     */
    final void hold() throws InterruptedException {
        if (watching.compareAndSet(false, true)) {
            Lifetime lifetime = Lifetime.of(layer.next());
            Threads.daemonThread("tcptest-stall-watch", () -> {
                try {
                    lifetime.awaitEnd();
                    ended = true;
                } catch (InterruptedException e) {
                    // Only the end of the connection releases the stall.
                } finally {
                    wake.countDown();
                }
            }).start();
        }
        wake.await();
        over = true;
        if (ended) {
            layer.cut().endedUnderStall();
        }
    }

    /** Lets a {@link #hold()} go, for a reader that shut the input down. */
    final void release() {
        wake.countDown();
    }
}
