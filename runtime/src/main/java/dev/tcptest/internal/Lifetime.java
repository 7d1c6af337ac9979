package dev.tcptest.internal;

import dev.tcptest.Connection;

/**
 * The end of a connection, for code that waits for it without reading: a script's {@code hold},
 * a stall, a delayed close. Every connection the server hands a handler implements it, and so
 * does every decorator of one.
 */
public interface Lifetime {

    /**
     * Waits until the connection has ended: closed or reset by either side, or ended by a stop.
     *
     * @throws InterruptedException if the waiting thread is interrupted
     */
    void awaitEnd() throws InterruptedException;

    /**
     * Waits at most {@code millis} for the connection to end.
     *
     * @param millis how long to wait
     * @return whether it ended
     * @throws InterruptedException if the waiting thread is interrupted
     */
    boolean awaitEnd(long millis) throws InterruptedException;

    /**
     * The lifetime of a connection the server accepted.
     *
     * @param connection a connection the server handed a handler, or a decorator of one
     * @return its lifetime
     * @throws IllegalStateException for a connection the server did not make
     */
    static Lifetime of(Connection connection) {
        if (connection instanceof Lifetime lifetime) {
            return lifetime;
        }
        throw new IllegalStateException("this handler must serve a connection that a TcpServer accepted; "
                + connection.getClass().getName() + " is not one");
    }
}
