package dev.tcptest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** A long-lived server keeps a bounded number of records. Run by {@code -Pstress}. */
@Tag("stress")
class MemoryBoundTest {

    private static final int CONNECTIONS = 200_000;
    private static final int CLIENTS = 4;

    @Test
    void twoHundredThousandShortConnectionsStayWithinTheRetentionBound() throws Exception {
        try (TcpServer server = TcpServer.builder().backlog(1024).start()) {
            AtomicInteger left = new AtomicInteger(CONNECTIONS);
            List<Thread> clients = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                Thread client = new Thread(() -> {
                    while (left.getAndDecrement() > 0) {
                        echoOnce(server);
                    }
                }, "client-" + i);
                clients.add(client);
                client.start();
            }
            for (Thread client : clients) {
                client.join();
            }
            TcpServerTest.waitFor(() -> server.activeCount() == 0);
            List<RecordedConnection> kept = server.connections();
            assertEquals(10_000, kept.size(), "the default bound");
            assertEquals(CONNECTIONS - 10_000, server.droppedCount(), "and every other one counted as dropped");
            assertEquals(CONNECTIONS, kept.get(kept.size() - 1).id());
            Runtime runtime = Runtime.getRuntime();
            System.gc();
            long used = runtime.totalMemory() - runtime.freeMemory();
            assertTrue(used < 256L * 1024 * 1024, "heap in use: " + used / (1024 * 1024) + " MiB");
        }
    }

    private static void echoOnce(TcpServer server) {
        try (Socket client = Clients.connect(server)) {
            client.getOutputStream().write(Clients.bytes(16));
            client.shutdownOutput();
            Clients.readAll(client.getInputStream());
            // A reset instead of a close: no TIME_WAIT, so 200,000 connects do not run out of ports.
            client.setSoLinger(true, 0);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
