package dev.tcptest.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcptest.CloseReason;
import dev.tcptest.RecordedConnection;
import dev.tcptest.TcpServer;
import dev.tcptest.junit.WithTcpServer;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The SMTP conversation of {@link SmtpIT}, with the server started by the JUnit extension instead
 * of the Maven plugin: {@code @WithTcpServer} plays the same {@code smtp.chat} from the test class
 * path. The server runs in the test's JVM, so the test reads what it recorded.
 */
@WithTcpServer(script = "smtp.chat")
class SmtpExtensionIT {

    @Test
    void sendsAMailAndTheServerRecordsTheConversation(TcpServer server) throws Exception {
        Session session = Session.getInstance(SmtpIT.smtpProperties(server.host(), server.port()));
        Transport.send(SmtpIT.shippingNotice(session));

        RecordedConnection smtp = server.takeConnection(Duration.ofSeconds(5));
        assertNotNull(smtp, "no connection finished within 5 s");
        assertNull(smtp.error(), smtp::transcript);   // the script's expect lines all matched
        assertEquals(CloseReason.CLOSED, smtp.closeReason());
        String received = smtp.receivedText();
        assertTrue(received.startsWith("EHLO client.example.org\r\nMAIL FROM:<app@example.org>\r\n"
                + "RCPT TO:<customer@example.org>\r\nDATA\r\n"), received);
        assertTrue(received.contains("\r\n\r\nOrder 42 is on its way.\r\n.\r\n"), received);
        assertTrue(received.endsWith("\r\n.\r\nQUIT\r\n"), received);
    }
}
