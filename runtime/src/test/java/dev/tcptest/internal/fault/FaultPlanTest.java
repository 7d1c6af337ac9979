package dev.tcptest.internal.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcptest.Connection;
import dev.tcptest.internal.Lifetime;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The entry point an engine calls for each connection, over an in-memory connection: a plan
 * decorates any {@link Connection} that has a {@link Lifetime}, and says whether a fault cut it.
 */
class FaultPlanTest {

    private static FaultPlan plan(String faults) {
        return new FaultPlan(FaultSyntax.parse(faults));
    }

    @Test
    void aDownstreamLimitEndsTheConnectionRightAfterTheWriteThatReachesIt() throws Exception {
        Memory base = new Memory("");
        FaultedConnection faulted = plan("limit-data=4").apply(base, 1);
        faulted.output().write(bytes("0123"));
        assertTrue(faulted.cut());
        assertEquals("closed", base.ending);
        faulted.output().write(bytes("dropped"));
        assertEquals("0123", base.sent());
        faulted.finish();
    }

    @Test
    void anUpstreamLimitEndsTheConnectionAtTheNextByte() throws Exception {
        Memory base = new Memory("HELO\nQUIT\n");
        FaultedConnection faulted = plan("reset-after=7;upstream").apply(base, 1);
        assertEquals("HELO\nQU", new String(faulted.input().readAllBytes(), StandardCharsets.US_ASCII));
        assertTrue(faulted.cut());
        assertEquals("reset", base.ending);
        assertEquals("T\n", base.unread(), "the byte past the limit was read, and no more");
    }

    @Test
    void aClientThatStopsAtAnUpstreamLimitEndsCleanly() throws Exception {
        Memory base = new Memory("HELO\nQU");
        FaultedConnection faulted = plan("reset-after=7;upstream").apply(base, 1);
        assertEquals("HELO\nQU", new String(faulted.input().readAllBytes(), StandardCharsets.US_ASCII));
        assertFalse(faulted.cut());
        assertNull(base.ending);
    }

    @Test
    void aFaultedConnectionIsDecoratedAgainWithNoAdapter() throws Exception {
        Memory base = new Memory("");
        FaultedConnection outer = plan("slicer=1").apply(base, 1);
        FaultedConnection inner = plan("limit-data=3").apply(outer, 1);
        inner.output().write(bytes("0123456789"));
        assertEquals("012", base.sent(), "written one byte at a time by the slicer below the limit");
        assertTrue(inner.cut(), "the limit ended the connection");
        assertFalse(outer.cut(), "each plan has its own cut: the slicer did not end anything");
        assertTrue(Lifetime.of(inner).awaitEnd(0), "the end is seen through both stacks");
    }

    @Test
    void aSeededProbabilityDecidesByTheConnectionNumber() throws Exception {
        FaultPlan sometimes = plan("limit-data=0;probability=0.5;seed=2");
        StringBuilder first = new StringBuilder();
        StringBuilder again = new StringBuilder();
        for (long number = 1; number <= 8; number++) {
            first.append(sometimes.apply(new Memory(""), number).cut() ? 'x' : '-');
        }
        for (long number = 8; number >= 1; number--) {
            again.insert(0, sometimes.apply(new Memory(""), number).cut() ? 'x' : '-');
        }
        assertEquals(first.toString(), again.toString());
        assertTrue(first.indexOf("x") >= 0 && first.indexOf("-") >= 0, first.toString());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** A connection in memory: reads a fixed text, keeps what is written, ends on close or reset. */
    private static final class Memory implements Connection, Lifetime {
        private final ByteArrayInputStream in;
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final CountDownLatch ended = new CountDownLatch(1);
        private volatile String ending;

        Memory(String received) {
            this.in = new ByteArrayInputStream(bytes(received));
        }

        String sent() {
            return out.toString(StandardCharsets.US_ASCII);
        }

        String unread() {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }

        private void end(String how) {
            if (ending == null) {
                ending = how;
            }
            ended.countDown();
        }

        @Override
        public long id() {
            return 1;
        }

        @Override
        public InputStream input() {
            return in;
        }

        @Override
        public OutputStream output() {
            return out;
        }

        @Override
        public InetSocketAddress remoteAddress() {
            return new InetSocketAddress("127.0.0.1", 50_000);
        }

        @Override
        public InetSocketAddress localAddress() {
            return new InetSocketAddress("127.0.0.1", 40_000);
        }

        @Override
        public void shutdownOutput() {
            // A half-close ends nothing: reading goes on.
        }

        @Override
        public void close() {
            end("closed");
        }

        @Override
        public void reset() {
            end("reset");
        }

        @Override
        public void startTls() {
            throw new IllegalStateException("a connection in memory has no socket to put TLS on");
        }

        @Override
        public void awaitEnd() throws InterruptedException {
            ended.await();
        }

        @Override
        public boolean awaitEnd(long millis) throws InterruptedException {
            return ended.await(millis, TimeUnit.MILLISECONDS);
        }
    }
}
