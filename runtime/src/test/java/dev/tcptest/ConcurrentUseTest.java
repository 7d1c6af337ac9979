package dev.tcptest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Stress: the server's methods called from several threads at once, in bounded loops. */
class ConcurrentUseTest {

    @Test
    void aPauseRacingRestartsNeitherFailsNorAcceptsAConnectionOfItsOwn() throws Exception {
        // A pause wakes a blocking accept with a connection of its own. A stop and a start between
        // its steps used to let that connection fail against the closed port (and the pause throw
        // and unpause the new run) or reach the new run as a client.
        TcpServer server = TcpServer.builder().start();
        AtomicBoolean done = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread pauser = new Thread(() -> {
            while (!done.get()) {
                try {
                    server.pauseAccepting();
                    server.resumeAccepting();
                } catch (IllegalStateException e) {
                    // Not running at that moment: what a pause of a stopped server says.
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }
        }, "pauser");
        pauser.start();
        try {
            for (int i = 0; i < 2_000; i++) {
                server.stop();
                server.start();
            }
        } finally {
            done.set(true);
            pauser.join(30_000);
            server.stop();
        }
        assertNull(failure.get(), "a pause during restarts fails only as not running");
        assertEquals(0, server.acceptedCount(), () -> "no client connected, yet: " + server.connections());
    }
}
