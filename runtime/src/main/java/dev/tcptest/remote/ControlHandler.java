package dev.tcptest.remote;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The HTTP side of the control endpoint: a path without the secret gets a bare 404, anything
 * else goes to the {@link Calls}, and an unexpected failure becomes a 500 with a message (and a
 * WARNING on the logger {@code dev.tcptest}) instead of a dropped connection.
 */
final class ControlHandler implements HttpHandler {

    private static final System.Logger LOG = System.getLogger("dev.tcptest");

    private final byte[] prefix;
    private final Answers calls;

    /** What answers a request that had the secret: the {@link Calls}. */
    interface Answers {

        /**
         * The answer to a request.
         *
         * @param request the request, its path under the secret
         * @return the reply
         * @throws IOException if the request's body cannot be read
         */
        Reply answer(Request request) throws IOException;
    }

    ControlHandler(String secret, Answers calls) {
        this.prefix = ("/" + secret + "/").getBytes(StandardCharsets.US_ASCII);
        this.calls = calls;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try {
            send(exchange, answer(exchange));
        } catch (IOException clientGone) {
            LOG.log(System.Logger.Level.DEBUG, "tcptest control endpoint: a client went away", clientGone);
        } finally {
            exchange.close();
        }
    }

    private Reply answer(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        if (!hasSecret(path)) {
            return Reply.BARE_NOT_FOUND;
        }
        String query = exchange.getRequestURI().getRawQuery();
        String under = path.substring(prefix.length);
        // servers/smtp/ is servers/smtp: a trailing slash is an easy slip in a curl command.
        under = under.endsWith("/") ? under.substring(0, under.length() - 1) : under;
        Request request = new Request(exchange.getRequestMethod(), under, query,
                exchange.getRequestHeaders().getFirst("Content-Type"), contentLength(exchange),
                exchange.getRequestBody());
        try {
            return calls.answer(request);
        } catch (IOException e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "tcptest control endpoint: " + request.method() + " "
                    + Calls.shown(request.path()) + " failed unexpectedly", e);
            return Reply.error(500, "the control endpoint failed unexpectedly on " + request.method() + " "
                    + Calls.shown(request.path()) + ": " + e + "; the log of the JVM that runs it has the details");
        }
    }

    /** Compared in constant time, so that the answer's timing tells nothing about the secret. */
    private boolean hasSecret(String path) {
        if (path == null || path.length() < prefix.length) {
            return false;
        }
        byte[] start = path.substring(0, prefix.length).getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(start, prefix);
    }

    private static long contentLength(HttpExchange exchange) {
        String declared = exchange.getRequestHeaders().getFirst("Content-Length");
        try {
            return declared == null ? -1 : Long.parseLong(declared.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static void send(HttpExchange exchange, Reply reply) throws IOException {
        // One call per connection: a kept-alive connection that the server's side closes as the
        // client reuses it fails that call, and a call that consumes (a take) cannot be retried.
        exchange.getResponseHeaders().set("Connection", "close");
        if (reply.allow() != null) {
            exchange.getResponseHeaders().set("Allow", reply.allow());
        }
        // HEAD and 204 answers have no body, and the server warns of a length given for one.
        if (reply.json() == null || exchange.getRequestMethod().equals("HEAD")) {
            if (reply.json() != null) {
                exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
            }
            exchange.sendResponseHeaders(reply.status(), -1);
            return;
        }
        byte[] body = reply.json().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(reply.status(), body.length);
        exchange.getResponseBody().write(body);
    }
}
