package dev.tcptest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Faults set on the server apply to the connections it accepts from then on. */
class ServerFaultsTest {

    @Test
    void theBuildersFaultsApplyToEveryConnection() throws Exception {
        try (TcpServer server = TcpServer.builder().faults("limit-data=3").start()) {
            assertEquals("hel", echo(server, "hello"));
        }
    }

    @Test
    void faultsSetOnARunningServerApplyToConnectionsAcceptedFromThenOn() throws Exception {
        try (TcpServer server = TcpServer.builder().start(); Socket before = Clients.connect(server)) {
            assertEquals("hello", echo(server, "hello"));
            server.faults(Faults.limitData(3));
            assertEquals("hel", echo(server, "hello"));
            Clients.send(before, "hello");
            before.shutdownOutput();
            assertEquals("hello", text(Clients.readAll(before.getInputStream())), "accepted before: no faults");
            server.faults();
            assertEquals("hello", echo(server, "hello"), "faults() removes them");
        }
    }

    @Test
    void theFaultsStayAcrossARestartAndBesideTheHandlersOwn() throws Exception {
        TcpServer server = TcpServer.builder().handler(Handlers.echo().with(Faults.parse("limit-data=4"))).start();
        try {
            server.faults("limit-data=2");
            server.stop();
            server.start();
            assertEquals("he", echo(server, "hello"), "the server's faults, kept across the restart");
            server.faults("");
            assertEquals("hell", echo(server, "hello"), "the handler's own faults stay");
        } finally {
            server.stop();
        }
    }

    @Test
    void aBadFaultStringIsRejectedAndChangesNothing() throws Exception {
        try (TcpServer server = TcpServer.builder().faults("limit-data=3").start()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> server.faults("latency=fast"));
            assertTrue(e.getMessage().contains("latency"), e.getMessage());
            assertEquals("hel", echo(server, "hello"), "the faults before stay");
        }
    }

    @Test
    void eachConnectionGetsTheFaultsOfItsAcceptWhileAnotherThreadSwitchesThem() throws Exception {
        try (TcpServer server = TcpServer.builder().start()) {
            AtomicBoolean switching = new AtomicBoolean(true);
            Queue<String> seen = new ConcurrentLinkedQueue<>();
            List<Thread> clients = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                Thread client = new Thread(() -> {
                    for (int round = 0; round < 50; round++) {
                        try {
                            seen.add(echo(server, "hello"));
                        } catch (IOException e) {
                            seen.add(e.toString());
                        }
                    }
                });
                clients.add(client);
                client.start();
            }
            Thread switcher = new Thread(() -> {
                for (int i = 0; switching.get() && i < 10_000; i++) {
                    server.faults(i % 2 == 0 ? "limit-data=3" : "");
                }
            });
            switcher.start();
            for (Thread client : clients) {
                client.join();
            }
            switching.set(false);
            switcher.join();
            assertEquals(200, seen.size());
            assertTrue(seen.stream().allMatch(s -> s.equals("hello") || s.equals("hel")), () -> "all whole: " + seen);
            TcpServerTest.waitFor(() -> server.connections().size() == 200);
        }
    }

    private static String echo(TcpServer server, String text) throws IOException {
        try (Socket client = Clients.connect(server)) {
            Clients.send(client, text);
            client.shutdownOutput();
            return text(Clients.readAll(client.getInputStream()));
        }
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
