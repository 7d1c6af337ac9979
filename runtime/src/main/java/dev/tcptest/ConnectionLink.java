package dev.tcptest;

import dev.tcptest.internal.Link;
import dev.tcptest.internal.Lifetime;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** A {@link Connection} seen as the engine's {@link Link}. */
final class ConnectionLink implements Link {

    private final Connection connection;
    private final Lifetime session;
    private final CountDownLatch ended = new CountDownLatch(1);

    private ConnectionLink(Connection connection) {
        this.connection = connection;
        this.session = connection instanceof Lifetime lifetime ? lifetime : null;
    }

    /**
     * The link of a connection; must be called on the connection's own thread, so that
     * {@link #awaitEnd()} can follow the server's session.
     */
    static Link of(Connection connection) {
        if (connection instanceof LinkConnection decorated) {
            return decorated.link();
        }
        return new ConnectionLink(connection);
    }

    @Override
    public InputStream input() {
        return connection.input();
    }

    @Override
    public OutputStream output() {
        return connection.output();
    }

    @Override
    public void shutdownOutput() throws IOException {
        connection.shutdownOutput();
    }

    @Override
    public void close() throws IOException {
        try {
            connection.close();
        } finally {
            ended.countDown();
        }
    }

    @Override
    public void reset() throws IOException {
        try {
            connection.reset();
        } finally {
            ended.countDown();
        }
    }

    /**
     * Waits for the server's session to end (close, reset, server stop); for a connection that
     * the server did not make, waits until it is closed or reset through this link.
     */
    @Override
    public void awaitEnd() throws InterruptedException {
        if (session != null) {
            session.awaitEnd();
        } else {
            ended.await();
        }
    }

    @Override
    public boolean awaitEnd(long millis) throws InterruptedException {
        return session != null ? session.awaitEnd(millis) : ended.await(millis, TimeUnit.MILLISECONDS);
    }
}
