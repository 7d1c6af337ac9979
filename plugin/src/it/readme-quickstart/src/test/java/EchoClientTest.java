import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tcptest.RecordedConnection;
import dev.tcptest.TcpServer;
import dev.tcptest.junit.WithTcpServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

@WithTcpServer // an echo server on 127.0.0.1, on a free port, for this class
class EchoClientTest {

    @Test
    void talksToARealServer(TcpServer server) throws Exception {
        try (Socket socket = new Socket(server.host(), server.port())) {
            socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.UTF_8));
            BufferedReader in = new BufferedReader(
                    new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("PING", in.readLine());
        }
        RecordedConnection seen = server.takeConnection(Duration.ofSeconds(5));
        assertEquals("PING\r\n", seen.receivedText());
    }
}
