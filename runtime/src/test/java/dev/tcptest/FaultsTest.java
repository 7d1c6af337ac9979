package dev.tcptest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Each fault on a handler, seen by a raw socket client; the string form and its errors. */
class FaultsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String TEN = "0123456789";

    private static TcpServer serve(AcceptHandler handler) {
        return TcpServer.builder().handler(handler).start();
    }

    @Test
    void latencyDelaysEachWrite() throws Exception {
        try (TcpServer server = serve(Handlers.respond("late").with(Faults.latency(Duration.ofMillis(250))))) {
            long start = System.nanoTime();
            try (TestClient client = new TestClient(server)) {
                assertEquals("late", client.readToEnd());
                assertTrue(System.nanoTime() - start >= Duration.ofMillis(250).toNanos());
            }
            assertNull(server.takeConnection(WAIT).error());
        }
    }

    @Test
    void upstreamLatencyWithJitterDelaysWhatTheHandlerReads() throws Exception {
        Fault fault = Faults.latency(Duration.ofMillis(200), Duration.ofMillis(50)).upstream().withSeed(3);
        try (TcpServer server = serve(Handlers.echo().with(fault));
                TestClient client = new TestClient(server)) {
            long start = System.nanoTime();
            client.send("ping");
            assertEquals("ping", new String(client.readBytes(4), StandardCharsets.US_ASCII));
            assertTrue(System.nanoTime() - start >= Duration.ofMillis(150).toNanos());
        }
    }

    @Test
    void aJitterAsLargeAsADurationGoesDoesNotFailTheHandler() throws Exception {
        // Seed 13 draws a jitter below zero for connection #1, so the write goes out at once.
        Fault huge = Faults.latency(Duration.ZERO, Duration.ofMillis(Long.MAX_VALUE)).withSeed(13);
        try (TcpServer server = serve(Handlers.respond("x").with(huge));
                TestClient client = new TestClient(server)) {
            assertEquals("x", client.readToEnd());
            assertNull(server.takeConnection(WAIT).error());
        }
    }

    @Test
    void bandwidthPacesTheBytes() throws Exception {
        byte[] payload = new byte[4000];
        try (TcpServer server = serve(Handlers.respond(payload).with(Faults.bandwidth(10_000)))) {
            long start = System.nanoTime();
            try (TestClient client = new TestClient(server)) {
                assertEquals(4000, client.readToEnd().length());
                assertTrue(System.nanoTime() - start >= Duration.ofMillis(400).toNanos(), "4000 bytes at 10000 B/s take 0.4 s");
            }
        }
    }

    @Test
    void upstreamBandwidthPacesTheReads() throws Exception {
        try (TcpServer server = serve(Handlers.echo().with(Faults.bandwidth(5_000).upstream()));
                TestClient client = new TestClient(server)) {
            long start = System.nanoTime();
            client.send(new byte[2000]);
            client.shutdownOutput();
            assertEquals(2000, client.readAll().length());
            assertTrue(System.nanoTime() - start >= Duration.ofMillis(350).toNanos(), "2000 bytes at 5000 B/s take 0.4 s");
        }
    }

    @Test
    void slicerSplitsWritesWithDelays() throws Exception {
        try (TcpServer server = serve(Handlers.respond(TEN).with(Faults.slicer(3, Duration.ofMillis(60))))) {
            long start = System.nanoTime();
            try (TestClient client = new TestClient(server)) {
                assertEquals(TEN, client.readToEnd());
                assertTrue(System.nanoTime() - start >= Duration.ofMillis(180).toNanos(), "four chunks, three delays");
            }
        }
    }

    @Test
    void upstreamSlicerHandsTheHandlerSmallReads() throws Exception {
        AtomicInteger largest = new AtomicInteger();
        AcceptHandler measuring = connection -> {
            InputStream in = connection.input();
            byte[] buffer = new byte[1024];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                largest.accumulateAndGet(n, Math::max);
                connection.output().write(buffer, 0, n);
            }
        };
        try (TcpServer server = serve(measuring.with(Faults.slicer(3, Duration.ZERO).upstream()));
                TestClient client = new TestClient(server)) {
            client.send("a longer message in one write");
            client.shutdownOutput();
            assertEquals("a longer message in one write", client.readAll());
            assertEquals(3, largest.get());
        }
    }

    @Test
    void upstreamSlicerDoesNotBreakScriptFraming() throws Exception {
        Script script = Script.parse("expect line \"HELLO WORLD\"\nexpect bytes 5\nsend \"ok\"");
        try (TcpServer server = serve(script.with(Faults.slicer(2, Duration.ofMillis(1)).upstream()));
                TestClient client = new TestClient(server)) {
            client.send("HELLO WORLD\r\n12345");
            assertEquals("ok", client.readToEnd());
            assertNull(server.takeConnection(WAIT).error());
        }
    }

    @Test
    void limitDataClosesAfterTheLimit() throws Exception {
        try (TcpServer server = serve(Handlers.respond(TEN).with(Faults.limitData(4)));
                TestClient client = new TestClient(server)) {
            assertEquals("0123", client.readToEnd());
            RecordedConnection seen = server.takeConnection(WAIT);
            assertEquals("0123", seen.sentText());
            assertEquals(CloseReason.CLOSED, seen.closeReason());
            assertNull(seen.error(), "a fault that closes on purpose is not a handler error");
        }
    }

    @Test
    void upstreamLimitDataClosesAfterReadingTheLimit() throws Exception {
        try (TcpServer server = serve(Handlers.echo().with(Faults.limitData(5).upstream()));
                TestClient client = new TestClient(server)) {
            client.send(TEN);
            assertEquals("01234", client.readToEnd());
            RecordedConnection seen = server.takeConnection(WAIT);
            assertEquals("01234", seen.sentText());
            assertNull(seen.error());
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"'bandwidth=1000B/s,limit-data=10', CLOSED", "'slicer=1;delay=100ms,limit-data=10', CLOSED",
        "'slicer=1;delay=100ms,reset-after=10', RESET"})
    void aSlowWriteEndsOnceAFaultNearerTheSocketCutsTheConnection(String faults, CloseReason reason) throws Exception {
        // Paced or sliced to the end, the write would go on for 100 s or more after the cut.
        try (TcpServer server = serve(Handlers.respond(new byte[100_000]).with(Faults.parse(faults)));
                TestClient client = new TestClient(server)) {
            String seenByClient = client.readToEndOrReset();
            assertTrue(seenByClient.equals("RESET") || seenByClient.length() == 10, seenByClient);
            if (!seenByClient.equals("RESET")) {
                client.shutdownOutput();
            }
            RecordedConnection seen = server.takeConnection(WAIT);
            assertNotNull(seen, "the handler returned once its connection was cut");
            assertEquals(10, seen.sentCount());
            assertEquals(reason, seen.closeReason());
            assertNull(seen.error());
        }
    }

    @Test
    void faultsAddedOneByOneEndTogetherLikeFaultsAddedAtOnce() throws Exception {
        AcceptHandler stepByStep = Handlers.respond(new byte[100_000]).with(Faults.bandwidth(1000)).with(Faults.limitData(10));
        assertEquals(Handlers.respond(new byte[100_000]).with(Faults.bandwidth(1000), Faults.limitData(10)).toString(),
                stepByStep.toString());
        try (TcpServer server = serve(stepByStep);
                TestClient client = new TestClient(server)) {
            assertEquals(10, client.readToEnd().length());
            RecordedConnection seen = server.takeConnection(WAIT);
            assertNotNull(seen, "the limit's close also ended the pacing of the rest");
            assertEquals(10, seen.sentCount());
            assertNull(seen.error());
        }
    }

    @Test
    void aFaultThatEndsTheConnectionEndsTheDelaysOfTheOthers() throws Exception {
        // The latency alone would hold the write for an hour; the reset ends it with the connection.
        AcceptHandler handler = Handlers.respond(TEN).with(Faults.latency(Duration.ofHours(1)),
                Faults.resetAfter(Duration.ofMillis(100)));
        try (TcpServer server = serve(handler);
                TestClient client = new TestClient(server)) {
            assertEquals("RESET", client.readToEndOrReset());
            RecordedConnection seen = server.takeConnection(WAIT);
            assertNotNull(seen, "the handler returned once the reset cut the latency short");
            assertEquals(0, seen.sentCount());
            assertEquals(CloseReason.RESET, seen.closeReason());
            assertNull(seen.error());
        }
    }

    @Test
    void aConnectionUnderFaultsCanBeFaultedAgain() throws Exception {
        // Not one stack: the inner handler is given the outer faults' connection and stacks its own over it.
        AcceptHandler inner = Script.parse("send \"0123456789\"\nhold").with(Faults.limitData(4));
        AcceptHandler outer = ((AcceptHandler) inner::handle).with(Faults.slicer(2, Duration.ofMillis(10)));
        try (TcpServer server = serve(outer);
                TestClient client = new TestClient(server)) {
            assertEquals("0123", client.readToEnd());
            RecordedConnection seen = server.takeConnection(WAIT);
            assertEquals("0123", seen.sentText());
            assertEquals(CloseReason.CLOSED, seen.closeReason());
            assertNull(seen.error(), "the hold ended with the connection the limit closed: " + seen.error());
        }
    }

    @Test
    void resetAfterBytesSendsRst() throws Exception {
        try (TcpServer server = serve(Handlers.respond(TEN).with(Faults.resetAfter(4)));
                TestClient client = new TestClient(server)) {
            String seenByClient = client.readToEndOrReset();
            assertTrue(seenByClient.equals("RESET") || seenByClient.equals("0123"), seenByClient);
            RecordedConnection seen = server.takeConnection(WAIT);
            assertEquals(CloseReason.RESET, seen.closeReason());
            assertEquals("0123", seen.sentText());
            assertNull(seen.error());
        }
    }

    @Test
    void resetAfterTimeResetsAnIdleConnection() throws Exception {
        try (TcpServer server = serve(Handlers.echo().with(Faults.resetAfter(Duration.ofMillis(200))))) {
            // Measured from before the connect: the fault's clock starts at accept, after it.
            long start = System.nanoTime();
            TestClient client = new TestClient(server);
            client.send("hi");
            assertEquals("hi", new String(client.readBytes(2), StandardCharsets.US_ASCII));
            assertEquals("RESET", client.readToEndOrReset());
            assertTrue(System.nanoTime() - start >= Duration.ofMillis(200).toNanos());
            client.close();
            RecordedConnection seen = server.takeConnection(WAIT);
            assertEquals(CloseReason.RESET, seen.closeReason());
            assertNull(seen.error());
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"limit-data=4, CLOSED", "reset-after=4, RESET", "reset-after=200ms, RESET"})
    void aScriptThatAFaultCutsShortIsNoHandlerError(String faults, CloseReason reason) throws Exception {
        Script script = Script.parse("smtp.chat", "send \"0123456789\"\nexpect line \"QUIT\"\nsend \"221 bye\"");
        try (TcpServer server = serve(script.with(Faults.parse(faults)));
                TestClient client = new TestClient(server)) {
            String seenByClient = client.readToEndOrReset();
            assertTrue(seenByClient.equals("RESET") || seenByClient.equals("0123"), seenByClient);
            if (!seenByClient.equals("RESET")) {
                client.shutdownOutput();   // so that the server's close need not wait for the FIN
            }
            RecordedConnection seen = server.takeConnection(WAIT);
            assertNull(seen.error(), "the fault ended the connection, not the client: " + seen.error());
            assertEquals(reason, seen.closeReason());
        }
    }

    @Test
    void aScriptWhoseInputAFaultCutsShortIsNoHandlerError() throws Exception {
        Script script = Script.parse("smtp.chat", "expect line \"HELO\"\nsend \"250 ok\\n\"\nexpect line \"QUIT\"");
        try (TcpServer server = serve(script.with(Faults.resetAfter(7).upstream()));
                TestClient client = new TestClient(server)) {
            client.send("HELO\n");
            assertEquals("250 ok\n", client.readLine());
            client.send("QUIT\n");
            assertEquals("RESET", client.readToEndOrReset());
            RecordedConnection seen = server.takeConnection(WAIT);
            assertNull(seen.error(), "the script read \"QU\" and then the fault's reset: " + seen.error());
            assertEquals(CloseReason.RESET, seen.closeReason());
            assertEquals("HELO\nQUI", seen.receivedText(), "the byte that tripped the reset crossed the wire");
        }
    }

    @Test
    void stallAfterBytesKeepsTheSocketOpenUntilTheServerStops() throws Exception {
        TcpServer server = serve(Handlers.respond(TEN).with(Faults.stallAfter(4)));
        try (TestClient client = new TestClient(server)) {
            assertEquals("0123", new String(client.readBytes(4), StandardCharsets.US_ASCII));
            client.socket.setSoTimeout(300);
            assertThrows(SocketTimeoutException.class, () -> client.input().read(), "stalled: open, but nothing more");
            client.socket.setSoTimeout(TestClient.TIMEOUT_MILLIS);
            server.stop();
            assertEquals("", client.readAll());
            RecordedConnection seen = server.takeConnection(WAIT);
            assertEquals("0123", seen.sentText());
            assertNull(seen.error());
        } finally {
            server.stop();
        }
    }

    @Test
    void upstreamStallReadsNothing() throws Exception {
        TcpServer server = serve(Handlers.echo().with(Faults.stall().upstream()));
        try (TestClient client = new TestClient(server)) {
            client.send("anyone there?");
            client.socket.setSoTimeout(300);
            assertThrows(SocketTimeoutException.class, () -> client.input().read());
            server.stop();
            RecordedConnection seen = server.takeConnection(WAIT);
            assertEquals(0, seen.sentCount(), "the echo handler never got the bytes, so it never echoed them");
            assertNull(seen.error());
        } finally {
            server.stop();
        }
    }

    @Test
    void scriptExpectTimesOutUnderAnUpstreamStall() throws Exception {
        Script script = Script.parse("stalled.chat", "timeout 300ms\nexpect line \"hello\"");
        try (TcpServer server = serve(script.with(Faults.stall().upstream()));
                TestClient client = new TestClient(server)) {
            client.send("hello\n");
            assertEquals("", client.readToEnd());
            assertEquals("stalled.chat:2: timed out after 300 ms waiting for a line matching \"hello\"; received meanwhile: nothing",
                    server.takeConnection(WAIT).error().getMessage());
        }
    }

    @Test
    void stallAfterTimeStopsForwardingLaterWrites() throws Exception {
        AcceptHandler twoWrites = connection -> {
            connection.output().write('a');
            Thread.sleep(400);
            connection.output().write('b');
        };
        TcpServer server = serve(twoWrites.with(Faults.stallAfter(Duration.ofMillis(150))));
        try (TestClient client = new TestClient(server)) {
            assertEquals('a', client.input().read());
            client.socket.setSoTimeout(700);
            assertThrows(SocketTimeoutException.class, () -> client.input().read(), "'b' is never forwarded");
            server.stop();
            assertEquals("a", server.takeConnection(WAIT).sentText());
        } finally {
            server.stop();
        }
    }

    @Test
    void slowCloseDelaysTheFin() throws Exception {
        try (TcpServer server = serve(Handlers.respond("x").with(Faults.slowClose(Duration.ofMillis(300))))) {
            long start = System.nanoTime();
            try (TestClient client = new TestClient(server)) {
                assertEquals('x', client.input().read());
                assertEquals(-1, client.input().read());
                assertTrue(System.nanoTime() - start >= Duration.ofMillis(300).toNanos(), "the FIN came 300 ms after the data");
            }
        }
    }

    @Test
    void slowCloseDelaysTheHandlersOwnClose() throws Exception {
        AcceptHandler closing = connection -> {
            connection.output().write('x');
            connection.close();
        };
        try (TcpServer server = serve(closing.with(Faults.slowClose(Duration.ofMillis(300))))) {
            long start = System.nanoTime();
            try (TestClient client = new TestClient(server)) {
                assertEquals("x", client.readToEnd());
                assertTrue(System.nanoTime() - start >= Duration.ofMillis(300).toNanos());
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"reset-after=300ms,slow-close=10m", "slow-close=10m,reset-after=300ms"})
    void aResetAfterATimeComesWhileASlowCloseHoldsTheFin(String faults) throws Exception {
        AcceptHandler halfClosing = connection -> {
            connection.output().write('x');
            connection.shutdownOutput();   // held back by the slow close
        };
        try (TcpServer server = TcpServer.builder().shutdownTimeout(Duration.ofMillis(500))
                .handler(halfClosing.with(Faults.parse(faults))).start();
                TestClient client = new TestClient(server)) {
            assertEquals('x', client.input().read());
            assertEquals("RESET", client.readToEndOrReset(), "the reset is due long before the FIN");
            server.stop();
            RecordedConnection seen = server.takeConnection(WAIT);
            assertEquals(CloseReason.RESET, seen.closeReason());
            assertNull(seen.error());
        }
    }

    @Test
    void seededProbabilityPicksTheSameConnectionsEveryTime() throws Exception {
        Fault sometimes = Faults.limitData(0).withProbability(0.5).withSeed(42);
        String first = outcomes(Handlers.respond("ok").with(sometimes));
        String second = outcomes(Handlers.respond("ok").with(sometimes));
        assertEquals(first, second);
        assertTrue(first.contains("ok") && first.contains("-"), "some connections cut, some not: " + first);
    }

    private static String outcomes(AcceptHandler handler) throws Exception {
        StringBuilder out = new StringBuilder();
        try (TcpServer server = serve(handler)) {
            for (int i = 0; i < 12; i++) {
                try (TestClient client = new TestClient(server)) {
                    String text = client.readToEnd();
                    out.append(text.isEmpty() ? "-" : text).append(' ');
                }
                server.takeConnection(WAIT);
            }
        }
        return out.toString();
    }

    @Test
    void seededDecisionsFollowTheConnectionNotTheOrderItsThreadRuns() throws Exception {
        // With seed 2, one of the first two connections is cut and the other is not.
        Fault sometimes = Faults.limitData(0).withProbability(0.5).withSeed(2);
        String inAcceptOrder = firstTwo(Handlers.respond("ok").with(sometimes), 2);
        String secondServedFirst = firstTwo(Handlers.respond("ok").with(sometimes), 1);
        assertTrue(inAcceptOrder.equals("#1 - #2 ok") || inAcceptOrder.equals("#1 ok #2 -"), inAcceptOrder);
        assertEquals(inAcceptOrder, secondServedFirst);
    }

    /** Serves two connections one after the other: the one numbered {@code waits} waits for the other to be served. */
    private static String firstTwo(AcceptHandler faulted, long waits) throws Exception {
        CountDownLatch otherServed = new CountDownLatch(1);
        AcceptHandler handler = connection -> {
            if (connection.id() == waits) {
                otherServed.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            }
            try {
                faulted.handle(connection);
            } finally {
                if (connection.id() != waits) {
                    otherServed.countDown();
                }
            }
        };
        try (TcpServer server = serve(handler);
                TestClient first = new TestClient(server)) {
            for (int i = 0; i < 500 && server.acceptedCount() < 1; i++) {
                Thread.sleep(10);
            }
            try (TestClient second = new TestClient(server)) {
                // Read in the order they are served: each waits for its client's FIN as it closes.
                String one = waits == 2 ? first.readToEnd() : null;
                String two = second.readToEnd();
                one = one != null ? one : first.readToEnd();
                return "#1 " + (one.isEmpty() ? "-" : one) + " #2 " + (two.isEmpty() ? "-" : two);
            }
        }
    }

    @Test
    void faultsStackOnAHandler() throws Exception {
        AcceptHandler handler = Handlers.respond(TEN).with(Faults.slicer(2, Duration.ofMillis(10)), Faults.limitData(7));
        try (TcpServer server = serve(handler);
                TestClient client = new TestClient(server)) {
            assertEquals("0123456", client.readToEnd());
        }
        assertSame(Handlers.echo().getClass(), Handlers.echo().with().getClass(), "no faults: the handler itself");
    }

    @Test
    void stringFormRoundTrips() {
        List<Fault> faults = List.of(
                Faults.latency(Duration.ofMillis(50)),
                Faults.latency(Duration.ofSeconds(2), Duration.ofMillis(1500)).upstream(),
                Faults.bandwidth(10 * 1024),
                Faults.bandwidth(1000).upstream(),
                Faults.slicer(16, Duration.ofMillis(5)),
                Faults.slicer(1, Duration.ZERO).upstream(),
                Faults.limitData(1024 * 1024),
                Faults.resetAfter(1024).upstream().withProbability(0.3),
                Faults.resetAfter(Duration.ofMinutes(1)),
                Faults.stall(),
                Faults.stallAfter(100).upstream(),
                Faults.stallAfter(Duration.ofMillis(250)).withSeed(-7),
                Faults.slowClose(Duration.ofMillis(1)));
        String text = Faults.format(faults);
        assertEquals("latency=50ms,latency=2s;jitter=1500ms;upstream,bandwidth=10KiB/s,bandwidth=1000B/s;upstream,"
                + "slicer=16B;delay=5ms,slicer=1B;upstream,limit-data=1MiB,reset-after=1KiB;upstream;probability=0.3,"
                + "reset-after=1m,stall-after=0B,stall-after=100B;upstream,stall-after=250ms;seed=-7,slow-close=1ms", text);
        assertEquals(faults, Faults.parse(text));
        assertEquals(faults.get(7), Faults.parse(faults.get(7).toString()).get(0));
    }

    @Test
    void parseAcceptsUnitsSpacesAndDefaults() {
        List<Fault> faults = Faults.parse(" latency = 50ms ; jitter=5ms , bandwidth=10KB/s ,reset-after=1024, stall-after=2s;downstream");
        assertEquals(List.of(Faults.latency(Duration.ofMillis(50), Duration.ofMillis(5)), Faults.bandwidth(10_000),
                Faults.resetAfter(1024), Faults.stallAfter(Duration.ofSeconds(2))), faults);
        assertEquals(List.of(), Faults.parse("  "));
        assertEquals(Optional.of(Fault.Direction.DOWNSTREAM), faults.get(0).direction());
        assertEquals(Optional.empty(), Faults.slowClose(Duration.ZERO).direction());
        assertEquals("reset-after", faults.get(2).name());
        assertEquals(1.0, faults.get(2).probability());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "latncy=50ms|bad fault 'latncy=50ms' in \"latncy=50ms\": unknown fault 'latncy'; valid faults: latency, bandwidth, slicer, limit-data, reset-after, stall-after, slow-close",
        "latency=50|bad fault 'latency=50' in \"latency=50\": latency needs a duration like 50ms, 2s or 1m, found '50'; write a whole number with ms, s or m",
        "latency=5ms;jiter=1ms|bad fault 'latency=5ms;jiter=1ms' in \"latency=5ms;jiter=1ms\": unknown option 'jiter' for latency; valid options: jitter=DURATION, upstream, downstream, probability=P, seed=N",
        "bandwidth=10KiB|bad fault 'bandwidth=10KiB' in \"bandwidth=10KiB\": bandwidth needs a rate like 10KiB/s, found '10KiB'",
        "limit-data=1kb|bad fault 'limit-data=1kb' in \"limit-data=1kb\": limit-data needs a size like 1KiB, 512B or 1000, found '1kb'; units: B, KiB, MiB, GiB, KB, MB, GB (bytes if none)",
        "reset-after=soon|bad fault 'reset-after=soon' in \"reset-after=soon\": reset-after needs a size like 1KiB or a duration like 2s, found 'soon'; sizes: a number with B, KiB, MiB, GiB, KB, MB or GB (bytes if none); durations: ms, s or m",
        "slow-close=1s;upstream|bad fault 'slow-close=1s;upstream' in \"slow-close=1s;upstream\": slow-close acts on the whole connection and has no direction; drop the upstream setting",
        "latency=1ms;probability=2|bad fault 'latency=1ms;probability=2' in \"latency=1ms;probability=2\": probability must be more than 0 and at most 1, was 2.0",
        "bandwidth=1KiB/s;jitter=1ms|bad fault 'bandwidth=1KiB/s;jitter=1ms' in \"bandwidth=1KiB/s;jitter=1ms\": 'jitter' is an option of latency only; options of bandwidth: upstream, downstream, probability=P, seed=N",
        "latency|bad fault 'latency' in \"latency\": expected name=value, like latency=50ms; valid names: latency, bandwidth, slicer, limit-data, reset-after, stall-after, slow-close",
        "latency=50ms;|bad fault 'latency=50ms;' in \"latency=50ms;\": empty option; write each option after a single ';', like latency=50ms;jitter=10ms, or drop the extra ';'",
        "bandwidth=1KiB/s;;upstream|bad fault 'bandwidth=1KiB/s;;upstream' in \"bandwidth=1KiB/s;;upstream\": empty option; write each option after a single ';', like bandwidth=1KiB/s;upstream, or drop the extra ';'",
        "`slow-close=1s; ;seed=3`|bad fault 'slow-close=1s; ;seed=3' in \"slow-close=1s; ;seed=3\": empty option; write each option after a single ';', like slow-close=1s;probability=0.5, or drop the extra ';'",
    })
    void parseErrorsNameTheTokenAndTheChoices(String text, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Faults.parse(text));
        assertEquals(message, e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "latency=50ms;jitter=1ms;jitter=2ms|'jitter' is given twice; write it once",
        "slicer=16;delay=1ms;delay=2ms|'delay' is given twice; write it once",
        "latency=1ms;upstream;downstream|the direction is given twice; write upstream or downstream once",
        "reset-after=1KiB;upstream;upstream|the direction is given twice; write upstream or downstream once",
        "latency=1ms;probability=0.5;probability=1|'probability' is given twice; write it once",
        "latency=1ms;seed=1;seed=2|'seed' is given twice; write it once",
    })
    void parseRejectsAnOptionGivenTwiceInsteadOfKeepingTheLast(String text, String reason) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Faults.parse(text));
        assertEquals("bad fault '" + text + "' in \"" + text + "\": " + reason, e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "latency=99999999999999999999ms|latency duration '99999999999999999999ms' is too large",
        "limit-data=99999999999999999999|limit-data size '99999999999999999999' is too large",
        "latency=-5ms|latency needs a duration like 50ms, 2s or 1m, found '-5ms'; it must not be negative",
        "latency=1.5s|latency needs a duration like 50ms, 2s or 1m, found '1.5s'; write a whole number with ms, s or m",
        "stall-after=-1|stall-after needs a size like 1KiB or a duration like 2s, found '-1'; it must not be negative; sizes: a number with B, KiB, MiB, GiB, KB, MB or GB (bytes if none); durations: ms, s or m",
        "latency=1ms;probability=0.5f|probability must be a decimal number like 0.3, found '0.5f'",
        "latency=1ms;probability=0x1p-1|probability must be a decimal number like 0.3, found '0x1p-1'",
        "latency=1ms;probability=1e-400|probability must be a decimal number like 0.3, found '1e-400'",
        "latency=1ms;seed=99999999999999999999|seed '99999999999999999999' is out of range; use a number from -9223372036854775808 to 9223372036854775807",
    })
    void parseErrorsForNumbersSayWhatIsWrongWithTheNumber(String text, String reason) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Faults.parse(text));
        assertEquals("bad fault '" + text + "' in \"" + text + "\": " + reason, e.getMessage());
    }

    @Test
    void parseTakesEveryNumberThatFitsALong() {
        assertEquals(List.of(Faults.limitData(1_000_000_000_000_000_000L), Faults.latency(Duration.ofMillis(9_999_999_999_999_999L))),
                Faults.parse("limit-data=1000000000000000000,latency=9999999999999999ms"));
        assertEquals(0.5, Faults.parse("latency=1ms;probability=.5").get(0).probability());
        Fault rare = Faults.latency(Duration.ofMillis(1)).withProbability(1e-5);
        assertEquals("latency=1ms;probability=0.00001", rare.toString());
        assertEquals(List.of(rare), Faults.parse(rare.toString()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"latency=1ms,,bandwidth=1B/s", "latency=99999999999999999999ms", "slicer=0", "bandwidth=0B/s",
        "limit-data=99999999999GiB", "latency=1ms;seed=x", "latency=1ms;upstream=yes", "latency=1ms;probability="})
    void parseRejectsMalformedLists(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Faults.parse(text));
        assertTrue(e.getMessage().startsWith("bad fault '"), e.getMessage());
    }

    @Test
    void factoriesRejectBadValues() {
        assertEquals("latency must not be negative, was PT-0.001S",
                assertThrows(IllegalArgumentException.class, () -> Faults.latency(Duration.ofMillis(-1))).getMessage());
        assertEquals("slowClose must be a whole number of milliseconds, was PT0.0000005S",
                assertThrows(IllegalArgumentException.class, () -> Faults.slowClose(Duration.ofNanos(500))).getMessage());
        assertThrows(IllegalArgumentException.class, () -> Faults.bandwidth(0));
        assertThrows(IllegalArgumentException.class, () -> Faults.slicer(0, Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> Faults.limitData(-1));
        assertThrows(IllegalArgumentException.class, () -> Faults.latency(Duration.ZERO).withProbability(0));
        assertThrows(IllegalStateException.class, () -> Faults.resetAfter(Duration.ofSeconds(1)).upstream());
        assertThrows(NullPointerException.class, () -> Handlers.echo().with((Fault) null));
        assertFalse(Faults.latency(Duration.ZERO).equals(Faults.latency(Duration.ZERO).upstream()));
        assertArrayEquals(new Object[] {Fault.Direction.UPSTREAM, Fault.Direction.DOWNSTREAM}, Fault.Direction.values());
    }
}
