package example;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tcptest.CloseReason;
import dev.tcptest.RecordedConnection;
import dev.tcptest.remote.RemoteServers;
import dev.tcptest.remote.RemoteTcpServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class EchoIT {

    @Test
    void theExportedAddressReachesTheEchoServer() throws Exception {
        String host = System.getProperty("echo.host");
        int port = Integer.parseInt(System.getProperty("echo.port"));
        assertEquals(host + ":" + port, System.getProperty("echo.address"));
        try (Socket socket = new Socket(host, port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write("ping\n".getBytes(StandardCharsets.US_ASCII));
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            assertEquals("ping", in.readLine());
        }
        RemoteTcpServer server = RemoteServers.connect(System.getProperty("tcptest.control.url")).server("default");
        RecordedConnection seen = server.takeConnection(Duration.ofSeconds(10));
        assertEquals("ping\n", seen.receivedText());
        assertEquals(CloseReason.CLOSED, seen.closeReason());
    }
}
