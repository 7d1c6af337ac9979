package dev.tcptest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A proxy in front of a real server writes each conversation as a script; the script stands in for the server. */
class RecordScriptsTest {

    @Test
    void aRecordedConversationReplaysAgainstTheSameClient(@TempDir Path dir) throws Exception {
        Path recorded = dir.resolve("recorded");
        try (TcpServer real = TcpServer.builder().handler(Handlers.script(
                "send \"220 ready\\r\\n\"\nexpect line \"HELO me\"\nsend \"250 hello me\\r\\n\"\nclose\n")).start();
                TcpServer proxy = new ServerSettings().handler("proxy").proxyTarget("127.0.0.1:" + real.port())
                        .recordScripts(recorded).toBuilder().start()) {
            assertEquals(List.of("220 ready", "250 hello me"), client(proxy));
            assertEquals(CloseReason.CLOSED, proxy.takeConnection(Duration.ofSeconds(10)).closeReason());
        }
        Path script = recorded.resolve("connection-1.chat");
        assertTrue(Files.readString(script).contains("HELO me"), Files.readString(script));

        try (TcpServer replay = TcpServer.builder().handler(Handlers.script(script)).start()) {
            assertEquals(List.of("220 ready", "250 hello me"), client(replay));
            RecordedConnection seen = replay.takeConnection(Duration.ofSeconds(10));
            assertFalse(seen.isHandlerError(), seen::transcript);
        }
    }

    @Test
    void recordScriptsGoesOnlyWithTheProxy(@TempDir Path dir) {
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> new ServerSettings().handler("echo").recordScripts(dir).toBuilder());
        assertEquals("recordScripts", e.setting());
        assertEquals("recordScripts only goes with handler proxy, not with handler echo; remove it, or use handler proxy",
                e.message((setting, value) -> setting + (value == null ? "" : " " + value)));
    }

    /** Reads the greeting, says HELO, reads the answer and the server's close. */
    private static List<String> client(TcpServer server) throws Exception {
        try (Socket socket = new Socket(server.host(), server.port())) {
            socket.setSoTimeout(10_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = socket.getOutputStream();
            String greeting = in.readLine();
            out.write("HELO me\r\n".getBytes(StandardCharsets.US_ASCII));
            String answer = in.readLine();
            assertEquals(null, in.readLine(), "the server closes");
            return List.of(greeting, answer);
        }
    }
}
