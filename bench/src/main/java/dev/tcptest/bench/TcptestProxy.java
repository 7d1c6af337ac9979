package dev.tcptest.bench;

import dev.tcptest.Handlers;
import dev.tcptest.TcpServer;

/**
 * tcptest's {@code Handlers.proxy} without faults, with the defaults a test gets (recording on)
 * and the shared backlog. Public, with nothing but the runtime's public API and the bench's
 * public interfaces, so that the same class can run against an older runtime ({@link Baseline}).
 */
public final class TcptestProxy implements Proxy {

    private final String name;
    private TcpServer server;

    /**
     * A proxy under the given column name.
     *
     * @param name {@code tcptest}, or {@code tcptest-before} for the older runtime
     */
    public TcptestProxy(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int start(int targetPort) {
        server = TcpServer.builder().bindAddress("127.0.0.1").port(0).backlog(EchoServer.BACKLOG)
                .handler(Handlers.proxy("127.0.0.1", targetPort)).start();
        return server.port();
    }

    @Override
    public void stop() {
        server.stop();
    }
}
