package dev.tcptest.internal;

import java.io.IOException;
import java.net.Socket;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * How a server speaks TLS: from the first byte of every connection or only on an upgrade, whether
 * clients must present a certificate, and the context that presents the server's certificates,
 * made once per server. A server that only upgrades makes its context at the first upgrade, so a
 * plain server never pays for certificates it does not use.
 */
public final class ServerTls {

    private final boolean implicit;
    private final boolean needClientAuth;
    private final Supplier<SSLContext> source;
    private SSLContext context;

    /**
     * TLS settings of one server.
     *
     * @param implicit whether every connection speaks TLS from its first byte
     * @param needClientAuth whether a client must present a certificate the context trusts
     * @param source makes the server's context; called once, at once when {@code implicit}
     */
    public ServerTls(boolean implicit, boolean needClientAuth, Supplier<SSLContext> source) {
        this.implicit = implicit;
        this.needClientAuth = needClientAuth;
        this.source = source;
        if (implicit) {
            context();
        }
    }

    /** {@return whether every connection speaks TLS from its first byte} */
    public boolean implicit() {
        return implicit;
    }

    private synchronized SSLContext context() {
        if (context == null) {
            context = source.get();
        }
        return context;
    }

    /**
     * TLS in server mode over a connected socket, not yet shaken hands; closing it closes the socket.
     *
     * @param socket the accepted socket, in blocking mode
     * @return the TLS socket
     * @throws IOException if the socket fails
     */
    SSLSocket layer(Socket socket) throws IOException {
        String peer = socket.getInetAddress().getHostAddress();
        SSLSocket layered = (SSLSocket) context().getSocketFactory().createSocket(socket, peer, socket.getPort(), true);
        layered.setUseClientMode(false);
        if (needClientAuth) {
            layered.setNeedClientAuth(true);
        }
        return layered;
    }
}
