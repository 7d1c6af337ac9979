package dev.tcptest.remote;

import static dev.tcptest.remote.JsonWriter.object;

import dev.tcptest.Fault;
import dev.tcptest.Faults;
import dev.tcptest.RecordedConnection;
import dev.tcptest.TcpServer;
import dev.tcptest.internal.fault.FaultSyntax;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Carries out the calls of the control endpoint: finds the call and the server a request names,
 * checks its input, acts, and says what happened. Each refusal leaves the server as it was.
 */
final class Calls implements ControlHandler.Answers {

    /** The largest body read; a fault string is short. */
    static final int MAX_BODY = 1024 * 1024;
    /** The most of a body too large that is read and thrown away before the answer. */
    private static final long DRAINED = 16L * 1024 * 1024;
    /** Paths and values longer than this are shortened in messages. */
    private static final int SHOWN = 100;

    private final Registry registry;

    Calls(Registry registry) {
        this.registry = registry;
    }

    /**
     * The answer to a request whose path had the secret.
     *
     * @param request the request
     * @return the reply
     * @throws IOException if the body cannot be read
     */
    @Override
    public Reply answer(Request request) throws IOException {
        try {
            if (request.contentLength() > MAX_BODY) {
                drain(request);
                throw tooLarge(request.contentLength() + " bytes");
            }
            Call call = call(request);
            String id = call == Call.LIST ? null : request.path().split("/", -1)[1];
            TcpServer server = id == null ? null : server(id);
            return perform(call, id, server, request);
        } catch (Refusal refusal) {
            return refusal.reply();
        }
    }

    private Call call(Request request) {
        List<Call> matching = Call.matching(request.path().split("/", -1));
        if (matching.isEmpty()) {
            throw Refusal.notFound("no call " + request.method() + " " + shown(request.path()) + " here; the calls are "
                    + Call.ALL + ", each under the endpoint's URL", null);
        }
        for (Call call : matching) {
            if (call.method.equals(request.method())) {
                checkQuery(call, request.query());
                return call;
            }
        }
        String allowed = matching.stream().map(call -> call.method).collect(Collectors.joining(", "));
        throw Refusal.wrongMethod(matching.get(0).path + " takes " + allowed.replace(", ", " or ") + ", not "
                + shown(request.method()), allowed);
    }

    private static void checkQuery(Call call, String query) {
        if (query == null || query.isEmpty() || (call == Call.TAKE && query.startsWith("timeout=") && query.indexOf('&') < 0)) {
            return;
        }
        throw Refusal.badRequest(call + (call == Call.TAKE ? " takes one parameter, timeout (such as ?timeout=5s)"
                : " takes no parameters") + ", not '" + shown(query) + "'");
    }

    private TcpServer server(String id) {
        TcpServer server = registry.find(id);
        if (server == null) {
            List<String> known = registry.ids();
            throw Refusal.notFound("no server has the id '" + shown(id) + "' here; the ids are "
                    + (known.isEmpty() ? "none (no server is registered)" : String.join(", ", known)), known);
        }
        return server;
    }

    private Reply perform(Call call, String id, TcpServer server, Request request) throws IOException {
        switch (call) {
            case LIST -> {
                List<Object> servers = new ArrayList<>();
                registry.entries().forEach(entry -> servers.add(Wire.server(entry.getKey(), entry.getValue())));
                return Reply.json(200, object("servers", servers));
            }
            case SHOW -> {
                return serverReply(id, server);
            }
            case PAUSE -> pause(server);
            case RESUME -> server.resumeAccepting();
            case STOP -> server.stop();
            case START -> start(server);
            case ABORT -> server.abort();
            case SET_FAULTS -> server.faults(faults(request));
            case CLEAR_FAULTS -> server.faults();
            case CONNECTIONS -> {
                List<Object> connections = new ArrayList<>();
                server.connections().forEach(connection -> connections.add(Wire.connection(connection)));
                return Reply.json(200, object("connections", connections));
            }
            case CLEAR_CONNECTIONS -> server.clearConnections();
            case TAKE -> {
                return take(server, request.query());
            }
        }
        return serverReply(id, server);
    }

    private static Reply serverReply(String id, TcpServer server) {
        return Reply.json(200, Wire.server(id, server));
    }

    private static void pause(TcpServer server) {
        try {
            server.pauseAccepting();
        } catch (IllegalStateException e) {
            throw Refusal.conflict(e.getMessage());
        }
    }

    private static void start(TcpServer server) {
        try {
            server.start();
        } catch (UncheckedIOException | IllegalStateException e) {
            throw Refusal.conflict(e.getMessage());
        }
    }

    private static Reply take(TcpServer server, String query) {
        Duration timeout = query == null || query.isEmpty() ? Duration.ZERO : timeout(query.substring("timeout=".length()));
        RecordedConnection taken;
        try {
            taken = server.takeConnection(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Refusal.closing("the control endpoint is closing; the take was given up");
        }
        return taken == null ? Reply.NO_CONTENT : Reply.json(200, Wire.connection(taken));
    }

    private static Duration timeout(String raw) {
        try {
            return Duration.ofMillis(FaultSyntax.parseDuration(raw, "timeout"));
        } catch (IllegalArgumentException e) {
            throw Refusal.badRequest("the take's " + e.getMessage());
        }
    }

    private static Fault[] faults(Request request) throws IOException {
        String body = text(request);
        String faults = isJson(request.contentType()) ? faultsMember(body) : body;
        try {
            return Faults.parse(faults).toArray(Fault[]::new);
        } catch (IllegalArgumentException e) {
            throw Refusal.badRequest(e.getMessage());
        }
    }

    private static String faultsMember(String body) {
        Object parsed;
        try {
            parsed = JsonReader.parse(body);
        } catch (JsonException e) {
            throw Refusal.badRequest("the body is not JSON: " + e.getMessage() + "; send {\"faults\":\"latency=50ms\"}, or the"
                    + " fault string itself without the JSON content type");
        }
        if (!(parsed instanceof Map<?, ?> object) || object.size() != 1 || !(object.get("faults") instanceof String faults)) {
            throw Refusal.badRequest("the body must be a JSON object with one member, \"faults\", a string such as"
                    + " {\"faults\":\"latency=50ms\"}; was " + shown(body));
        }
        return faults;
    }

    private static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        int parameters = contentType.indexOf(';');
        String media = (parameters < 0 ? contentType : contentType.substring(0, parameters)).trim();
        return media.toLowerCase(Locale.ROOT).equals("application/json");
    }

    private static String text(Request request) throws IOException {
        byte[] bytes = request.body().readNBytes(MAX_BODY + 1);
        if (bytes.length > MAX_BODY) {
            drain(request);
            throw tooLarge("more than that");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw Refusal.badRequest("the body is not UTF-8 text; send the fault string, such as latency=50ms, in UTF-8");
        }
    }

    /**
     * Reads what is left of a body, up to a bound, so that the client, still sending, reads the
     * answer instead of a reset: closing a socket with unread input resets the connection.
     */
    private static void drain(Request request) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long left = DRAINED;
        int n;
        while (left > 0 && (n = request.body().read(buffer, 0, (int) Math.min(buffer.length, left))) > 0) {
            left -= n;
        }
    }

    private static Refusal tooLarge(String size) {
        return Refusal.tooLarge("the body may hold at most 1 MiB (" + MAX_BODY + " bytes), this one has " + size
                + "; a fault string such as latency=50ms is short");
    }

    /** A text as a message shows it: whole when short, else its start and its length. */
    static String shown(String text) {
        return text.length() <= SHOWN ? text : text.substring(0, SHOWN) + "... (" + text.length() + " characters)";
    }
}
