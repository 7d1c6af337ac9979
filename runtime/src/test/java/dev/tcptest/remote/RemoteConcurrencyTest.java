package dev.tcptest.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcptest.RecordedConnection;
import dev.tcptest.TcpServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Eight threads make a thousand calls each through one client while clients talk to the
 * servers: no call fails, and every connection is taken exactly once, with its bytes.
 */
class RemoteConcurrencyTest {

    private static final int THREADS = 8;
    private static final int CALLS = 1_000;
    private static final int CLIENTS = 200;

    @Test
    void manyCallsAtOnceWhileTheServersTakeTraffic() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS + 1);
        try (ControlEndpoint endpoint = ControlEndpoint.start("127.0.0.1", 0); TcpServer echo = TcpServer.builder().start();
                TcpServer other = TcpServer.builder().start()) {
            endpoint.register("echo", echo);
            endpoint.register("other", other);
            RemoteServers servers = RemoteServers.connect(endpoint.url());
            RemoteTcpServer remote = servers.server("echo");
            Map<Long, String> taken = new ConcurrentHashMap<>();
            List<Future<?>> work = new ArrayList<>();
            work.add(pool.submit(() -> {
                for (int i = 0; i < CLIENTS; i++) {
                    assertEquals("message " + i, Talk.talk(echo.port(), "message " + i));
                    Talk.talk(other.port(), "other " + i);
                }
                return null;
            }));
            for (int t = 0; t < THREADS; t++) {
                work.add(pool.submit(() -> {
                    for (int i = 0; i < CALLS; i++) {
                        switch (i % 4) {
                            case 0 -> assertEquals(List.of("echo", "other"), servers.ids());
                            case 1 -> assertTrue(remote.isRunning());
                            case 2 -> remote.faults("");
                            default -> takeInto(taken, remote.takeConnection(Duration.ZERO));
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> done : work) {
                done.get(5, TimeUnit.MINUTES);
            }
            while (taken.size() < CLIENTS) {
                RecordedConnection next = remote.takeConnection(Duration.ofSeconds(10));
                assertTrue(next != null, "a connection was lost: taken " + taken.size() + " of " + CLIENTS);
                takeInto(taken, next);
            }
            for (long id = 1; id <= CLIENTS; id++) {
                assertEquals("message " + (id - 1), taken.get(id), "connection " + id);
            }
            assertEquals(CLIENTS, remote.connections().size());
            assertEquals(CLIENTS, servers.server("other").connections().size());
        } finally {
            pool.shutdownNow();
        }
    }

    private static void takeInto(Map<Long, String> taken, RecordedConnection connection) {
        if (connection != null) {
            assertEquals(connection.receivedText(), connection.sentText());
            String before = taken.put(connection.id(), connection.receivedText());
            assertEquals(null, before, "connection " + connection.id() + " taken twice");
        }
    }
}
