package dev.tcptest.junit;

import dev.tcptest.RecordedConnection;
import dev.tcptest.TcpServer;
import java.util.List;

/**
 * What the servers in reach of a failed test saw, attached to the failure as a suppressed
 * exception: for each server its address and state, then the transcript of each connection.
 *
 * <p>Bounded so that a chatty test cannot flood a build log: at most {@value #MAX_CONNECTIONS}
 * connections per server and about {@value #MAX_CONNECTION_CHARS} characters per connection are
 * shown, and about {@value #MAX_CHARS} characters in all; {@link TcpServer#connections()} has
 * everything.
 */
final class TcpServerTranscript extends RuntimeException {

    private static final long serialVersionUID = 1L;

    static final int MAX_CHARS = 32 * 1024;
    static final int MAX_CONNECTIONS = 20;
    static final int MAX_CONNECTION_CHARS = 4 * 1024;

    TcpServerTranscript(List<ManagedServer> servers) {
        // No stack trace: the message is the whole point, and the trace would be the extension's.
        super(render(servers), null, false, false);
    }

    static String render(List<ManagedServer> servers) {
        StringBuilder out = new StringBuilder(1024);
        out.append("what the tcptest server").append(servers.size() == 1 ? "" : "s").append(" saw:\n");
        for (ManagedServer managed : servers) {
            if (out.length() >= MAX_CHARS) {
                out.append("... more servers left out\n");
                break;
            }
            appendServer(out, managed);
        }
        if (out.length() > MAX_CHARS) {
            int cut = out.lastIndexOf("\n", MAX_CHARS);
            out.setLength(cut < 0 ? MAX_CHARS : cut + 1);
            out.append("... cut at ").append(MAX_CHARS).append(" characters; TcpServer.connections() has everything\n");
        }
        return out.toString().stripTrailing();
    }

    private static void appendServer(StringBuilder out, ManagedServer managed) {
        TcpServer server = managed.server();
        List<RecordedConnection> connections = server.connections();
        out.append("server ").append(managed.describe());
        try {
            out.append(" at ").append(server.host()).append(':').append(server.port());
        } catch (IllegalStateException notStarted) {
            // Never bound: nothing to show but the state.
        }
        out.append(server.isRunning() ? ", running" : ", stopped");
        if (server.isAcceptPaused()) {
            out.append(", accepting paused");
        }
        out.append(", ").append(connections.size()).append(connections.size() == 1 ? " connection" : " connections");
        out.append(connections.isEmpty() ? " (no client connected)\n" : ":\n");
        int shown = 0;
        for (RecordedConnection connection : connections) {
            String block = indented(connection.transcript());
            if (shown == MAX_CONNECTIONS || out.length() + block.length() > MAX_CHARS) {
                out.append("  ... and ").append(connections.size() - shown)
                        .append(" more connections; TcpServer.connections() has them all\n");
                break;
            }
            out.append(block);
            shown++;
        }
    }

    private static String indented(String transcript) {
        String text = transcript;
        if (text.length() > MAX_CONNECTION_CHARS) {
            int cut = text.lastIndexOf('\n', MAX_CONNECTION_CHARS);
            text = text.substring(0, cut < 0 ? MAX_CONNECTION_CHARS : cut + 1)
                    + "... connection transcript cut at " + MAX_CONNECTION_CHARS + " characters\n";
        }
        StringBuilder out = new StringBuilder(text.length() + 64);
        for (String line : text.split("\n", -1)) {
            if (!line.isEmpty()) {
                out.append("  ").append(line).append('\n');
            }
        }
        return out.toString();
    }
}
