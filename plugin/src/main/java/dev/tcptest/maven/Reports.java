package dev.tcptest.maven;

import dev.tcptest.RecordedConnection;
import dev.tcptest.TcpServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** What stopped servers saw: one summary line each, a transcript file per connection, and the handler errors. */
final class Reports {

    /** One server's account. */
    record ServerReport(String summary, List<String> handlerErrors) {
    }

    private Reports() {
    }

    /**
     * Removes transcripts of an earlier build, so the directory holds only this build's.
     *
     * @param directory {@code target/tcptest/<id>}
     * @throws IOException if a file cannot be deleted
     */
    static void clearTranscripts(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return;
        }
        try (DirectoryStream<Path> old = Files.newDirectoryStream(directory, "connection-*.txt")) {
            for (Path file : old) {
                Files.delete(file);
            }
        }
    }

    /** A script's mismatch is an AssertionError whose message says it all; other errors show their type. */
    private static String describe(Throwable error) {
        return error instanceof AssertionError && error.getMessage() != null ? error.getMessage() : error.toString();
    }

    /**
     * Stops every group, then reports each server.
     *
     * @param groups the project's running servers
     * @param directory the plugin's output directory, {@code target/tcptest}
     * @param info where the summary lines go
     * @return the handler errors, one line each
     * @throws IOException if a transcript cannot be written
     */
    static List<String> stopAndReport(List<ServerGroup> groups, Path directory, java.util.function.Consumer<String> info)
            throws IOException {
        for (ServerGroup group : groups) {
            group.stop();
        }
        List<String> errors = new ArrayList<>();
        for (ServerGroup group : groups) {
            for (ServerGroup.Started started : group.servers()) {
                ServerReport report = report(started, directory.resolve(started.id()));
                info.accept(report.summary());
                errors.addAll(report.handlerErrors());
            }
        }
        return errors;
    }

    /**
     * Writes each connection's transcript and sums the server up.
     *
     * @param started the stopped server
     * @param directory where its transcripts go, {@code target/tcptest/<id>}
     * @return the summary and the handler errors
     * @throws IOException if a transcript cannot be written
     */
    static ServerReport report(ServerGroup.Started started, Path directory) throws IOException {
        TcpServer server = started.server();
        List<RecordedConnection> connections = server.connections();
        long in = 0;
        long out = 0;
        List<String> errors = new ArrayList<>();
        if (!connections.isEmpty()) {
            Files.createDirectories(directory);
        }
        for (RecordedConnection connection : connections) {
            in += connection.receivedCount();
            out += connection.sentCount();
            Path file = directory.resolve("connection-" + connection.id() + ".txt");
            Files.writeString(file, connection.transcript(), StandardCharsets.UTF_8);
            if (connection.error() != null) {
                errors.add("tcptest server '" + started.id() + "', connection #" + connection.id() + " from "
                        + Exports.address(connection.remoteAddress()) + ": handler error: " + describe(connection.error())
                        + " (transcript: " + file + ")");
            }
        }
        String summary = "tcptest server '" + started.id() + "' on " + Exports.address(server.address()) + ": "
                + connections.size() + " connection(s), " + in + " bytes in, " + out + " bytes out, " + errors.size()
                + " handler error(s)" + (connections.isEmpty() ? "" : "; transcripts in " + directory);
        return new ServerReport(summary, errors);
    }
}
