package dev.tcptest.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcptest.CloseReason;
import dev.tcptest.RecordedConnection;
import dev.tcptest.TcpServer;
import dev.tcptest.junit.WithTcpServer;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import java.util.Properties;
import org.eclipse.angus.mail.smtp.SMTPTransport;
import org.junit.jupiter.api.Test;

/**
 * Jakarta Mail (Angus Mail) sends the mail of {@link SmtpIT} over TLS, both ways a mail client
 * does: SMTPS, TLS from the first byte, against {@code smtp.chat}; and SMTP upgraded by
 * {@code STARTTLS} against {@code smtp-starttls.chat}, whose {@code starttls} command upgrades the
 * connection. The client trusts the server's CA through its socket factory and checks the host
 * name ({@code mail.smtp.ssl.checkserveridentity}).
 */
class SmtpTlsIT {

    private static final String MAIL = "MAIL FROM:<app@example.org>\r\nRCPT TO:<customer@example.org>\r\nDATA\r\n";

    @Test
    @WithTcpServer(tls = true, script = "smtp.chat")
    void sendsAMailOverSmtps(TcpServer server) throws Exception {
        Properties properties = tlsProperties(server);
        properties.setProperty("mail.smtp.ssl.enable", "true");   // TLS from the first byte

        assertEquals("250 2.0.0 OK queued as 4711", send(Session.getInstance(properties)));

        RecordedConnection seen = TlsRecordings.finished(server);
        TlsRecordings.assertPlayedOverTls(seen);
        assertEquals(CloseReason.CLOSED, seen.closeReason());
        String received = seen.receivedText();   // decrypted, from the client's first byte
        assertTrue(received.startsWith("EHLO client.example.org\r\n" + MAIL), received);
        assertTrue(received.endsWith("\r\n.\r\nQUIT\r\n"), received);
    }

    @Test
    @WithTcpServer(script = "smtp-starttls.chat")
    void sendsAMailOverSmtpUpgradedByStartTls(TcpServer server) throws Exception {
        Properties properties = tlsProperties(server);
        properties.setProperty("mail.smtp.starttls.enable", "true");
        properties.setProperty("mail.smtp.starttls.required", "true");   // no mail in clear text if the upgrade fails

        assertEquals("250 2.0.0 OK queued as 4711", send(Session.getInstance(properties)));

        RecordedConnection seen = TlsRecordings.finished(server);
        String header = TlsRecordings.assertPlayedOverTls(seen);
        String clear = "EHLO client.example.org\r\nSTARTTLS\r\n";
        String greeting = "220 mail.example.org ESMTP ready\r\n250-mail.example.org\r\n250 STARTTLS\r\n"
                + "220 2.0.0 Ready to start TLS\r\n";
        assertTrue(header.endsWith(", upgraded after " + clear.length() + " bytes in and " + greeting.length() + " out"),
                header);
        String received = seen.receivedText();   // the clear part and the decrypted part, in order
        assertTrue(received.startsWith(clear + "EHLO client.example.org\r\n" + MAIL), received);
        assertTrue(received.endsWith("\r\n.\r\nQUIT\r\n"), received);
    }

    /** The properties of {@link SmtpIT}, with TLS trusting the server's CA and checking its name. */
    private static Properties tlsProperties(TcpServer server) {
        Properties properties = SmtpIT.smtpProperties(server.host(), server.port());
        properties.put("mail.smtp.ssl.socketFactory", server.certificates().clientContext().getSocketFactory());
        properties.setProperty("mail.smtp.ssl.checkserveridentity", "true");
        return properties;
    }

    /** Sends the mail of {@link SmtpIT}, returning the server's answer to it. */
    private static String send(Session session) throws MessagingException {
        MimeMessage message = SmtpIT.shippingNotice(session);
        try (Transport transport = session.getTransport("smtp")) {
            transport.connect();
            transport.sendMessage(message, message.getAllRecipients());
            return ((SMTPTransport) transport).getLastServerResponse().strip();
        }
    }
}
