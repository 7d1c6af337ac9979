package dev.tcptest.internal.fault;

import dev.tcptest.Connection;
import dev.tcptest.internal.Lifetime;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * A connection seen through the faults that act on it, made by {@link FaultPlan#apply}: what a
 * handler is given, and what its caller asks afterwards whether a fault ended the connection.
 */
public final class FaultedConnection implements Connection, Lifetime {

    private final Connection base;
    private final Connection top;
    private final List<Layer> layers;
    private final Cut cut;

    FaultedConnection(Connection base, Connection top, List<Layer> layers, Cut cut) {
        this.base = base;
        this.top = top;
        this.layers = List.copyOf(layers);
        this.cut = cut;
    }

    /**
     * Whether one of the faults ended the connection on purpose (closed it after a limit, reset
     * it), so that an error the handler then met follows from the fault, not from the handler.
     *
     * @return true once cut
     */
    public boolean cut() {
        return cut.done();
    }

    /**
     * Ends the faults once the handler returned or threw: lets a fault's close or reset under way
     * complete, cancels timers, delays the FIN of a slow close.
     *
     * @throws InterruptedException if interrupted meanwhile
     */
    public void finish() throws InterruptedException {
        cut.settle();
        for (int i = layers.size() - 1; i >= 0; i--) {
            layers.get(i).finish();
        }
    }

    @Override
    public long id() {
        return top.id();
    }

    @Override
    public InputStream input() {
        return top.input();
    }

    @Override
    public OutputStream output() {
        return top.output();
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return top.remoteAddress();
    }

    @Override
    public InetSocketAddress localAddress() {
        return top.localAddress();
    }

    @Override
    public void shutdownOutput() throws IOException {
        top.shutdownOutput();
    }

    @Override
    public void close() throws IOException {
        top.close();
    }

    @Override
    public void reset() throws IOException {
        top.reset();
    }

    @Override
    public void startTls() throws IOException {
        top.startTls();
    }

    @Override
    public void awaitEnd() throws InterruptedException {
        Lifetime.of(top).awaitEnd();
    }

    @Override
    public boolean awaitEnd(long millis) throws InterruptedException {
        return Lifetime.of(top).awaitEnd(millis);
    }

    @Override
    public String toString() {
        return base + " (with faults)";
    }
}
