package dev.tcptest.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.tcptest.CloseReason;
import dev.tcptest.RecordedConnection;
import dev.tcptest.TcpServer;
import dev.tcptest.junit.WithTcpServer;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * Angus Mail's IMAP provider reads one message from {@code imap.chat}: a tagged protocol, in
 * which every answer must carry the tag of its command, answered by rules that capture the tag
 * with a named group and send it back as {@code ${tag}}.
 */
@WithTcpServer(script = "imap.chat")
class ImapIT {

    @Test
    void readsTheSubjectAndBodyOfTheOneMessage(TcpServer server) throws Exception {
        Properties properties = new Properties();
        properties.put("mail.imap.host", server.host());
        properties.put("mail.imap.port", String.valueOf(server.port()));
        properties.put("mail.imap.connectiontimeout", "5000");
        properties.put("mail.imap.timeout", "5000");
        Store store = Session.getInstance(properties).getStore("imap");
        store.connect("alice", "secret");
        String subject;
        Object body;
        try {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_WRITE);
            Message message = inbox.getMessage(1);
            subject = message.getSubject();
            body = message.getContent();
            inbox.close(false);
        } finally {
            store.close();
        }
        assertEquals("Your order has shipped", subject);
        assertEquals("Order 42 is on its way.\r\n", body);

        RecordedConnection imap = server.takeConnection(Duration.ofSeconds(5));
        assertNotNull(imap, "no connection finished within 5 s");
        assertNull(imap.error(), imap::transcript);   // a rule answered every command
        assertEquals(CloseReason.CLOSED, imap.closeReason(), imap::transcript);
        assertEquals("A0 CAPABILITY\r\nA1 LOGIN alice secret\r\nA2 CAPABILITY\r\nA3 SELECT INBOX\r\n"
                + "A4 FETCH 1 (ENVELOPE INTERNALDATE RFC822.SIZE)\r\nA5 FETCH 1 (BODYSTRUCTURE)\r\n"
                + "A6 FETCH 1 (BODY[TEXT]<0.25>)\r\nA7 FETCH 1 (FLAGS)\r\nA8 UNSELECT\r\nA9 LOGOUT\r\n",
                imap.receivedText(), imap::transcript);
        assertEquals("A9 OK LOGOUT completed\r\n", lastLine(imap.sentText()), imap::transcript);
    }

    private static String lastLine(String text) {
        return text.substring(text.lastIndexOf('\n', text.length() - 2) + 1);
    }
}
