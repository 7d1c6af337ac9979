package dev.tcptest.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcptest.Handlers;
import dev.tcptest.TcpServer;
import dev.tcptest.junit.ServerId;
import dev.tcptest.junit.TcpServerExtension;
import dev.tcptest.junit.WithTcpServer;
import dev.tcptest.remote.ControlEndpoint;
import dev.tcptest.remote.RemoteServers;
import dev.tcptest.remote.RemoteTcpServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Each way of getting a server from the JUnit extension, and the remote control, used from a named module. */
@WithTcpServer(id = "greeter", handler = Greeter.class)
class ModularTest {

    @RegisterExtension
    static final TcpServerExtension ECHO = TcpServerExtension.of("echo", TcpServer.builder().handler(Handlers.echo()));

    @Test
    void aHandlerClassOfTheModuleServes(@ServerId("greeter") TcpServer server) throws IOException {
        assertEquals("hello from a module", exchange(server, null));
    }

    @Test
    @WithTcpServer(id = "script", script = "module-greeting.chat")
    void aScriptResourceOfTheModuleServes(@ServerId("script") TcpServer server) throws IOException {
        assertEquals("hello from a script", exchange(server, null));
    }

    @Test
    void aServerBuiltInCodeServes(@ServerId("echo") TcpServer server) throws IOException {
        assertEquals("ping", exchange(server, "ping"));
    }

    @Test
    void theRemoteControlWorksOnTheModulePath(@ServerId("echo") TcpServer server) {
        try (ControlEndpoint endpoint = ControlEndpoint.start("127.0.0.1", 0)) {
            endpoint.register("echo", server);
            RemoteTcpServer remote = RemoteServers.connect(endpoint.url()).server("echo");
            assertEquals(server.port(), remote.port());
            remote.pauseAccepting();
            assertTrue(server.isAcceptPaused());
            remote.resumeAccepting();
        }
    }

    /** Sends the line, if any, and reads one line back. */
    private static String exchange(TcpServer server, String line) throws IOException {
        try (Socket socket = new Socket(server.host(), server.port())) {
            socket.setSoTimeout(30_000);
            if (line != null) {
                socket.getOutputStream().write((line + "\n").getBytes(StandardCharsets.US_ASCII));
            }
            return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
        }
    }
}
