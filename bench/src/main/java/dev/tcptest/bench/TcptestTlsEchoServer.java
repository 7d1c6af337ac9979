package dev.tcptest.bench;

import dev.tcptest.Certificates;
import dev.tcptest.TcpServer;
import java.security.GeneralSecurityException;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * tcptest's echo handler over TLS from the first byte, with the JVM's throwaway certificates and
 * the defaults a test gets (recording on). Only today's runtime: the older one has no TLS.
 */
final class TcptestTlsEchoServer extends TcptestEchoServer {

    private TcptestTlsEchoServer() {
        super(NAME);
    }

    @Override
    TcpServer.Builder builder() {
        return super.builder().tls(Certificates.throwaway());
    }

    /**
     * A new, unstarted TLS echo server of the named kind, presenting the JVM's throwaway certificates.
     *
     * @param name {@code tcptest} or {@code blocking} (an {@code SSLServerSocket} with a thread per connection)
     * @return the server
     * @throws GeneralSecurityException if the JDK cannot make the hand-rolled server's context
     */
    static EchoServer named(String name) throws GeneralSecurityException {
        switch (name) {
            case TcptestEchoServer.NAME:
                return new TcptestTlsEchoServer();
            case BlockingEchoServer.NAME:
                return new BlockingEchoServer(serverContext().getServerSocketFactory());
            default:
                throw new IllegalArgumentException("no TLS echo server '" + name + "'; use tcptest or blocking");
        }
    }

    /** The server context a test writes by hand for the same certificates: their key store, no client trust. */
    private static SSLContext serverContext() throws GeneralSecurityException {
        KeyManagerFactory keys = KeyManagerFactory.getInstance("SunX509");
        keys.init(Certificates.throwaway().keyStore(), new char[0]);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        return context;
    }
}
