package dev.tcptest.maven;

import dev.tcptest.RecordedConnection;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * One server's account, kept as each connection ends: its transcript file, its bytes, and its
 * handler error. Written then and not at the stop, so that the server's retention may drop the
 * connection from memory, and a build that never reaches the stop still has the files.
 */
final class Transcripts implements Consumer<RecordedConnection> {

    private final String id;
    private final Path directory;
    private final List<String> handlerErrors = new ArrayList<>();
    private long connections;
    private long in;
    private long out;
    private IOException failure;

    /**
     * Starts the account of one server, removing the transcripts of an earlier build.
     *
     * @param id the server's id
     * @param directory {@code target/tcptest/<id>}
     */
    Transcripts(String id, Path directory) {
        this.id = id;
        this.directory = directory;
        if (Files.isDirectory(directory)) {
            try (DirectoryStream<Path> old = Files.newDirectoryStream(directory, "connection-*.txt")) {
                for (Path file : old) {
                    Files.delete(file);
                }
            } catch (IOException e) {
                failure = e;
            }
        }
    }

    @Override
    public synchronized void accept(RecordedConnection connection) {
        connections++;
        in += connection.receivedCount();
        out += connection.sentCount();
        Path file = directory.resolve("connection-" + connection.id() + ".txt");
        try {
            Files.createDirectories(directory);
            Files.writeString(file, connection.transcript(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            if (failure == null) {
                failure = e;
            }
        }
        if (connection.isHandlerError()) {
            handlerErrors.add("tcptest server '" + id + "', connection #" + connection.id() + " from "
                    + Exports.address(connection.remoteAddress()) + ": handler error: " + describe(connection.error())
                    + " (transcript: " + file + ")");
        }
    }

    /** A script's mismatch is an AssertionError whose message says it all; other errors show their type. */
    private static String describe(Throwable error) {
        return error instanceof AssertionError && error.getMessage() != null ? error.getMessage() : String.valueOf(error);
    }

    /**
     * The handler errors so far, one line each.
     *
     * @return the lines
     * @throws IOException if a transcript could not be written
     */
    synchronized List<String> handlerErrors() throws IOException {
        if (failure != null) {
            throw failure;
        }
        return List.copyOf(handlerErrors);
    }

    /** "3 connection(s), 120 bytes in, 80 bytes out, 0 handler error(s); transcripts in ...". */
    synchronized String summary() {
        return connections + " connection(s), " + in + " bytes in, " + out + " bytes out, " + handlerErrors.size()
                + " handler error(s)" + (connections == 0 ? "" : "; transcripts in " + directory);
    }
}
