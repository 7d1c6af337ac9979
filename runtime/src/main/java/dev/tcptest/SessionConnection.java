package dev.tcptest;

import dev.tcptest.internal.Lifetime;
import dev.tcptest.internal.Session;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;

/** The {@link Connection} a handler sees, over the engine's session. */
final class SessionConnection implements Connection, Lifetime {

    private final Session session;

    SessionConnection(Session session) {
        this.session = session;
    }

    @Override
    public long id() {
        return session.id();
    }

    @Override
    public InputStream input() {
        return session.input();
    }

    @Override
    public OutputStream output() {
        return session.output();
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return session.remoteAddress();
    }

    @Override
    public InetSocketAddress localAddress() {
        return session.localAddress();
    }

    @Override
    public void shutdownOutput() throws IOException {
        session.shutdownOutput();
    }

    @Override
    public void close() throws IOException {
        session.close();
    }

    @Override
    public void reset() throws IOException {
        session.reset();
    }

    @Override
    public void awaitEnd() throws InterruptedException {
        session.awaitEnd();
    }

    @Override
    public boolean awaitEnd(long millis) throws InterruptedException {
        return session.awaitEnd(millis);
    }

    @Override
    public String toString() {
        return "Connection#" + id() + " from " + remoteAddress();
    }
}
