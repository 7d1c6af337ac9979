package dev.tcptest.remote;

import static dev.tcptest.remote.JsonWriter.object;

import dev.tcptest.RecordedConnection;
import dev.tcptest.TcpServer;
import dev.tcptest.internal.Addresses;
import dev.tcptest.internal.RecordAccess;
import dev.tcptest.internal.Recorder;
import dev.tcptest.internal.Recording;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** The JSON forms of a server and of a recorded connection, as the endpoint writes them. */
final class Wire {

    private Wire() {
    }

    /**
     * A server's state.
     *
     * @param id its id at the endpoint
     * @param server the server
     * @return the SERVER object; host, port and address are null before its first start
     */
    static Map<String, Object> server(String id, TcpServer server) {
        InetSocketAddress address;
        try {
            address = server.address();
        } catch (IllegalStateException notStartedYet) {
            address = null;
        }
        return object("id", id, "name", server.name(),
                "host", address == null ? null : Addresses.host(address.getAddress()),
                "port", address == null ? null : address.getPort(),
                "address", address == null ? null : Addresses.format(address),
                "running", server.isRunning(), "acceptPaused", server.isAcceptPaused(),
                "acceptedCount", server.acceptedCount(), "activeCount", server.activeCount(),
                "droppedCount", server.droppedCount(), "handlerErrorCount", server.handlerErrorCount());
    }

    /**
     * A recorded connection, with its bytes in base64 and the order of its turns.
     *
     * @param connection the record
     * @return the CONNECTION object
     */
    static Map<String, Object> connection(RecordedConnection connection) {
        Recording recording = RecordAccess.recording(connection);
        List<Object> turns = new ArrayList<>();
        for (Recording.Turn turn : recording.turns()) {
            turns.add(object("from", turn.direction() == Recorder.Direction.CLIENT ? "client" : "server",
                    "bytes", turn.end() - turn.start()));
        }
        Throwable error = connection.error();
        return object("id", connection.id(),
                "remoteAddress", Addresses.format(connection.remoteAddress()),
                "localAddress", Addresses.format(connection.localAddress()),
                "acceptedAt", connection.acceptedAt().toString(),
                "closedAt", connection.closedAt() == null ? null : connection.closedAt().toString(),
                "closeReason", connection.closeReason() == null ? null : connection.closeReason().name(),
                "error", error == null ? null : object("type", typeOf(error), "message", error.getMessage()),
                "receivedCount", connection.receivedCount(), "sentCount", connection.sentCount(),
                "truncated", connection.isTruncated(),
                "received", Base64.getEncoder().encodeToString(recording.received()),
                "sent", Base64.getEncoder().encodeToString(recording.sent()),
                "turns", turns, "transcript", connection.transcript());
    }

    private static String typeOf(Throwable error) {
        return error instanceof RemoteError remote ? remote.type() : error.getClass().getName();
    }
}
