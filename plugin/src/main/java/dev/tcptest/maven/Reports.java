package dev.tcptest.maven;

import dev.tcptest.TcpServer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** What stopped servers saw: one summary line each, and the handler errors. */
final class Reports {

    /** One server's account. */
    record ServerReport(String summary, List<String> handlerErrors) {
    }

    private Reports() {
    }

    /**
     * Stops every group, then reports each server.
     *
     * @param groups the project's running servers
     * @param info where the summary lines go
     * @return the handler errors, one line each
     * @throws IOException if a transcript could not be written
     */
    static List<String> stopAndReport(List<ServerGroup> groups, Consumer<String> info) throws IOException {
        for (ServerGroup group : groups) {
            group.stop();
        }
        List<String> errors = new ArrayList<>();
        for (ServerGroup group : groups) {
            for (ServerGroup.Started started : group.servers()) {
                ServerReport report = report(started);
                info.accept(report.summary());
                errors.addAll(report.handlerErrors());
            }
        }
        return errors;
    }

    /**
     * Sums a stopped server up; its transcripts were written as its connections ended.
     *
     * @param started the stopped server
     * @return the summary and the handler errors
     * @throws IOException if a transcript could not be written
     */
    static ServerReport report(ServerGroup.Started started) throws IOException {
        TcpServer server = started.server();
        long dropped = server.droppedCount();
        String summary = "tcptest server '" + started.id() + "' on " + Exports.address(server.address()) + ": "
                + started.transcripts().summary()
                + (dropped == 0 ? "" : "; " + dropped + " connection(s) dropped from memory by its retention bound");
        return new ServerReport(summary, started.transcripts().handlerErrors());
    }
}
