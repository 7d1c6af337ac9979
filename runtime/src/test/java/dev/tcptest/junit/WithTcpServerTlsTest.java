package dev.tcptest.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcptest.Certificates;
import dev.tcptest.TcpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
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
                assertEquals("220 localhost ready\r\n", line(plain));
                plain.getOutputStream().write("STARTTLS\r\n".getBytes(StandardCharsets.US_ASCII));
                assertEquals("220 go ahead\r\n", line(plain));
                try (SSLSocket tls = (SSLSocket) server.certificates().clientContext().getSocketFactory()
                        .createSocket(plain, server.host(), server.port(), true)) {
                    tls.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
                    assertEquals("PONG\r\n", line(tls));
                }
            }
        }
    }

    /** One line, a byte at a time: nothing after it is taken from the socket before the handshake. */
    private static String line(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            line.write(b);
            if (b == '\n') {
                break;
            }
        }
        return line.toString(StandardCharsets.US_ASCII);
    }
}
