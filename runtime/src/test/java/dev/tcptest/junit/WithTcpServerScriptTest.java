package dev.tcptest.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcptest.ScriptSyntaxException;
import dev.tcptest.TcpServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.opentest4j.AssertionFailedError;

/** {@code @WithTcpServer(script = ...)}: a protocol fake from a chat script on the class path. */
class WithTcpServerScriptTest {

    /** Talks the greeting protocol of {@code junit-greeting.chat}; returns the server's lines. */
    private static String talk(TcpServer server, String hello) throws IOException {
        try (Socket socket = new Socket(server.host(), server.port())) {
            socket.setSoTimeout(30_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = socket.getOutputStream();
            StringBuilder seen = new StringBuilder(in.readLine()).append('|');
            out.write((hello + "\r\n").getBytes(StandardCharsets.US_ASCII));
            seen.append(in.readLine()).append('|');
            out.write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
            seen.append(in.readLine());
            return seen.toString();
        }
    }

    @Test
    void aScriptOnTheClassPathServesEveryConnection() {
        TestKit.assertAllPassed(TestKit.run(Greets.class), 2);
    }

    @Subject
    @WithTcpServer(script = "junit-greeting.chat")
    static class Greets {
        @Test
        void greets(TcpServer server) throws IOException {
            assertEquals("220 localhost ready|250 hello|221 bye", talk(server, "HELO client"));
        }

        @Test
        @WithTcpServer(id = "slashed", script = "/junit-greeting.chat")
        void aLeadingSlashIsAllowed(@ServerId("slashed") TcpServer server) throws IOException {
            assertEquals("220 localhost ready|250 hello|221 bye", talk(server, "HELO again"));
        }
    }

    @Test
    void aClientThatBreaksTheScriptFailsWithTheScriptErrorInTheTranscript() {
        EngineExecutionResults results = TestKit.run(BreaksTheScript.class);

        AssertionFailedError failure = TestKit.onlyFailure(results, AssertionFailedError.class);
        String transcript = TestKit.transcript(failure).orElseThrow();
        assertTrue(transcript.contains("  C: \"EHLO client\\r\\n\"\n"), transcript);
        assertTrue(transcript.contains("junit-greeting.chat"), "the script's own error names the script:\n" + transcript);
    }

    @Subject
    @WithTcpServer(script = "junit-greeting.chat")
    static class BreaksTheScript {
        @Test
        void sendsEhloWhereTheScriptExpectsHelo(TcpServer server) throws Exception {
            try (Socket socket = new Socket(server.host(), server.port())) {
                socket.setSoTimeout(30_000);
                socket.getOutputStream().write("EHLO client\r\n".getBytes(StandardCharsets.US_ASCII));
                socket.getInputStream().readAllBytes();
            }
            assertEquals(1, server.takeConnection(java.time.Duration.ofSeconds(30)).id());
            throw new AssertionFailedError("the client expected 250 after EHLO");
        }
    }

    @Test
    void aSyntaxErrorNamesTheElementTheFileTheLineAndTheColumn() {
        EngineExecutionResults results = TestKit.run(BrokenScript.class);

        ExtensionConfigurationException failure = TestKit.onlyFailure(results, ExtensionConfigurationException.class);
        assertTrue(failure.getMessage().startsWith("@WithTcpServer script = \"junit-broken.chat\" on class BrokenScript: "
                + "junit-broken.chat:3:6: "), failure.getMessage());
        ScriptSyntaxException cause = assertInstanceOf(ScriptSyntaxException.class, failure.getCause());
        assertEquals(3, cause.line());
    }

    @Subject
    @WithTcpServer(script = "junit-broken.chat")
    static class BrokenScript {
        @Test
        void test() {
        }
    }

    @Test
    void anIncludeIsRelativeToTheScriptsFolderOnTheClassPath() {
        TestKit.assertAllPassed(TestKit.run(Includes.class), 1);
    }

    @Subject
    @WithTcpServer(script = "include/redis.chat")
    static class Includes {
        @Test
        void answersWithTheIncludedRules(TcpServer server) throws IOException {
            try (Socket socket = new Socket(server.host(), server.port())) {
                socket.setSoTimeout(30_000);
                socket.getOutputStream().write("*1\r\n$4\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII));
                BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
                assertEquals("+PONG", in.readLine());
            }
        }
    }

    @Test
    void anErrorInAnIncludedScriptNamesItByItsResourceName() {
        ExtensionConfigurationException failure = TestKit.onlyFailure(TestKit.run(BrokenInclude.class),
                ExtensionConfigurationException.class);
        assertEquals("@WithTcpServer script = \"include/broken.chat\" on class BrokenInclude: include/parts/broken-part.chat:2:12:"
                + " odd number of hex digits (1) in 'send hex': write every byte as two digits, like 0d 0a", failure.getMessage());
    }

    @Subject
    @WithTcpServer(script = "include/broken.chat")
    static class BrokenInclude {
        @Test
        void test() {
        }
    }
}
