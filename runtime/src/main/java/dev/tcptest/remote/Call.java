package dev.tcptest.remote;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.stream.Collectors;

/** The calls of the control endpoint's HTTP API: a method and a path under the secret. */
enum Call {
    LIST("GET", "servers"),
    SHOW("GET", "servers/{id}"),
    PAUSE("POST", "servers/{id}/pause"),
    RESUME("POST", "servers/{id}/resume"),
    STOP("POST", "servers/{id}/stop"),
    START("POST", "servers/{id}/start"),
    ABORT("POST", "servers/{id}/abort"),
    SET_FAULTS("PUT", "servers/{id}/faults"),
    CLEAR_FAULTS("DELETE", "servers/{id}/faults"),
    CONNECTIONS("GET", "servers/{id}/connections"),
    CLEAR_CONNECTIONS("DELETE", "servers/{id}/connections"),
    TAKE("POST", "servers/{id}/connections/take");

    /** Every call, for messages: {@code GET servers, ..., PUT|DELETE servers/{id}/faults, ...}. */
    static final String ALL = Arrays.stream(values())
            .collect(Collectors.groupingBy(call -> call.path, LinkedHashMap::new,
                    Collectors.mapping(call -> call.method, Collectors.joining("|"))))
            .entrySet().stream().map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", "));

    final String method;
    final String path;
    private final String[] segments;

    Call(String method, String path) {
        this.method = method;
        this.path = path;
        this.segments = path.split("/");
    }

    /**
     * The calls whose path matches, whatever their method.
     *
     * @param segments the path under the secret, split at each {@code /}
     * @return the calls, none if the path is no call's
     */
    static List<Call> matching(String[] segments) {
        return Arrays.stream(values()).filter(call -> call.matches(segments)).toList();
    }

    private boolean matches(String[] path) {
        if (path.length != segments.length) {
            return false;
        }
        for (int i = 0; i < path.length; i++) {
            if (!path[i].equals(segments[i]) && !(segments[i].equals("{id}") && !path[i].isEmpty())) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return method + " " + path;
    }
}
