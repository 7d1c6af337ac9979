package dev.tcptest.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcptest.Certificates;
import dev.tcptest.TcpServer;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;

/** {@code @WithTcpServer(tls = true)}, and a script's {@code starttls} under the annotation. */
class WithTcpServerTlsTest {

    @Test
    void tlsFromTheFirstByteWithCertificatesTheInjectedServerGives() {
        TestKit.assertAllPassed(TestKit.run(Tls.class), 1);
    }

    @Subject
    @WithTcpServer(tls = true)
    static class Tls {
        @Test
        void echoesOverTls(TcpServer server) throws IOException {
            assertTrue(server.isTls());
            try (SSLSocket socket = (SSLSocket) server.certificates().clientContext().getSocketFactory()
                    .createSocket(server.host(), server.port())) {
                socket.setSoTimeout(30_000);
                socket.getOutputStream().write("hello\n".getBytes(StandardCharsets.US_ASCII));
                assertEquals("hello\n", new String(socket.getInputStream().readNBytes(6), StandardCharsets.US_ASCII));
            }
        }
    }

    @Test
    void aScriptsStarttlsPresentsTheThrowawayCertificates() {
        TestKit.assertAllPassed(TestKit.run(StartTls.class), 1);
    }

    @Subject
    @WithTcpServer(script = "junit-starttls.chat")
    static class StartTls {
        @Test
        void upgradesAndAnswersOverTls(TcpServer server) throws IOException {
            assertFalse(server.isTls());
            assertSame(Certificates.throwaway(), server.certificates());
            try (Socket plain = new Socket(server.host(), server.port())) {
                plain.setSoTimeout(30_000);
                // Read to the byte: the handshake that follows must find its bytes on the socket.
                assertEquals("220 localhost ready\r\n", read(plain, 21));
                plain.getOutputStream().write("STARTTLS\r\n".getBytes(StandardCharsets.US_ASCII));
                assertEquals("220 go ahead\r\n", read(plain, 14));
                try (SSLSocket tls = (SSLSocket) server.certificates().clientContext().getSocketFactory()
                        .createSocket(plain, server.host(), server.port(), true)) {
                    tls.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
                    assertEquals("PONG\r\n", read(tls, 6));
                }
            }
        }
    }

    private static String read(Socket socket, int n) throws IOException {
        return new String(socket.getInputStream().readNBytes(n), StandardCharsets.US_ASCII);
    }
}
