package dev.tcptest;

import static dev.tcptest.Clients.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A plain connection upgraded to TLS in place, from a handler and from a chat script. */
class StartTlsTest {

    /** SMTP's STARTTLS as a script: plain EHLO, the upgrade, then EHLO again over TLS. */
    static final String SMTP = """
            send "220 localhost ESMTP\\r\\n"
            expect line "EHLO *"
            send "250-localhost\\r\\n250 STARTTLS\\r\\n"
            expect line "STARTTLS"
            send "220 ready to start TLS\\r\\n"
            starttls
            expect line "EHLO *"
            send "250 localhost\\r\\n"
            expect line "QUIT"
            send "221 bye\\r\\n"
            close
            """;

    /** The same conversation with the upgrade as a rule's action. */
    static final String SMTP_RULES = """
            send "220 localhost ESMTP\\r\\n"
            on line "EHLO *" send "250-localhost\\r\\n250 STARTTLS\\r\\n"
            on line "STARTTLS" send "220 ready to start TLS\\r\\n" starttls
            on line "QUIT" send "221 bye\\r\\n" close
            """;

    /** Reads a line and answers it, until asked for TLS; then the same over TLS, until QUIT. */
    private static final AcceptHandler HANDLER = connection -> {
        answerUntil(connection, "STARTTLS");
        connection.startTls();
        answerUntil(connection, "QUIT");
    };

    private static void answerUntil(Connection connection, String last) throws IOException {
        // Fetched on every call: after startTls() the connection's streams are TLS's.
        InputStream in = connection.input();
        OutputStream out = connection.output();
        StringBuilder line = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0) {
            if (b != '\n') {
                line.append((char) b);
                continue;
            }
            out.write(("250 " + line.toString().trim() + "\r\n").getBytes(StandardCharsets.US_ASCII));
            if (line.toString().trim().equals(last)) {
                return;
            }
            line.setLength(0);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
    void aHandlerUpgradesTheConnectionAndTheRecordingGoesOnInPlaintext(String protocol) throws Exception {
        try (TcpServer server = TcpServer.builder().handler(HANDLER).start();
                Socket plain = Clients.connect(server)) {
            Clients.send(plain, "EHLO client\r\n");
            assertEquals("250 EHLO client\r\n", TlsClients.readLine(plain));
            Clients.send(plain, "STARTTLS\r\n");
            assertEquals("250 STARTTLS\r\n", TlsClients.readLine(plain));
            try (SSLSocket tls = TlsClients.layer(plain, server.certificates().clientContext(), server, protocol)) {
                Clients.send(tls, "EHLO again\r\nQUIT\r\n");
                assertEquals("250 EHLO again\r\n", TlsClients.readLine(tls));
                assertEquals("250 QUIT\r\n", TlsClients.readLine(tls));
                assertEquals(-1, tls.getInputStream().read(), "the server's close_notify");
                assertEquals(protocol, tls.getSession().getProtocol());
            }
            RecordedConnection seen = server.takeConnection(WAIT);
            assertEquals("EHLO client\r\nSTARTTLS\r\nEHLO again\r\nQUIT\r\n", seen.receivedText());
            assertEquals("250 EHLO client\r\n250 STARTTLS\r\n250 EHLO again\r\n250 QUIT\r\n", seen.sentText());
            assertEquals(CloseReason.CLOSED, seen.closeReason());
            String header = seen.transcript().lines().findFirst().orElseThrow();
            assertTrue(header.contains(", TLS " + protocol + " ") && header.endsWith(", upgraded after 23 bytes in and 31 out"),
                    header);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {SMTP, SMTP_RULES})
    void aScriptUpgradesWithStarttlsAsACommandOrAsARuleAction(String script) throws Exception {
        try (TcpServer server = TcpServer.builder().handler(Script.parse("smtp.chat", script)).start();
                Socket plain = Clients.connect(server)) {
            assertEquals("220 localhost ESMTP\r\n", TlsClients.readLine(plain));
            Clients.send(plain, "EHLO client\r\n");
            assertEquals("250-localhost\r\n", TlsClients.readLine(plain));
            assertEquals("250 STARTTLS\r\n", TlsClients.readLine(plain));
            Clients.send(plain, "STARTTLS\r\n");
            assertEquals("220 ready to start TLS\r\n", TlsClients.readLine(plain));
            try (SSLSocket tls = TlsClients.layer(plain, server.certificates().clientContext(), server, "TLSv1.3")) {
                Clients.send(tls, "EHLO client\r\n");
                assertTrue(TlsClients.readLine(tls).startsWith("250"));
                if (script.equals(SMTP_RULES)) {
                    assertEquals("250 STARTTLS\r\n", TlsClients.readLine(tls));
                }
                Clients.send(tls, "QUIT\r\n");
                assertEquals("221 bye\r\n", TlsClients.readLine(tls));
            }
            RecordedConnection seen = server.takeConnection(WAIT);
            assertNull(seen.error(), seen.transcript());
            assertEquals("EHLO client\r\nSTARTTLS\r\nEHLO client\r\nQUIT\r\n", seen.receivedText());
            assertTrue(seen.transcript().lines().findFirst().orElseThrow().contains(", TLS TLSv1.3 "), seen.transcript());
        }
    }

    @Test
    void bytesSentBeforeTheHandshakeFailTheScriptAndNeverReachTls() throws Exception {
        try (TcpServer server = TcpServer.builder().handler(Script.parse("smtp.chat", SMTP)).start();
                Socket plain = Clients.connect(server)) {
            assertEquals("220 localhost ESMTP\r\n", TlsClients.readLine(plain));
            Clients.send(plain, "EHLO client\r\n");
            TlsClients.readLine(plain);
            TlsClients.readLine(plain);
            // A client that pipelines a command behind STARTTLS, as in the STARTTLS command injection.
            Clients.send(plain, "STARTTLS\r\nRSET\r\n");
            assertEquals("220 ready to start TLS\r\n", TlsClients.readLine(plain));
            RecordedConnection seen = server.takeConnection(WAIT);
            assertEquals(CloseReason.HANDLER_ERROR, seen.closeReason());
            assertTrue(seen.error().getMessage().contains("smtp.chat:6: the client sent \"RSET\\r\\n\" before the TLS"
                    + " handshake"), seen.error().getMessage());
            assertNull(seen.transcript().lines().findFirst().filter(header -> header.contains("TLS")).orElse(null));
        }
    }

    @Test
    void aFailedUpgradeIsRecordedAsAFailedHandshakeNotAHandlerError() throws Exception {
        try (TcpServer server = TcpServer.builder().handler(Script.parse("smtp.chat", SMTP)).start();
                Socket plain = Clients.connect(server)) {
            TlsClients.readLine(plain);
            Clients.send(plain, "EHLO client\r\n");
            TlsClients.readLine(plain);
            TlsClients.readLine(plain);
            Clients.send(plain, "STARTTLS\r\n");
            assertEquals("220 ready to start TLS\r\n", TlsClients.readLine(plain));
            Clients.send(plain, "EHLO still plain\r\n");
            RecordedConnection seen = server.takeConnection(WAIT);
            assertEquals(CloseReason.TLS_HANDSHAKE_FAILED, seen.closeReason(), seen.transcript());
            assertInstanceOf(SSLException.class, seen.error());
            assertFalse(seen.isHandlerError());
            assertEquals("EHLO client\r\nSTARTTLS\r\n", seen.receivedText(), "the handshake's bytes are not recorded");
            assertEquals(0, server.handlerErrorCount());
        }
    }

    @Test
    void aSecondUpgradeIsTheHandlersMistake() throws Exception {
        AcceptHandler twice = connection -> {
            connection.output().write("go\n".getBytes(StandardCharsets.US_ASCII));
            connection.startTls();
            connection.startTls();
        };
        try (TcpServer server = TcpServer.builder().handler(twice).start();
                Socket plain = Clients.connect(server)) {
            assertEquals("go\n", TlsClients.readLine(plain));
            try (SSLSocket tls = TlsClients.layer(plain, server.certificates().clientContext(), server, "TLSv1.3")) {
                tls.startHandshake();
                RecordedConnection seen = server.takeConnection(WAIT);
                assertEquals(CloseReason.HANDLER_ERROR, seen.closeReason());
                IllegalStateException error = assertInstanceOf(IllegalStateException.class, seen.error());
                assertTrue(error.getMessage().contains("speaks TLS already"), error.getMessage());
            }
        }
    }

    @Test
    void anUpgradePresentsTheBuildersCertificates() throws Exception {
        Certificates own = Certificates.forHosts("127.0.0.1");
        try (TcpServer server = TcpServer.builder().certificates(own).handler(HANDLER).start();
                Socket plain = Clients.connect(server)) {
            Clients.send(plain, "STARTTLS\n");
            TlsClients.readLine(plain);
            try (SSLSocket tls = TlsClients.layer(plain, own.clientContext(), server, "TLSv1.3")) {
                tls.startHandshake();
                assertEquals(own.certificatePem(), TlsClients.peerPem(tls));
            }
        }
    }
}
