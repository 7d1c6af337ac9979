package dev.tcptest.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.Properties;
import org.eclipse.angus.mail.smtp.SMTPTransport;
import org.junit.jupiter.api.Test;

/**
 * Jakarta Mail (Angus Mail) sends a mail to the plugin's {@code smtp} server, which plays
 * {@code src/test/resources/smtp.chat}.
 *
 * <p>The client side is asserted here: the mail went out and the server's last answer is the one
 * the script sent. The server side is asserted by the script: each {@code expect} line checks what
 * Angus Mail sent (EHLO name, envelope, subject, the end of DATA, QUIT), and a mismatch is a
 * handler error that {@code stop-server} turns into a failed build.
 */
class SmtpIT {

    @Test
    void sendsAMailThroughACompleteSmtpConversation() throws Exception {
        Session session = Session.getInstance(smtpProperties(PluginServers.host("smtp"), PluginServers.port("smtp")));
        MimeMessage message = shippingNotice(session);

        try (Transport transport = session.getTransport("smtp")) {
            transport.connect();
            transport.sendMessage(message, message.getAllRecipients());

            assertEquals("250 2.0.0 OK queued as 4711", ((SMTPTransport) transport).getLastServerResponse().strip());
        }
    }

    /** The mail the SMTP scripts expect: from app@example.org to customer@example.org, with its subject. */
    static MimeMessage shippingNotice(Session session) throws MessagingException {
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress("app@example.org"));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress("customer@example.org"));
        message.setSubject("Your order has shipped");
        message.setText("Order 42 is on its way.\n");
        return message;
    }

    /** What a mail client needs to reach an SMTP server: its address, our EHLO name, timeouts. */
    static Properties smtpProperties(String host, int port) {
        Properties properties = new Properties();
        properties.setProperty("mail.smtp.host", host);
        properties.setProperty("mail.smtp.port", Integer.toString(port));
        properties.setProperty("mail.smtp.localhost", "client.example.org");
        properties.setProperty("mail.smtp.connectiontimeout", "5000");
        properties.setProperty("mail.smtp.timeout", "5000");
        return properties;
    }
}
