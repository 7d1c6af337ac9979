package dev.tcptest.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcptest.AcceptHandler;
import dev.tcptest.RecordedConnection;
import dev.tcptest.TcpServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The faults and connections calls of the control endpoint over raw HTTP, as curl makes them. */
class ControlEndpointCallsTest {

    private ControlEndpoint endpoint;
    private TcpServer echo;
    private String url;

    @BeforeEach
    void start() {
        endpoint = ControlEndpoint.start("127.0.0.1", 0);
        echo = TcpServer.builder().start();
        endpoint.register("echo", echo);
        url = endpoint.url() + "servers/echo/";
    }

    @AfterEach
    void stop() {
        endpoint.close();
        echo.close();
    }

    @Test
    void putFaultsTakesTheFaultStringAsTextOrAsJsonAndDeleteClearsThem() throws Exception {
        assertEquals(200, Http.put(url + "faults", "limit-data=3", "text/plain").status());
        assertEquals("hel", Talk.talk(echo.port(), "hello"));
        assertEquals(200, Http.put(url + "faults", "{\"faults\": \"limit-data=2\"}", "application/json; charset=UTF-8").status());
        assertEquals("he", Talk.talk(echo.port(), "hello"));
        assertEquals(200, Http.put(url + "faults", "limit-data=4", null).status(), "any content type is text");
        assertEquals("hell", Talk.talk(echo.port(), "hello"));
        assertEquals(true, Http.delete(url + "faults").get("running"), "answers the server");
        assertEquals("hello", Talk.talk(echo.port(), "hello"));
    }

    @Test
    void aBadFaultStringIsABadRequestWithTheParsersMessageAndChangesNothing() throws Exception {
        Http.put(url + "faults", "limit-data=3", "text/plain");
        String error = Http.put(url + "faults", "latency=fast", "text/plain").error(400);
        assertTrue(error.contains("latency needs a duration like 50ms"), error);
        String json = Http.put(url + "faults", "{\"faults\":\"nonsense=1\"}", "application/json").error(400);
        assertTrue(json.contains("nonsense"), json);
        assertEquals("hel", Talk.talk(echo.port(), "hello"), "the faults before stay");
    }

    @Test
    void getConnectionsListsEveryRecordedConnectionWithItsBytesAndTurns() throws Exception {
        Talk.talk(echo.port(), "ping");
        RecordedConnection local = echo.takeConnection(Duration.ofSeconds(10));
        List<Map<String, Object>> connections = Http.get(url + "connections").list("connections");
        assertEquals(1, connections.size());
        Map<String, Object> seen = connections.get(0);
        assertEquals(1L, seen.get("id"));
        assertEquals("127.0.0.1:" + local.remoteAddress().getPort(), seen.get("remoteAddress"));
        assertEquals("127.0.0.1:" + echo.port(), seen.get("localAddress"));
        assertEquals(local.acceptedAt(), Instant.parse((String) seen.get("acceptedAt")));
        assertEquals(local.closedAt(), Instant.parse((String) seen.get("closedAt")));
        assertEquals("CLOSED", seen.get("closeReason"));
        assertNull(seen.get("error"));
        assertEquals(4L, seen.get("receivedCount"));
        assertEquals(4L, seen.get("sentCount"));
        assertEquals(false, seen.get("truncated"));
        assertEquals("ping", new String(Base64.getDecoder().decode((String) seen.get("received"))));
        assertEquals("ping", new String(Base64.getDecoder().decode((String) seen.get("sent"))));
        assertEquals(List.of(JsonWriter.object("from", "client", "bytes", 4L), JsonWriter.object("from", "server", "bytes", 4L)),
                seen.get("turns"));
        assertEquals(local.transcript(), seen.get("transcript"));
    }

    @Test
    void aHandlersErrorIsItsTypeAndMessage() throws Exception {
        AcceptHandler failing = connection -> {
            throw new IllegalStateException("no \"greeting\" today");
        };
        try (TcpServer server = TcpServer.builder().handler(failing).start()) {
            endpoint.register("failing", server);
            Talk.talk(server.port(), "");
            Map<String, Object> seen = Http.post(endpoint.url() + "servers/failing/connections/take?timeout=10s").json();
            assertEquals("HANDLER_ERROR", seen.get("closeReason"));
            assertEquals(JsonWriter.object("type", "java.lang.IllegalStateException", "message", "no \"greeting\" today"),
                    seen.get("error"));
        }
    }

    @Test
    void takeAnswersTheNextFinishedConnectionOnceOrNoContent() throws Exception {
        assertEquals(204, Http.post(url + "connections/take").status(), "the default timeout is 0s");
        Talk.talk(echo.port(), "one");
        Http.Answer taken = Http.post(url + "connections/take?timeout=5s");
        assertEquals(1L, taken.get("id"));
        Http.Answer none = Http.post(url + "connections/take?timeout=50ms");
        assertEquals(204, none.status());
        assertEquals("", none.body());
        assertEquals(1, Http.get(url + "connections").list("connections").size(), "a taken connection is still listed");
    }

    @Test
    void takeWaitsForAConnectionToFinish() throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        CompletableFuture<HttpResponse<String>> waiting = client.sendAsync(HttpRequest.newBuilder(
                URI.create(url + "connections/take?timeout=30s")).POST(HttpRequest.BodyPublishers.noBody())
                .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals("later", Talk.talk(echo.port(), "later"));
        HttpResponse<String> response = waiting.get(60, TimeUnit.SECONDS);
        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.body().contains("\"receivedCount\":5"), response.body());
    }

    @Test
    void aBadTakeTimeoutIsABadRequest() {
        for (String timeout : new String[] {"5", "-1s", "soon", "5h", "", "5s&x=1"}) {
            String error = Http.post(url + "connections/take?timeout=" + timeout).error(400);
            assertTrue(error.contains("timeout"), error);
        }
        String other = Http.post(url + "connections/take?wait=5s").error(400);
        assertTrue(other.contains("takes one parameter, timeout"), other);
    }

    @Test
    void deleteConnectionsForgetsThemAndAnswersTheServer() throws Exception {
        Talk.talk(echo.port(), "gone");
        // The client saw the end; the server records it once its side has closed too.
        RemoteTcpServerTest.await(() -> echo.connections().stream().allMatch(seen -> seen.closeReason() != null),
                "the connection finished");
        Map<String, Object> answer = Http.delete(url + "connections").json();
        assertEquals("echo", answer.get("id"));
        assertEquals(List.of(), Http.get(url + "connections").list("connections"));
        assertEquals(1L, Http.get(url).get("acceptedCount"), "the count goes on");
    }
}
