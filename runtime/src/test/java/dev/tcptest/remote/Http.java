package dev.tcptest.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Raw HTTP calls to a control endpoint, as curl or another language makes them; each bounded by a timeout. */
final class Http {

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    private Http() {
    }

    /** An answer: status, headers and body text. */
    record Answer(int status, HttpHeaders headers, String body) {

        /** @return the body as a JSON object, failing if it is none */
        @SuppressWarnings("unchecked")
        Map<String, Object> json() {
            assertEquals("application/json; charset=utf-8", headers.firstValue("Content-Type").orElse(null), body);
            try {
                return (Map<String, Object>) JsonReader.parse(body);
            } catch (JsonException e) {
                throw new AssertionError("not JSON (" + e.getMessage() + "): " + body, e);
            }
        }

        /** @return the error message of a JSON error, checking the status */
        String error(int expectedStatus) {
            assertEquals(expectedStatus, status, body);
            return (String) json().get("error");
        }

        /** @return a member of the body, checking the status is 200 */
        Object get(String name) {
            assertEquals(200, status, body);
            return json().get(name);
        }

        /** @return the list member of the body */
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> list(String name) {
            return (List<Map<String, Object>>) get(name);
        }
    }

    static Answer get(String url) {
        return send("GET", url, (byte[]) null, null);
    }

    static Answer post(String url) {
        return send("POST", url, (byte[]) null, null);
    }

    static Answer put(String url, String body, String contentType) {
        return send("PUT", url, body, contentType);
    }

    static Answer delete(String url) {
        return send("DELETE", url, (byte[]) null, null);
    }

    static Answer send(String method, String url, String body, String contentType) {
        return send(method, url, body == null ? null : body.getBytes(StandardCharsets.UTF_8), contentType);
    }

    static Answer send(String method, String url, byte[] body, String contentType) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        try {
            HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Answer(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            return fail(method + " " + url + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail("interrupted", e);
        }
    }
}
