package dev.tcptest.remote;

import java.util.List;

/** A request the endpoint does not carry out, with the reply that says why. */
final class Refusal extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The answer to send. */
    private final transient Reply reply;

    private Refusal(Reply reply) {
        super(reply.json(), null, false, false);
        this.reply = reply;
    }

    Reply reply() {
        return reply;
    }

    /** 400: the request's data is wrong. */
    static Refusal badRequest(String message) {
        return new Refusal(Reply.error(400, message));
    }

    /** 404: no such call, or no such server (then with the known ids). */
    static Refusal notFound(String message, List<String> known) {
        return new Refusal(Reply.json(404, known == null ? JsonWriter.object("error", message)
                : JsonWriter.object("error", message, "known", known)));
    }

    /** 405: the path is a call's, the method is not. */
    static Refusal wrongMethod(String message, String allow) {
        return new Refusal(new Reply(405, JsonWriter.write(JsonWriter.object("error", message)), allow));
    }

    /** 409: the server's state does not allow it. */
    static Refusal conflict(String message) {
        return new Refusal(Reply.error(409, message));
    }

    /** 413: the body is too large. */
    static Refusal tooLarge(String message) {
        return new Refusal(Reply.error(413, message));
    }

    /** 503: the endpoint is closing. */
    static Refusal closing(String message) {
        return new Refusal(Reply.error(503, message));
    }
}
