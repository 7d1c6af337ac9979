package dev.tcptest.internal;

import dev.tcptest.CloseReason;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A run's stop, in the shape of an executor's: stop accepting (done before this runs), ask each
 * handler to end (its input ends, or an abort resets it), wait, then force (close the sockets,
 * interrupt the threads), wait a last tenth of the timeout, and give up on what is left.
 */
final class Shutdown {

    private static final System.Logger LOG = System.getLogger("dev.tcptest");

    private final Engine engine;
    private final Run run;
    private final List<ServerConnection> open;
    private final boolean abort;
    // A handler that stops its own server: nothing waits for its connection.
    private final ServerConnection caller = ServerConnection.current();

    Shutdown(Engine engine, Run run, List<ServerConnection> open, boolean abort) {
        this.engine = engine;
        this.run = run;
        this.open = open;
        this.abort = abort;
    }

    void run() {
        long timeout = engine.shutdownNanos();
        long deadline = System.nanoTime() + timeout;
        run.joinAcceptor();
        CloseReason why = abort ? CloseReason.SERVER_ABORTED : CloseReason.SERVER_STOPPED;
        for (ServerConnection connection : open) {
            if (abort) {
                connection.reset(why);
            } else {
                connection.stopInput(why);
            }
        }
        List<ServerConnection> waiting;
        engine.lock().lock();
        try {
            waiting = run.takeWaiting();
        } finally {
            engine.lock().unlock();
        }
        for (ServerConnection connection : waiting) {
            run.serve(connection);
        }
        if (!awaitClosed(deadline - timeout / 10)) {
            for (ServerConnection connection : stillOpen()) {
                connection.forceClose(why);
            }
            if (!awaitClosed(deadline)) {
                abandon();
            }
        }
        run.release(caller != null);
    }

    private List<ServerConnection> stillOpen() {
        engine.lock().lock();
        try {
            List<ServerConnection> left = new ArrayList<>();
            for (ServerConnection connection : open) {
                if (connection != caller && run.isOpen(connection)) {
                    left.add(connection);
                }
            }
            return left;
        } finally {
            engine.lock().unlock();
        }
    }

    // Waits through interrupts, which it keeps: a stop in a finally block still stops.
    private boolean awaitClosed(long deadlineNanos) {
        boolean interrupted = false;
        engine.lock().lock();
        try {
            while (run.openCount() > (caller != null && run.isOpen(caller) ? 1 : 0)) {
                long left = deadlineNanos - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    engine.connectionClosed().awaitNanos(left);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            return true;
        } finally {
            engine.lock().unlock();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void abandon() {
        List<ServerConnection> left = stillOpen();
        List<String> names = new ArrayList<>();
        for (ServerConnection connection : left) {
            engine.finish(connection);
            Thread serving = connection.thread();
            names.add("#" + connection.id() + (serving == null ? "" : " on thread " + serving.getName()));
        }
        engine.lock().lock();
        try {
            for (ServerConnection connection : left) {
                run.forget(connection);
            }
        } finally {
            engine.lock().unlock();
        }
        if (!left.isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "tcptest server '" + engine.config().name() + "': " + left.size()
                    + " handler(s) still running after the shutdown timeout of "
                    + engine.config().shutdownTimeout().toMillis() + " ms, although their sockets were closed and"
                    + " their threads interrupted: " + String.join(", ", names) + ". Their connections are recorded"
                    + " as stopped. Make the handler return when its connection's input ends or its thread is"
                    + " interrupted, or raise shutdownTimeout.");
        }
    }
}
