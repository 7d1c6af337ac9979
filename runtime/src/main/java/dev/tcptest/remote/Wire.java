package dev.tcptest.remote;

import static dev.tcptest.remote.JsonWriter.object;

import dev.tcptest.CloseReason;
import dev.tcptest.RecordedConnection;
import dev.tcptest.TcpServer;
import dev.tcptest.internal.Addresses;
import dev.tcptest.internal.RecordAccess;
import dev.tcptest.internal.Recorder;
import dev.tcptest.internal.Recording;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The JSON forms of a server and of a recorded connection: the endpoint writes them, the client
 * reads a connection back into the record a local server returns.
 */
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
                "truncated", connection.isTruncated(), "tls", recording.tls(),
                "received", Base64.getEncoder().encodeToString(recording.received()),
                "sent", Base64.getEncoder().encodeToString(recording.sent()),
                "turns", turns, "serverFinAt", recording.serverFinAt() < 0 ? null : recording.serverFinAt(),
                "transcript", connection.transcript());
    }

    /**
     * A connection as the endpoint wrote it, rebuilt as the record a local server returns.
     *
     * @param members the CONNECTION object
     * @return the record
     * @throws IllegalArgumentException if a member is missing or wrong
     */
    static RecordedConnection connection(Members members) {
        byte[] received = Base64.getDecoder().decode(members.string("received"));
        byte[] sent = Base64.getDecoder().decode(members.string("sent"));
        List<Recording.Turn> turns = new ArrayList<>();
        int[] next = new int[2];
        for (Members turn : members.objects("turns")) {
            String from = turn.string("from");
            if (!from.equals("client") && !from.equals("server")) {
                throw new IllegalArgumentException("a turn is from 'client' or 'server', not '" + from + "'");
            }
            int side = from.equals("client") ? 0 : 1;
            int start = next[side];
            next[side] = Math.addExact(start, Math.toIntExact(turn.number("bytes")));
            turns.add(new Recording.Turn(side == 0 ? Recorder.Direction.CLIENT : Recorder.Direction.SERVER, start, next[side]));
        }
        Recording recording = Recording.of(received, sent, members.number("receivedCount"), members.number("sentCount"), turns,
                members.numberOr("serverFinAt", -1), members.stringOrNull("tls"));
        Members error = members.objectOrNull("error");
        String closedAt = members.stringOrNull("closedAt");
        String closeReason = members.stringOrNull("closeReason");
        return RecordAccess.create(new RecordAccess.Parts(members.number("id"),
                socketAddress(members.string("remoteAddress")), socketAddress(members.string("localAddress")), recording,
                closeReason == null ? null : CloseReason.valueOf(closeReason),
                error == null ? null : new RemoteError(error.string("type"), error.stringOrNull("message")),
                Instant.parse(members.string("acceptedAt")), closedAt == null ? null : Instant.parse(closedAt)));
    }

    /**
     * An address as {@link Addresses#format(InetSocketAddress)} writes it, read back without a
     * name lookup.
     *
     * @param hostAndPort such as {@code 127.0.0.1:41234} or {@code [0:0:0:0:0:0:0:1]:41234}
     * @return the address
     * @throws IllegalArgumentException if it is not an IP literal and a port
     */
    static InetSocketAddress socketAddress(String hostAndPort) {
        int colon = hostAndPort.lastIndexOf(':');
        int port;
        try {
            port = Integer.parseInt(hostAndPort.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (colon < 0 || port < 0 || port > 65535) {
            throw new IllegalArgumentException("an address is an IP literal and a port, not '" + hostAndPort + "'");
        }
        return new InetSocketAddress(literal(hostAndPort.substring(0, colon)), port);
    }

    /**
     * An IP literal as an address, without a name lookup.
     *
     * @param host such as {@code 127.0.0.1}, {@code ::1} or {@code [::1]}
     * @return the address
     * @throws IllegalArgumentException if it is no IP literal
     */
    static InetAddress literal(String host) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        InetAddress ipv4 = Addresses.ipv4Literal(bare);
        if (ipv4 != null) {
            return ipv4;
        }
        // With a colon and nothing but hex digits, colons and dots, the JDK reads it as an IPv6
        // literal and looks no name up.
        boolean ipv6 = bare.indexOf(':') >= 0
                && bare.chars().allMatch(c -> c == ':' || c == '.' || (c < 0x80 && Character.digit(c, 16) >= 0));
        try {
            if (ipv6) {
                return InetAddress.getByName(bare);
            }
        } catch (UnknownHostException e) {
            // An invalid IPv6 literal: refused below.
        }
        throw new IllegalArgumentException("a host is an IP literal, not '" + host + "'");
    }

    private static String typeOf(Throwable error) {
        return error instanceof RemoteError remote ? remote.type() : error.getClass().getName();
    }
}
