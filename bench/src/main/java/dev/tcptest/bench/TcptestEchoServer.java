package dev.tcptest.bench;

import dev.tcptest.Handlers;
import dev.tcptest.TcpServer;

/** tcptest's own echo handler, with the defaults a test gets (recording on) and the shared backlog. */
final class TcptestEchoServer implements EchoServer {

    static final String NAME = "tcptest";

    private TcpServer server;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int start() {
        server = TcpServer.builder().bindAddress("127.0.0.1").port(0).backlog(BACKLOG).handler(Handlers.echo()).start();
        return server.port();
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
