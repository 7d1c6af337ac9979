import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The README's integration test: the plugin's server, reached through failsafe's property. */
class SmtpIT {

    @Test
    void speaksTheScriptedSmtp() throws Exception {
        String port = System.getProperty("smtp.port");
        if (port == null || port.startsWith("$")) {
            throw new IllegalStateException("no smtp.port: run this test with 'mvn verify', which starts the server");
        }
        try (Socket socket = new Socket("127.0.0.1", Integer.parseInt(port))) {
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            OutputStream out = socket.getOutputStream();
            assertEquals("220 localhost ready", in.readLine());
            out.write("EHLO me\r\n".getBytes(StandardCharsets.UTF_8));
            assertEquals("250 OK", in.readLine());
            out.write("MAIL FROM:<me@example.com>\r\n".getBytes(StandardCharsets.UTF_8));
            assertEquals("250 OK", in.readLine());
            out.write("QUIT\r\n".getBytes(StandardCharsets.UTF_8));
            assertEquals("221 bye", in.readLine());
        }
    }
}
