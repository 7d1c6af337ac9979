package dev.tcptest.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcptest.TcpServer;
import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The control endpoint on random paths, methods and queries, and on damaged JSON bodies for
 * its faults call, from a fixed seed: never a 500, every error a JSON message, no hang.
 */
class ControlEndpointFuzzTest {

    private static final String[] SEGMENTS = {"servers", "servers", "echo", "echo", "nobody", "pause", "resume", "faults",
        "connections", "take", "stop", "start", "", ".", "%2e%2e", "%2F", "a%20b", "%C3%A9", "%FF", "-", "_x.y"};
    private static final String[] METHODS = {"GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"};
    private static final String[] QUERIES = {"", "", "?timeout=0s", "?timeout=10ms", "?timeout=", "?timeout=x", "?a=b",
        "?timeout=1s&timeout=2s", "?%00"};

    private ControlEndpoint endpoint;
    private TcpServer echo;

    @BeforeEach
    void start() {
        endpoint = ControlEndpoint.start("127.0.0.1", 0);
        echo = TcpServer.builder().start();
        endpoint.register("echo", echo);
    }

    @AfterEach
    void stop() {
        endpoint.close();
        echo.close();
    }

    @Test
    void randomRequestsGetAClearAnswer() {
        SplittableRandom random = new SplittableRandom(42L);
        assertTimeoutPreemptively(Duration.ofMinutes(3), () -> {
            for (int i = 0; i < 600; i++) {
                StringBuilder path = new StringBuilder(random.nextInt(10) == 0 ? endpoint.url().replaceAll("/[0-9a-f]+/$", "/x/")
                        : endpoint.url());
                for (int s = random.nextInt(0, 5); s > 0; s--) {
                    path.append(SEGMENTS[random.nextInt(SEGMENTS.length)]).append(random.nextBoolean() ? "/" : "");
                }
                String method = METHODS[random.nextInt(METHODS.length)];
                String body = random.nextBoolean() ? null : JsonFuzzTest.damage(random, "{\"faults\":\"limit-data=9\"}");
                String url = path + QUERIES[random.nextInt(QUERIES.length)];
                assertAnswered(Http.send(method, url, body, random.nextBoolean() ? "application/json" : "text/plain"), url,
                        !url.contains("/x/"));
            }
        });
    }

    @Test
    void damagedJsonFaultBodiesGetAClearAnswer() {
        SplittableRandom random = new SplittableRandom(2026L);
        String url = endpoint.url() + "servers/echo/faults";
        assertTimeoutPreemptively(Duration.ofMinutes(3), () -> {
            for (int i = 0; i < 600; i++) {
                String document = random.nextBoolean() ? "{\"faults\":\"latency=1ms;jitter=1ms,bandwidth=1KiB/s\"}"
                        : JsonFuzzTest.DOCUMENTS.get(random.nextInt(JsonFuzzTest.DOCUMENTS.size()));
                Http.Answer answer = Http.put(url, JsonFuzzTest.damage(random, document), "application/json");
                assertAnswered(answer, url, true);
                assertTrue(answer.status() == 200 || answer.status() == 400, answer.status() + " " + answer.body());
            }
        });
    }

    private static void assertAnswered(Http.Answer answer, String url, boolean withSecret) {
        assertNotEquals(500, answer.status(), url + ": " + answer.body());
        if (!withSecret) {
            assertEquals(404, answer.status(), url);
            assertEquals("", answer.body(), url);
        } else if (answer.status() >= 400 && !answer.body().isEmpty()) {
            assertInstanceOf(String.class, answer.json().get("error"), url + ": " + answer.body());
        }
        // Successes are the call tests' to check; an error answer to HEAD has no body.
    }
}
