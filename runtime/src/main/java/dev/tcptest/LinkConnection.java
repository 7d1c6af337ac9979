package dev.tcptest;

import dev.tcptest.internal.Lifetime;
import dev.tcptest.internal.Link;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;

/** A connection whose streams and endings go through an engine {@link Link}, such as fault layers. */
final class LinkConnection implements Connection, Lifetime {

    private final Connection origin;
    private final Link link;

    LinkConnection(Connection origin, Link link) {
        this.origin = origin;
        this.link = link;
    }

    Link link() {
        return link;
    }

    @Override
    public long id() {
        return origin.id();
    }

    @Override
    public InputStream input() {
        return link.input();
    }

    @Override
    public OutputStream output() {
        return link.output();
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return origin.remoteAddress();
    }

    @Override
    public InetSocketAddress localAddress() {
        return origin.localAddress();
    }

    @Override
    public void shutdownOutput() throws IOException {
        link.shutdownOutput();
    }

    @Override
    public void close() throws IOException {
        link.close();
    }

    @Override
    public void reset() throws IOException {
        link.reset();
    }

    @Override
    public void awaitEnd() throws InterruptedException {
        link.awaitEnd();
    }

    @Override
    public boolean awaitEnd(long millis) throws InterruptedException {
        return link.awaitEnd(millis);
    }

    @Override
    public String toString() {
        return origin + " (with faults)";
    }
}
