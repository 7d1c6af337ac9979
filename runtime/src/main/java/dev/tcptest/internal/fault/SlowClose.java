package dev.tcptest.internal.fault;

import java.io.IOException;

/**
 * {@code slow-close}: delays the FIN once, whichever comes first of the handler's
 * {@code shutdownOutput()}, its {@code close()}, or the server's close after the handler returned.
 * A reset goes out at once, also while another thread sits in the delay.
 */
final class SlowClose extends Effect {

    private final long millis;
    // Volatile so that a reset reads and sets it without the lock, which a delay holds: a
    // reset-after timer must not wait for the FIN it comes before.
    private volatile boolean done;

    SlowClose(FaultSpec spec) {
        this.millis = spec.amount();
    }

    private synchronized void delayOnce(Layer layer) throws InterruptedException {
        if (!done) {
            done = true;
            layer.cut().sleep(millis);
        }
    }

    @Override
    void beforeFin(Layer layer) throws IOException {
        try {
            delayOnce(layer);
        } catch (InterruptedException e) {
            throw Layer.interrupted(e);
        }
    }

    @Override
    void beforeReset() {
        done = true;
    }

    @Override
    void finish(Layer layer) throws InterruptedException {
        if (!layer.cut().done()) {
            delayOnce(layer);
        }
    }
}
