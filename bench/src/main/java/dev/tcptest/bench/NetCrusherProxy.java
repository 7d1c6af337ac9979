package dev.tcptest.bench;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.netcrusher.core.reactor.NioReactor;
import org.netcrusher.tcp.TcpCrusher;
import org.netcrusher.tcp.TcpCrusherBuilder;

/**
 * NetCrusher's TCP proxy ({@code TcpCrusher}): one selector thread relaying every connection over
 * non-blocking channels, with its default buffers and the bench's backlog. It binds the port it is
 * given and cannot tell an ephemeral one, so a free port is found first, and sought again should
 * another process take it in between.
 */
final class NetCrusherProxy implements Proxy {

    static final String NAME = "netcrusher";

    private static final int BIND_ATTEMPTS = 5;

    private NioReactor reactor;
    private TcpCrusher crusher;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int start(int targetPort) throws IOException {
        reactor = new NioReactor();
        for (int attempt = 1; ; attempt++) {
            int port = freePort();
            try {
                crusher = TcpCrusherBuilder.builder()
                        .withReactor(reactor)
                        .withBindAddress("127.0.0.1", port)
                        .withConnectAddress("127.0.0.1", targetPort)
                        .withBacklog(EchoServer.BACKLOG)
                        .withTcpNoDelay(true)
                        .buildAndOpen();
                return port;
            } catch (RuntimeException e) {
                if (attempt == BIND_ATTEMPTS || !causedByBind(e)) {
                    reactor.close();
                    throw e;
                }
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    private static boolean causedByBind(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof BindException) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void stop() {
        crusher.close();
        reactor.close();
    }
}
