package dev.tcptest.bench;

import dev.tcptest.Handlers;
import dev.tcptest.TcpServer;

/**
 * tcptest's own echo handler, with the defaults a test gets (recording on) and the shared backlog.
 * Public, with nothing but the runtime's public API and the bench's public interfaces, so that the
 * same class can run against an older runtime ({@link Baseline}).
 */
public class TcptestEchoServer implements EchoServer {

    static final String NAME = "tcptest";

    private final String name;
    private TcpServer server;

    /**
     * A server under the given column name.
     *
     * @param name {@code tcptest}, or {@code tcptest-before} for the older runtime
     */
    public TcptestEchoServer(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int start() {
        server = builder().start();
        return server.port();
    }

    /** {@return the settings of the server: 127.0.0.1, an ephemeral port, the shared backlog, echo} */
    TcpServer.Builder builder() {
        return TcpServer.builder().bindAddress("127.0.0.1").port(0).backlog(BACKLOG).handler(Handlers.echo());
    }

    @Override
    public void stop() {
        server.stop();
    }

    @Override
    public long accepted() {
        return server.acceptedCount();
    }
}
