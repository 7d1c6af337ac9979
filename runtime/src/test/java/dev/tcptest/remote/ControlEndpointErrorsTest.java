package dev.tcptest.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.tcptest.TcpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the control endpoint answers to requests it does not carry out: each a clear error, nothing changed. */
class ControlEndpointErrorsTest {

    private ControlEndpoint endpoint;
    private TcpServer echo;
    private String base;
    private String url;

    @BeforeEach
    void start() {
        endpoint = ControlEndpoint.start("127.0.0.1", 0);
        echo = TcpServer.builder().faults("limit-data=3").start();
        endpoint.register("echo", echo);
        endpoint.register("other", echo);
        base = endpoint.url();
        url = base + "servers/echo/";
    }

    @AfterEach
    void stop() {
        endpoint.close();
        echo.close();
    }

    @Test
    void aPathWithoutTheSecretGetsABare404() {
        String root = base.substring(0, base.length() - 34);
        String wrong = base.substring(0, base.length() - 2) + (base.charAt(base.length() - 2) == '0' ? "1/" : "0/");
        for (String path : new String[] {root + "/", root + "/servers", wrong + "servers", base.substring(0, base.length() - 1),
                root + "/servers/echo/stop"}) {
            for (String method : new String[] {"GET", "POST", "DELETE"}) {
                Http.Answer answer = Http.send(method, path, (byte[]) null, null);
                assertEquals(404, answer.status(), path);
                assertEquals("", answer.body(), path);
                assertFalse(answer.headers().firstValue("Content-Type").isPresent(), path);
            }
        }
        assertTrue(echo.isRunning());
    }

    @Test
    void anUnknownIdIsA404ListingTheKnownIds() {
        Http.Answer answer = Http.post(base + "servers/smtp/stop");
        String error = answer.error(404);
        assertTrue(error.contains("'smtp'") && error.contains("echo, other"), error);
        assertEquals(List.of("echo", "other"), answer.json().get("known"));
        assertEquals(404, Http.get(base + "servers/%2e%2e").status());
    }

    @Test
    void aPathThatIsNoCallIsA404ListingTheCalls() {
        for (String path : new String[] {"", "server", "servers/echo/pause/now", "servers//pause", "servers/echo/connections/give"}) {
            String error = Http.get(base + path).error(404);
            assertTrue(error.contains("PUT|DELETE servers/{id}/faults"), error);
        }
    }

    @Test
    void aWrongMethodIsA405NamingTheAllowedOnes() {
        Http.Answer get = Http.get(url + "stop");
        assertTrue(get.error(405).contains("takes POST, not GET"), get.body());
        assertEquals("POST", get.headers().firstValue("Allow").orElseThrow());
        Http.Answer post = Http.post(url + "faults");
        assertTrue(post.error(405).contains("PUT or DELETE"), post.body());
        assertEquals("PUT, DELETE", post.headers().firstValue("Allow").orElseThrow());
        Http.Answer head = Http.send("HEAD", url, (byte[]) null, null);
        assertEquals(405, head.status());
        assertEquals("GET", head.headers().firstValue("Allow").orElseThrow());
        assertTrue(echo.isRunning());
    }

    @Test
    void malformedBodiesAreBadRequestsAndChangeNothing() throws IOException {
        String notJson = Http.put(url + "faults", "{\"faults\": latency}", "application/json").error(400);
        assertTrue(notJson.contains("not JSON") && notJson.contains("offset 11"), notJson);
        for (String body : new String[] {"[\"latency=1ms\"]", "{\"faults\":1}", "{\"faults\":null}", "{}",
                "{\"faults\":\"latency=1ms\",\"more\":true}"}) {
            String error = Http.put(url + "faults", body, "application/json").error(400);
            assertTrue(error.contains("one member, \"faults\""), error);
        }
        byte[] latin1 = "latency=1ms \u00e9".getBytes(StandardCharsets.ISO_8859_1);
        String notUtf8 = Http.send("PUT", url + "faults", latin1, "text/plain").error(400);
        assertTrue(notUtf8.contains("not UTF-8"), notUtf8);
        assertEquals("hel", Talk.talk(echo.port(), "hello"), "the server's faults are as they were");
    }

    @Test
    void aBodyOverOneMebibyteIsA413() throws IOException {
        byte[] large = new byte[Calls.MAX_BODY + 1];
        java.util.Arrays.fill(large, (byte) ' ');
        String error = Http.send("PUT", url + "faults", large, "text/plain").error(413);
        assertTrue(error.contains("at most 1 MiB"), error);
        byte[] justRight = new byte[Calls.MAX_BODY];
        java.util.Arrays.fill(justRight, (byte) ' ');
        assertEquals(200, Http.send("PUT", url + "faults", justRight, "text/plain").status(), "blank: no faults");
        assertEquals("hello", Talk.talk(echo.port(), "hello"));
    }

    @Test
    void aChunkedBodyOverOneMebibyteIsA413Too() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", Integer.parseInt(base.split("[:/]")[4]))) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            String path = base.substring(base.indexOf('/', 7)) + "servers/echo/faults";
            out.write(("PUT " + path + " HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = new byte[64 * 1024];
            java.util.Arrays.fill(chunk, (byte) ' ');
            for (int i = 0; i < 17; i++) {
                out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(chunk);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String head = new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
            assertEquals("HTTP/1.1 413", head);
        }
    }

    @Test
    void aQueryOnACallWithoutParametersIsABadRequest() {
        String error = Http.post(url + "stop?now=true").error(400);
        assertTrue(error.contains("POST servers/{id}/stop takes no parameters"), error);
        assertTrue(echo.isRunning());
    }

    @Test
    void anUnexpectedFailureIsA500WithAMessageAndAWarning() throws Exception {
        Logger logger = Logger.getLogger("dev.tcptest");
        List<LogRecord> logged = new java.util.concurrent.CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        logger.addHandler(capture);
        HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/", new ControlHandler("s3cret", request -> {
            throw new IllegalStateException("broken on purpose");
        }));
        http.start();
        try {
            String error = Http.get("http://127.0.0.1:" + http.getAddress().getPort() + "/s3cret/servers").error(500);
            assertTrue(error.contains("broken on purpose") && error.contains("GET servers"), error);
            LogRecord warning = logged.stream().filter(r -> r.getLevel() == Level.WARNING).findFirst().orElseThrow();
            assertEquals("broken on purpose", warning.getThrown().getMessage());
        } finally {
            http.stop(0);
            logger.removeHandler(capture);
        }
    }
}
