package dev.tcptest;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/** TLS clients for the runtime's tests: the JDK's own sockets, checking the host name as HTTPS does. */
final class TlsClients {

    private TlsClients() {
    }

    /** A client of a TLS server, connected but not yet shaken hands; every read has a timeout. */
    static SSLSocket connect(TcpServer server, SSLContext context, String protocol) throws IOException {
        return layer(Clients.connect(server), context, server, protocol);
    }

    /** TLS over a connected plain socket, as a client does after STARTTLS; closing it closes both. */
    static SSLSocket layer(Socket plain, SSLContext context, TcpServer server, String protocol) throws IOException {
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(plain, server.host(), server.port(), true);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        parameters.setProtocols(new String[] {protocol});
        socket.setSSLParameters(parameters);
        return socket;
    }

    /** One line including its LF, as {@link TestClient#readLine(InputStream)} reads it. */
    static String readLine(Socket socket) throws IOException {
        return TestClient.readLine(socket.getInputStream());
    }

    /** The leaf certificate the server presented, in PEM as {@link Certificates#certificatePem()} writes it. */
    static String peerPem(SSLSocket socket) throws IOException, GeneralSecurityException {
        byte[] der = socket.getSession().getPeerCertificates()[0].getEncoded();
        return "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END CERTIFICATE-----\n";
    }

    /** Exactly {@code n} bytes as text, or fewer if the stream ends. */
    static String read(Socket socket, int n) throws IOException {
        return new String(socket.getInputStream().readNBytes(n), StandardCharsets.UTF_8);
    }
}
