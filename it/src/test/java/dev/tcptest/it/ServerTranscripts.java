package dev.tcptest.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The server side of the ITs whose servers the plugin started, checked after {@code stop-server}:
 * it writes each connection's transcript to {@code target/tcptest/<id>/connection-<n>.txt}, and
 * {@code it/pom.xml} runs this class in the {@code verify} phase, after the servers have stopped.
 *
 * <p>The other ITs check the servers' side while they run, through the control endpoint
 * ({@link PluginServers#remote(String)}); this one shows the files, which stay after the build
 * for a person or a CI server to read.
 */
class ServerTranscripts {

    private static final Path TRANSCRIPTS = Path.of(System.getProperty("tcptest.transcripts", "target/tcptest"));

    /** {@link HttpRetryIT}: the kept-alive connection was reset, the retry came on a new one. */
    @Test
    void theResetConnectionWasFollowedByTheRetry() {
        List<Transcript> connections = transcripts("keepalive");

        assertEquals(2, connections.size(), () -> "two connections expected: " + connections);
        Transcript reset = connections.get(0);
        Transcript retry = connections.get(1);
        assertEquals("RESET", reset.closeReason(), reset::text);
        assertEquals(2, reset.count("C: \"GET /status HTTP/1.1\\r\\n\""), reset::text);
        assertEquals(1, retry.count("C: \"GET /status HTTP/1.1\\r\\n\""), retry::text);
        assertTrue(retry.text().contains("S: \"up\""), retry::text);
    }

    /** One connection's transcript file. */
    record Transcript(Path file, String text) {

        private static final Pattern HEADER = Pattern.compile(
                "^connection #\\d+ \\S+ -> \\S+, accepted [^,]+, \\d+ ms, ([A-Z_]+),");

        /** How the connection ended, from the transcript's first line: CLOSED, RESET, ... */
        String closeReason() {
            Matcher header = HEADER.matcher(text);
            assertTrue(header.find(), () -> file + " does not start with a connection header: " + text);
            return header.group(1);
        }

        int count(String line) {
            return (int) text.lines().filter(line::equals).count();
        }

        @Override
        public String toString() {
            return file.getFileName() + ":\n" + text;
        }
    }

    /** The transcripts of one server's connections, in accept order. */
    private static List<Transcript> transcripts(String serverId) {
        Path directory = TRANSCRIPTS.resolve(serverId);
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(file -> file.getFileName().toString().matches("connection-\\d+\\.txt"))
                    .sorted(Comparator.comparingLong(ServerTranscripts::connectionNumber))
                    .map(ServerTranscripts::read)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long connectionNumber(Path file) {
        String name = file.getFileName().toString();
        return Long.parseLong(name.substring("connection-".length(), name.length() - ".txt".length()));
    }

    private static Transcript read(Path file) {
        try {
            return new Transcript(file, Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
