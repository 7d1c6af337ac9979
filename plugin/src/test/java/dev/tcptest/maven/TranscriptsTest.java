package dev.tcptest.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcptest.AcceptHandler;
import dev.tcptest.TcpServer;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A server's transcripts and handler errors are kept as each connection ends, whatever retention drops. */
class TranscriptsTest {

    @TempDir
    Path target;

    @Test
    void eachConnectionIsWrittenAsItEndsAndItsErrorCountedThoughRetentionDropsIt() throws Exception {
        Path directory = target.resolve("tcptest/smtp");
        Files.createDirectories(directory);
        Files.writeString(directory.resolve("connection-9.txt"), "from an earlier build");
        Transcripts transcripts = new Transcripts("smtp", directory);
        assertTrue(Files.notExists(directory.resolve("connection-9.txt")), "an earlier build's transcripts are removed");

        AcceptHandler failing = connection -> {
            connection.output().write("220 ready\r\n".getBytes());
            throw new IllegalStateException("the client sent nothing");
        };
        TcpServer server = TcpServer.builder().handler(failing).retention(1, 1 << 20)
                .onConnectionFinished(transcripts).start();
        try {
            for (int i = 0; i < 3; i++) {
                try (Socket client = new Socket(server.host(), server.port())) {
                    client.getInputStream().readAllBytes();
                }
            }
            awaitFiles(directory, 3);
            assertTrue(Files.readString(directory.resolve("connection-1.txt")).contains("220 ready"));
            List<String> errors = transcripts.handlerErrors();
            assertEquals(3, errors.size(), "every error counted, though the server kept one connection: " + errors);
            assertTrue(errors.get(0).contains("tcptest server 'smtp', connection #1 from 127.0.0.1:"), errors.get(0));
            assertTrue(errors.get(0).contains("the client sent nothing"), errors.get(0));
        } finally {
            server.stop();
        }
        assertEquals(1, server.connections().size());
        assertEquals(2, server.droppedCount());
        assertTrue(transcripts.summary().startsWith("3 connection(s), 0 bytes in, 33 bytes out, 3 handler error(s)"),
                transcripts.summary());
    }

    private static void awaitFiles(Path directory, int count) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            try (var files = Files.list(directory)) {
                if (files.count() >= count) {
                    return;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("fewer than " + count + " transcripts in " + directory);
            }
            Thread.sleep(10);
        }
    }
}
