package dev.tcptest.internal.fault;

import java.io.IOException;

/**
 * What one fault does to one connection: one small subclass per fault. A fault with a direction
 * overrides {@link #step(Flow)}, written once for both directions: its {@link Layer} hands it the
 * direction the user picked, and {@link FaultPlan} has already decided, by the probability, that
 * it acts at all. A fault on the whole connection overrides the hooks around its ends instead.
 * An effect serves one connection and keeps that connection's state.
 */
abstract class Effect {

    /**
     * Moves the next bytes of the fault's direction: takes some in, forwards some, may wait, hold
     * the direction or end the connection in between. Called until the bytes offered are through
     * (a write) or some were forwarded (a read); each call must take, forward, or end something.
     *
     * @param flow the direction, as this fault sees it
     * @throws IOException if the connection fails
     * @throws InterruptedException if the thread is interrupted while the fault waits
     */
    void step(Flow flow) throws IOException, InterruptedException {
        if (flow.held() == 0) {
            flow.take(flow.wanted());
        }
        flow.forward(flow.held());
    }

    /**
     * Called once every fault of the connection is in place, on the connection's thread.
     *
     * @param layer this fault's layer
     * @throws IOException if a fault that acts at once fails on the socket
     */
    void start(Layer layer) throws IOException {
    }

    /**
     * Called before the FIN: the handler's {@code shutdownOutput()} or {@code close()}.
     *
     * @param layer this fault's layer
     * @throws IOException if interrupted while waiting
     */
    void beforeFin(Layer layer) throws IOException {
    }

    /** Called before a reset (RST), which must not wait. */
    void beforeReset() {
    }

    /**
     * Called once the handler returned or threw, before the server closes the connection.
     *
     * @param layer this fault's layer
     * @throws InterruptedException if the thread is interrupted while the fault waits
     */
    void finish(Layer layer) throws InterruptedException {
    }
}
