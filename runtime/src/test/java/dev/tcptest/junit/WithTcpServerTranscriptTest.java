package dev.tcptest.junit;

import static dev.tcptest.junit.Client.exchange;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.tcptest.AcceptHandler;
import dev.tcptest.Connection;
import dev.tcptest.Handlers;
import dev.tcptest.TcpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.opentest4j.AssertionFailedError;

/** A failed test carries what the servers saw, so that a red build shows the bytes. */
class WithTcpServerTranscriptTest {

    @Test
    void aFailedTestCarriesTheTranscriptOfEveryConnection() {
        EngineExecutionResults results = TestKit.run(FailsAfterTalking.class);

        AssertionFailedError failure = TestKit.onlyFailure(results, AssertionFailedError.class);
        assertEquals("the client misread the greeting", failure.getMessage(), "the test's own failure comes first");
        String transcript = TestKit.transcript(failure).orElseThrow(() -> new AssertionError("no transcript attached"));
        int port = Seen.get("talking").get(0).port();
        assertTrue(transcript.startsWith("what the tcptest server saw:\nserver 'default' (@WithTcpServer on class "
                + "FailsAfterTalking) at 127.0.0.1:" + port + ", running, 2 connections:\n"), transcript);
        assertTrue(transcript.contains("  C: \"EHLO client\\r\\n\"\n  S: \"EHLO client\\r\\n\"\n"), transcript);
        assertTrue(transcript.contains("  C: \"QUIT\\r\\n\"\n"), transcript);
        assertTrue(transcript.contains("connection #1 127.0.0.1:"), transcript);
        assertTrue(transcript.contains("connection #2 127.0.0.1:"), transcript);
        assertEquals(1, Arrays.stream(failure.getSuppressed()).filter(TcpServerTranscript.class::isInstance).count());
        assertEquals(0, failure.getSuppressed()[0].getStackTrace().length, "the transcript has no stack trace of its own");
    }

    @Subject
    @WithTcpServer
    static class FailsAfterTalking {
        @Test
        void misreads(TcpServer server) throws IOException {
            Seen.add("talking", server);
            exchange(server, "EHLO client\r\n");
            exchange(server, "QUIT\r\n");
            fail("the client misread the greeting");
        }
    }

    @Test
    void aFailedDynamicTestCarriesTheTranscriptToo() {
        EngineExecutionResults results = TestKit.run(DynamicTests.class);

        AssertionFailedError failure = TestKit.onlyFailure(results, AssertionFailedError.class);
        assertEquals("the dynamic client misread the answer", failure.getMessage());
        String transcript = TestKit.transcript(failure).orElseThrow(() -> new AssertionError("no transcript attached"));
        assertTrue(transcript.contains("server 'default' (@WithTcpServer on class DynamicTests)"), transcript);
        assertTrue(transcript.contains("server 'method' (@WithTcpServer(id = \"method\") on method DynamicTests.talks())"),
                transcript);
        assertTrue(transcript.contains("  C: \"from a dynamic test\\n\"\n"), transcript);
        assertEquals(1, results.testEvents().succeeded().count(), "the passing dynamic test");
    }

    @Subject
    @WithTcpServer
    static class DynamicTests {
        @TestFactory
        @WithTcpServer(id = "method")
        Stream<DynamicTest> talks(@ServerId("default") TcpServer server) {
            return Stream.of(
                    DynamicTest.dynamicTest("passes", () -> exchange(server, "passing\n")),
                    DynamicTest.dynamicTest("fails", () -> {
                        exchange(server, "from a dynamic test\n");
                        fail("the dynamic client misread the answer");
                    }));
        }
    }

    @Test
    void aServerThatNoClientReachedSaysSo() {
        EngineExecutionResults results = TestKit.run(NeverConnects.class);

        Throwable failure = TestKit.onlyFailure(results, IllegalStateException.class);
        String transcript = TestKit.transcript(failure).orElseThrow();
        assertTrue(transcript.contains("server 'silent' (@WithTcpServer(id = \"silent\") on method NeverConnects.fails()) at "
                + "127.0.0.1:"), transcript);
        assertTrue(transcript.contains(", running, accepting paused, 0 connections (no client connected)"), transcript);
    }

    @Subject
    static class NeverConnects {
        @Test
        @WithTcpServer(id = "silent", acceptPaused = true)
        void fails() {
            throw new IllegalStateException("the client used the wrong port");
        }
    }

    @Test
    void theTranscriptIsBoundedWhateverTheTestSent() {
        String floods = TestKit.transcript(TestKit.onlyFailure(TestKit.run(Floods.class), AssertionFailedError.class))
                .orElseThrow();
        assertTrue(floods.length() <= TcpServerTranscript.MAX_CHARS + 200, "length " + floods.length());
        assertTrue(floods.contains("... connection transcript cut at " + TcpServerTranscript.MAX_CONNECTION_CHARS
                + " characters"), floods);
        assertTrue(floods.contains(", 12 connections:\n"), floods);
        assertTrue(floods.contains("more connections; TcpServer.connections() has them all"), floods);

        String many = TestKit.transcript(TestKit.onlyFailure(TestKit.run(Many.class), AssertionFailedError.class))
                .orElseThrow();
        assertTrue(many.contains("connection #20 "), many);
        assertFalse(many.contains("connection #21 "), "at most 20 connections are shown");
        assertTrue(many.contains("  ... and 5 more connections; TcpServer.connections() has them all"), many);
    }

    /** Sends the bytes on a connection of its own, half-closes and waits for the server to close. */
    private static void send(TcpServer server, byte[] bytes) throws IOException {
        try (Socket socket = new Socket(server.host(), server.port())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(bytes);
            socket.shutdownOutput();
            socket.getInputStream().readAllBytes();
        }
    }

    @Subject
    @WithTcpServer(handler = Discard.class)
    static class Floods {
        @Test
        void sendsMuchAndFails(TcpServer server) throws IOException {
            byte[] lines = "0123456789".repeat(10).concat("\n").repeat(100).getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < 12; i++) {
                send(server, lines);
            }
            fail("too much");
        }
    }

    @Subject
    @WithTcpServer(handler = Discard.class)
    static class Many {
        @Test
        void connectsOftenAndFails(TcpServer server) throws IOException {
            for (int i = 0; i < 25; i++) {
                send(server, ("hello " + i + "\n").getBytes(StandardCharsets.US_ASCII));
            }
            fail("too many");
        }
    }

    /** Reads everything and answers nothing. */
    static final class Discard implements AcceptHandler {
        @Override
        public void handle(Connection connection) throws Exception {
            Handlers.discard().handle(connection);
        }
    }

    @Test
    void failuresOfLifecycleMethodsAndOfExtensionServersCarryTranscriptsOnce() {
        EngineExecutionResults results = TestKit.run(FailsInAfterEach.class);

        Throwable failure = TestKit.onlyFailure(results, IllegalStateException.class);
        assertEquals("cleanup failed", failure.getMessage());
        String transcript = TestKit.transcript(failure).orElseThrow();
        assertTrue(transcript.startsWith("what the tcptest servers saw:\n"), transcript);
        assertTrue(transcript.contains("server 'default' (@WithTcpServer on class FailsInAfterEach)"), transcript);
        assertTrue(transcript.contains("server 'coded' (TcpServerExtension 'coded')"), transcript);
        assertTrue(transcript.contains("  C: \"to the coded server\"\n"), transcript);
        assertEquals(1, Arrays.stream(failure.getSuppressed()).filter(TcpServerTranscript.class::isInstance).count(),
                "two extensions handle the failure, one transcript is attached");
    }

    @Subject
    @WithTcpServer
    static class FailsInAfterEach {
        @RegisterExtension
        static TcpServerExtension coded = TcpServerExtension.of("coded", TcpServer.builder());

        @Test
        void passes() throws IOException {
            exchange(coded.server(), "to the coded server");
        }

        @AfterEach
        void afterEach() {
            throw new IllegalStateException("cleanup failed");
        }
    }

    @Test
    void abortedTestsGetNoTranscript() {
        EngineExecutionResults results = TestKit.run(Aborts.class);

        List<Throwable> aborted = TestKit.aborted(results);
        assertEquals(1, aborted.size());
        assertEquals(0, aborted.get(0).getSuppressed().length);
        assertEquals(0, TestKit.failures(results).size());
    }

    @Subject
    @WithTcpServer
    static class Aborts {
        @Test
        void assumesSomethingFalse(TcpServer server) {
            Assumptions.assumeTrue(false, "not on this machine");
        }
    }
}
