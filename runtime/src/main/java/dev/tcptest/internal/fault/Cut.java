package dev.tcptest.internal.fault;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Whether one of a connection's faults ended it on purpose (closed it after a limit, reset it),
 * shared by all its faults. Once cut, reads see end of stream, writes are dropped, and every
 * fault's delay ends as soon as the close or reset is done: what is left to deliver would only be
 * waited for and thrown away.
 */
final class Cut {

    private volatile boolean done;
    private final CountDownLatch released = new CountDownLatch(1);

    /** @return whether a fault has ended the connection */
    boolean done() {
        return done;
    }

    /**
     * Ends the connection on purpose: marks it cut, so that the errors the ending causes on other
     * threads are expected, runs the ending, then ends every delay under way. Only then: a delay
     * ended first would let its handler return, and the server's close could beat a reset.
     *
     * @param ending the close or reset
     * @throws IOException if the ending fails
     */
    void cut(Action ending) throws IOException {
        done = true;
        try {
            ending.run();
        } finally {
            released.countDown();
        }
    }

    /**
     * Waits for a fault's close or reset that another thread has begun, so that the server's own
     * close after the handler cannot come before it.
     *
     * @throws InterruptedException if the thread is interrupted
     */
    void settle() throws InterruptedException {
        if (done) {
            released.await();
        }
    }

    /** Counts a connection that ended while a fault stalled it as ended by that fault. */
    void endedUnderStall() {
        done = true;
        released.countDown();
    }

    /** A close or reset of the connection. */
    interface Action {
        /**
         * Ends the connection.
         *
         * @throws IOException if the socket fails
         */
        void run() throws IOException;
    }

    /**
     * Waits, unless the connection is cut first.
     *
     * @param millis how long, 0 or more
     * @throws InterruptedException if the thread is interrupted
     */
    void sleep(long millis) throws InterruptedException {
        if (millis > 0) {
            released.await(millis, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Waits until a point in time, unless the connection is cut first.
     *
     * @param deadlineNanos a {@link System#nanoTime()} value
     * @throws InterruptedException if the thread is interrupted
     */
    void sleepUntil(long deadlineNanos) throws InterruptedException {
        long left = deadlineNanos - System.nanoTime();
        if (left > 0) {
            released.await(left, TimeUnit.NANOSECONDS);
        }
    }
}
