package dev.tcptest.remote;

import java.util.Map;

/**
 * An answer of the control endpoint: a status and a JSON body, or no body at all.
 *
 * @param status the HTTP status
 * @param json the body, or null for none
 * @param allow the methods an {@code Allow} header names, or null for no such header
 */
record Reply(int status, String json, String allow) {

    /** A 404 that says nothing, for a path without the secret. */
    static final Reply BARE_NOT_FOUND = new Reply(404, null, null);
    /** A take that found no connection in time. */
    static final Reply NO_CONTENT = new Reply(204, null, null);

    /**
     * A JSON answer.
     *
     * @param status the status
     * @param value what {@link JsonWriter} writes
     * @return the reply
     */
    static Reply json(int status, Object value) {
        return new Reply(status, JsonWriter.write(value), null);
    }

    /**
     * An error with its message.
     *
     * @param status the status
     * @param message what went wrong and what to do
     * @return the reply
     */
    static Reply error(int status, String message) {
        return json(status, Map.of("error", message));
    }
}
