package dev.tcptest.junit;

import java.lang.reflect.AnnotatedElement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The servers started for one extension context (a class or one test), kept in that context's
 * store so that JUnit stops them when the context ends, also after a failure.
 *
 * <p>JUnit 5.10 to 5.12 close stored values that implement {@code CloseableResource}; 5.13 and
 * later close {@code AutoCloseable} ones (and {@code CloseableResource} ones when that is turned
 * off). This value implements both, and closing it twice stops its servers once.
 */
@SuppressWarnings("deprecation") // CloseableResource is deprecated since 5.13 but the only kind 5.10 closes
final class ServerScope implements ExtensionContext.Store.CloseableResource, AutoCloseable {

    private final AnnotatedElement element;
    private final List<ManagedServer> servers = new ArrayList<>();
    private boolean annotationsStarted;
    private RuntimeException startFailure;
    private boolean closed;

    ServerScope(AnnotatedElement element) {
        this.element = element;
    }

    /** The class or method the context runs, whose annotations this scope starts. */
    AnnotatedElement element() {
        return element;
    }

    /**
     * Marks the annotations of the element as handled.
     *
     * @return true for the first caller, which is to start them
     */
    synchronized boolean claimAnnotations() {
        if (startFailure != null) {
            throw new IllegalStateException("the servers declared on " + element + " did not start: "
                    + startFailure.getMessage(), startFailure);
        }
        if (annotationsStarted) {
            return false;
        }
        annotationsStarted = true;
        return true;
    }

    /** Remembers why the declared servers failed to start, for later callers in the same context. */
    synchronized void startFailed(RuntimeException failure) {
        startFailure = failure;
    }

    /**
     * Adds a started server, or stops it at once when the scope has already been closed.
     *
     * @param server the running server
     */
    void add(ManagedServer server) {
        synchronized (this) {
            if (!closed) {
                servers.add(server);
                return;
            }
        }
        server.server().stop();
        throw new IllegalStateException("tcptest server " + server.describe() + " was started after its test context ended");
    }

    synchronized List<ManagedServer> servers() {
        return new ArrayList<>(servers);
    }

    /** Stops every server of the scope, the last started first; does nothing the second time. */
    @Override
    public void close() {
        List<ManagedServer> toStop;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            toStop = new ArrayList<>(servers);
        }
        RuntimeException failure = null;
        for (int i = toStop.size() - 1; i >= 0; i--) {
            ManagedServer managed = toStop.get(i);
            try {
                managed.server().stop();
            } catch (RuntimeException | Error e) {
                if (failure == null) {
                    failure = new IllegalStateException("tcptest server " + managed.describe() + " did not stop cleanly", e);
                } else {
                    failure.addSuppressed(e);
                }
            } finally {
                if (managed.owner() != null) {
                    managed.owner().stopped(managed.server());
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
