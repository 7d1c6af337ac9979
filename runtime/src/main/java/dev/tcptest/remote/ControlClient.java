package dev.tcptest.remote;

import dev.tcptest.internal.fault.FaultSyntax;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Function;

/**
 * The HTTP calls of {@link RemoteServers} and {@link RemoteTcpServer}: each bounded by the call
 * timeout, each failure turned into the exception a local server would throw, or an
 * {@link IllegalStateException} naming the endpoint's host and port. No message shows the URL,
 * whose path is the endpoint's secret.
 */
final class ControlClient {

    /** The longest a take's HTTP request is given on top of the call timeout. */
    private static final Duration LONGEST_TAKE = Duration.ofDays(365);
    private static final String FORM = "expected http://HOST:PORT/SECRET/, as ControlEndpoint.url() and the plugin's"
            + " tcptest.control.url give it";

    private final HttpClient http;
    private final URI base;
    private final String where;
    private final Duration callTimeout;

    private ControlClient(URI base, Duration callTimeout) {
        this.base = base;
        this.where = base.getHost() + ":" + base.getPort();
        this.callTimeout = callTimeout;
        // No proxy: the endpoint is on this machine, and a build's proxy settings must not reroute it.
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(callTimeout)
                .proxy(HttpClient.Builder.NO_PROXY).build();
    }

    /**
     * A client of the endpoint at a URL.
     *
     * @param url the endpoint's URL
     * @param callTimeout how long each call may take
     * @return the client; nothing is sent yet
     * @throws IllegalArgumentException if the URL is not the endpoint's form or the timeout not positive
     */
    static ControlClient of(String url, Duration callTimeout) {
        if (callTimeout == null || callTimeout.isNegative() || callTimeout.isZero()) {
            throw new IllegalArgumentException("the call timeout must be positive, was " + callTimeout
                    + "; use RemoteServers.connect(url) for 10 seconds");
        }
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("the control URL is " + (url == null ? "null" : "blank") + ": " + FORM
                    + "; pass that property to the tests, as failsafe's <systemPropertyVariables> do");
        }
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("the control URL is not a URL (" + e.getReason() + "): " + FORM);
        }
        String problem = uri.getScheme() == null || !uri.getScheme().toLowerCase(Locale.ROOT).equals("http")
                ? "its scheme is not http" : uri.getHost() == null ? "it has no host" : uri.getPort() < 0 ? "it has no port"
                : uri.getRawPath() == null || uri.getRawPath().length() < 2 ? "it has no secret path"
                : uri.getRawQuery() != null || uri.getRawFragment() != null ? "it has a query or fragment" : null;
        if (problem != null) {
            throw new IllegalArgumentException("the control URL is not the endpoint's, " + problem + ": " + FORM);
        }
        String path = uri.getRawPath().endsWith("/") ? uri.getRawPath() : uri.getRawPath() + "/";
        return new ControlClient(URI.create("http://" + uri.getRawAuthority() + path), callTimeout);
    }

    /** @return the endpoint's host and port, as messages name it */
    String where() {
        return where;
    }

    /**
     * A call that is not to wait: an interrupt ends it with an {@link IllegalStateException}, the
     * interrupt kept.
     */
    <T> T call(String method, String path, String body, Function<Members, T> read) {
        try {
            return call(method, path, body, Duration.ZERO, read);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while calling the tcptest control endpoint at " + where, e);
        }
    }

    /**
     * A call to the endpoint.
     *
     * @param method the HTTP method
     * @param path the path under the secret
     * @param body a text body, or null for none
     * @param wait how long the endpoint may wait before it answers, on top of the call timeout
     * @param read what to make of the answer's members
     * @return what {@code read} made, or null for a 204
     * @throws InterruptedException if interrupted while waiting for the answer
     */
    <T> T call(String method, String path, String body, Duration wait, Function<Members, T> read) throws InterruptedException {
        Duration limit = callTimeout.plus(wait.compareTo(LONGEST_TAKE) > 0 ? LONGEST_TAKE : wait);
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(limit);
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                    .header("Content-Type", "text/plain; charset=utf-8");
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw unreachable(e, limit);
        }
        if (response.statusCode() == 204) {
            return null;
        }
        Members members = members(response);
        if (response.statusCode() != 200) {
            throw refused(response.statusCode(), members);
        }
        try {
            return read.apply(members);
        } catch (IllegalArgumentException | DateTimeException | ArithmeticException e) {
            throw unreadable(response.statusCode(), e.getMessage());
        }
    }

    private Members members(HttpResponse<String> response) {
        if (response.statusCode() == 404 && response.body().isEmpty()) {
            throw new IllegalStateException("the tcptest control endpoint at " + where + " does not know the URL's secret:"
                    + " the URL is of another run (each endpoint has a new one); take tcptest.control.url of the running build");
        }
        try {
            return Members.of(JsonReader.parse(response.body()));
        } catch (JsonException | IllegalArgumentException e) {
            throw unreadable(response.statusCode(), e.getMessage());
        }
    }

    private RuntimeException refused(int status, Members members) {
        String message;
        try {
            message = members.string("error");
        } catch (IllegalArgumentException e) {
            return unreadable(status, e.getMessage());
        }
        return status == 400 || status == 404 ? new IllegalArgumentException(message) : new IllegalStateException(message);
    }

    private IllegalStateException unreadable(int status, String why) {
        return new IllegalStateException("the tcptest control endpoint at " + where + " answered " + status
                + " with a body that is not what its version writes (" + why + "): is it a tcptest control endpoint"
                + " of the same version as this client?");
    }

    private IllegalStateException unreachable(IOException e, Duration limit) {
        String what;
        if (e instanceof HttpConnectTimeoutException) {
            what = "did not accept the connection within " + shown(callTimeout);
        } else if (e instanceof HttpTimeoutException) {
            what = "did not answer within " + shown(limit);
        } else if (e instanceof ConnectException) {
            what = "refused the connection";
        } else {
            what = "broke the connection (" + e.getClass().getSimpleName() + ")";
        }
        return new IllegalStateException("the tcptest control endpoint at " + where + " " + what
                + ": is the build, or the command line, that started it still running?", e);
    }

    private static String shown(Duration duration) {
        return duration.compareTo(LONGEST_TAKE) > 0 ? duration.toString() : FaultSyntax.formatDuration(duration.toMillis());
    }
}
