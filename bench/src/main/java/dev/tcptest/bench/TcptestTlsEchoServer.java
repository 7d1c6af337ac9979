package dev.tcptest.bench;

import dev.tcptest.Certificates;
import dev.tcptest.TcpServer;
import java.security.GeneralSecurityException;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * tcptest's echo handler over TLS from the first byte, presenting the JVM's throwaway certificate
 * (read from {@link ThrowawayKeyStore}) with the defaults a test gets (recording on). Public, with
 * nothing but public API, like {@link TcptestEchoServer}: {@code tcptest-before} runs it too.
 */
public class TcptestTlsEchoServer extends TcptestEchoServer {

    /**
     * A server under the given column name.
     *
     * @param name {@code tcptest}, or {@code tcptest-before} for the older runtime
     */
    public TcptestTlsEchoServer(String name) {
        super(name);
    }

    @Override
    TcpServer.Builder builder() {
        return super.builder().tls(Certificates.load(ThrowawayKeyStore.file(), ThrowawayKeyStore.PASSWORD));
    }

    /**
     * A new, unstarted TLS echo server of the named kind, presenting the JVM's throwaway certificates.
     *
     * @param name {@code tcptest}, {@code tcptest-before}, {@code blocking} (an {@code SSLServerSocket} with a
     *     thread per connection)
     *     or {@code netty} (an {@code SslHandler} over the JDK's {@code SSLEngine})
     * @return the server
     * @throws GeneralSecurityException if the JDK cannot make the hand-rolled server's context
     */
    static EchoServer named(String name) throws GeneralSecurityException {
        switch (name) {
            case TcptestEchoServer.NAME:
                return new TcptestTlsEchoServer(name);
            case Baseline.NAME:
                return Baseline.tlsEchoServer();
            case BlockingEchoServer.NAME:
                return new BlockingEchoServer(serverContext().getServerSocketFactory());
            case NettyEchoServer.NAME:
                return new NettyEchoServer(serverContext());
            default:
                throw new IllegalArgumentException("no TLS echo server '" + name + "'; use tcptest, tcptest-before,"
                        + " blocking or netty");
        }
    }

    /**
     * The server context a test writes by hand for the same certificates: their key store, no
     * client trust. The blocking and the Netty server each get one, so that both offer the JDK's
     * protocols and cipher suites in the JDK's order.
     */
    private static SSLContext serverContext() throws GeneralSecurityException {
        KeyManagerFactory keys = KeyManagerFactory.getInstance("SunX509");
        keys.init(Certificates.throwaway().keyStore(), new char[0]);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        return context;
    }
}
