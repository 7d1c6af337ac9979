package dev.tcptest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Echo, discard and silent connections hold no thread while the client sends nothing; what the
 * client and the recording see is the same as if the handler had run from the accept.
 */
class WaitingConnectionsTest {

    private static final int CLIENTS = 20;

    @Test
    void anEchoConnectionGetsItsThreadWithItsFirstByte() throws Exception {
        try (TcpServer server = TcpServer.builder().name("idle").start()) {
            List<Socket> clients = connect(server, CLIENTS);
            try {
                TcpServerTest.waitFor(() -> server.activeCount() == CLIENTS);
                assertEquals(CLIENTS, server.waitingCount(), "no idle connection has a thread yet");
                assertEquals(0, connectionThreads(server), "no platform thread serves an idle connection");

                Clients.send(clients.get(0), "ping");
                assertEquals("ping", text(clients.get(0).getInputStream().readNBytes(4)));
                assertEquals(CLIENTS - 1, server.waitingCount());

                for (Socket client : clients) {
                    Clients.send(client, "pong");
                    assertEquals("pong", text(client.getInputStream().readNBytes(4)));
                }
                assertEquals(0, server.waitingCount());
            } finally {
                closeAll(clients);
            }
            for (int i = 0; i < CLIENTS; i++) {
                RecordedConnection seen = server.takeConnection(Clients.WAIT);
                assertEquals(CloseReason.CLOSED, seen.closeReason());
                assertEquals(i == 0 ? "pingpong" : "pong", seen.receivedText());
                assertEquals(seen.receivedText(), seen.sentText());
                assertNull(seen.error());
            }
        }
    }

    @Test
    void aPauseAfterAConnectionWaitsForItsFirstByteStillWakesThatConnection() throws Exception {
        try (TcpServer server = TcpServer.builder().start(); Socket idle = Clients.connect(server)) {
            TcpServerTest.waitFor(() -> server.waitingCount() == 1);
            server.pauseAccepting();
            try (Socket later = Clients.connect(server)) {
                Clients.send(later, "l");
                Clients.send(idle, "i");
                assertEquals('i', idle.getInputStream().read(), "a waiting connection is served while paused");
                Thread.sleep(100);
                assertEquals(1, server.acceptedCount(), "paused: the later client waits in the backlog queue");
                server.resumeAccepting();
                assertEquals('l', later.getInputStream().read());
                assertEquals(2, server.acceptedCount());
            }
        }
    }

    @Test
    void bytesThatArrivedBeforeTheAcceptAreEchoedAndRecordedOnceInOrder() throws Exception {
        // Sent while accepting is paused, so they wait in the kernel: more than one early read takes.
        for (int size : new int[] {3, 20_000}) {
            byte[] sent = new byte[size];
            for (int i = 0; i < size; i++) {
                sent[i] = (byte) (i * 31 + 7);
            }
            try (TcpServer server = TcpServer.builder().acceptPaused(true).start();
                    Socket client = Clients.connect(server)) {
                client.getOutputStream().write(sent);
                client.shutdownOutput();
                server.resumeAccepting();
                assertArrayEquals(sent, Clients.readAll(client.getInputStream()), size + " bytes echoed whole");
                RecordedConnection seen = server.takeConnection(Clients.WAIT);
                assertEquals(CloseReason.CLOSED, seen.closeReason());
                assertArrayEquals(sent, seen.received(), "recorded once, in order");
                assertArrayEquals(sent, seen.sent());
                assertNull(seen.error());
                assertEquals(0, server.waitingCount());
            }
        }
    }

    @Test
    void aClientThatResetBeforeTheAcceptEndsAsAReset() throws Exception {
        try (TcpServer server = TcpServer.builder().handler(Handlers.discard()).acceptPaused(true).start()) {
            Socket resetting = Clients.connect(server);
            resetting.setSoLinger(true, 0);
            resetting.close();
            server.resumeAccepting();
            RecordedConnection reset = server.takeConnection(Clients.WAIT);
            assertEquals(CloseReason.CLIENT_RESET, reset.closeReason());
            assertEquals(0, reset.receivedCount());
            assertEquals(0, server.waitingCount());
        }
    }

    @Test
    void aClientThatLeavesBeforeSendingEndsAsItWouldHaveWithAThread() throws Exception {
        try (TcpServer server = TcpServer.builder().handler(Handlers.discard()).start()) {
            Socket closing = Clients.connect(server);
            TcpServerTest.waitFor(() -> server.waitingCount() == 1);
            closing.close();
            RecordedConnection closed = server.takeConnection(Clients.WAIT);
            assertEquals(CloseReason.CLOSED, closed.closeReason());
            assertEquals(0, closed.receivedCount());
            assertNull(closed.error());

            Socket resetting = Clients.connect(server);
            TcpServerTest.waitFor(() -> server.waitingCount() == 1);
            resetting.setSoLinger(true, 0);
            resetting.close();
            RecordedConnection reset = server.takeConnection(Clients.WAIT);
            assertEquals(CloseReason.CLIENT_RESET, reset.closeReason());
            assertEquals(0, server.waitingCount());
        }
    }

    @Test
    void stopGivesEveryWaitingConnectionItsEndOfStream() throws Exception {
        for (AcceptHandler handler : List.of(Handlers.echo(), Handlers.silent())) {
            TcpServer server = TcpServer.builder().handler(handler).start();
            List<Socket> clients = connect(server, CLIENTS);
            try {
                TcpServerTest.waitFor(() -> server.waitingCount() == CLIENTS);
                server.stop();
                for (Socket client : clients) {
                    assertEquals(-1, client.getInputStream().read(), handler + ": end of stream after stop()");
                }
                assertEquals(0, server.activeCount());
                for (RecordedConnection seen : server.connections()) {
                    assertEquals(CloseReason.SERVER_STOPPED, seen.closeReason(), handler + ": " + seen);
                    assertNull(seen.error(), handler + ": " + seen);
                }
            } finally {
                closeAll(clients);
            }
        }
    }

    @Test
    void aSilentConnectionEndsWhenItsClientClosesHavingSentNothing() throws Exception {
        try (TcpServer server = TcpServer.builder().handler(Handlers.silent()).maxConnections(1).backlog(4).start()) {
            Socket first = Clients.connect(server);
            TcpServerTest.waitFor(() -> server.waitingCount() == 1);
            first.close();
            RecordedConnection closed = server.takeConnection(Clients.WAIT);
            assertNotNull(closed, "the client's close ends the held connection: takeConnection need not wait for the stop");
            assertEquals(CloseReason.CLOSED, closed.closeReason());
            assertNull(closed.error());
            assertEquals(0, closed.receivedCount());

            // Its place under maxConnections(1) is free again: the next client is accepted and held.
            try (Socket second = Clients.connect(server)) {
                TcpServerTest.waitFor(() -> server.acceptedCount() == 2 && server.waitingCount() == 1);
                second.setSoLinger(true, 0);
            }
            RecordedConnection reset = server.takeConnection(Clients.WAIT);
            assertEquals(CloseReason.CLIENT_RESET, reset.closeReason());
            assertNull(reset.error());
            // The record is handed out as the conversation ends; the connection's close follows.
            TcpServerTest.waitFor(() -> server.activeCount() == 0);
        }
    }

    @Test
    void aSilentConnectionThatWasSentBytesLeavesThemUnreadAndIsHeldUntilTheStop() throws Exception {
        TcpServer server = TcpServer.builder().handler(Handlers.silent()).start();
        try (Socket client = Clients.connect(server)) {
            Clients.send(client, "anyone there?");
            TcpServerTest.waitFor(() -> server.waitingCount() == 1);
            // The selector saw those bytes; no thread was started for them and none were read.
            Thread.sleep(100);
            assertEquals(1, server.waitingCount());
            assertEquals(0, connectionThreads(server), "no thread for a held connection");
            assertEquals(0, server.connections().get(0).receivedCount(), "silent reads nothing");
        } finally {
            server.stop();
        }
        RecordedConnection held = server.takeConnection(Clients.WAIT);
        assertEquals(CloseReason.SERVER_STOPPED, held.closeReason());
        assertEquals(0, held.receivedCount());
    }

    @Test
    void abortResetsEveryWaitingConnection() throws Exception {
        TcpServer server = TcpServer.builder().start();
        List<Socket> clients = connect(server, CLIENTS);
        try {
            TcpServerTest.waitFor(() -> server.waitingCount() == CLIENTS);
            server.abort();
            for (Socket client : clients) {
                SocketException failure = assertThrows(SocketException.class, () -> client.getInputStream().read());
                assertEquals("Connection reset", failure.getMessage());
            }
            for (RecordedConnection seen : server.connections()) {
                assertEquals(CloseReason.SERVER_ABORTED, seen.closeReason(), seen.toString());
                assertNull(seen.error(), seen.toString());
            }
        } finally {
            closeAll(clients);
        }
    }

    @Test
    void waitingConnectionsCountAgainstMaxConnectionsAndSurvivePausing() throws Exception {
        try (TcpServer server = TcpServer.builder().maxConnections(2).start()) {
            List<Socket> clients = connect(server, 3);
            try {
                TcpServerTest.waitFor(() -> server.waitingCount() == 2);
                server.pauseAccepting();
                clients.get(0).close();
                TcpServerTest.waitFor(() -> server.activeCount() == 1);
                assertEquals(2, server.acceptedCount(), "paused: the third client stays in the backlog queue");

                server.resumeAccepting();
                TcpServerTest.waitFor(() -> server.acceptedCount() == 3);
                Clients.send(clients.get(2), "third");
                assertEquals("third", text(clients.get(2).getInputStream().readNBytes(5)));
                assertEquals(1, server.waitingCount(), "the second client is still waiting, without a thread");
            } finally {
                closeAll(clients);
            }
        }
    }

    @Test
    void handlersThatMayWriteFirstOrReadWithATimeoutStartAtTheAccept() throws Exception {
        List<TcpServer> servers = List.of(
                TcpServer.builder().handler(Handlers.echo().with(Faults.latency(Duration.ofMillis(1)))).start(),
                TcpServer.builder().handler(connection -> connection.input().read()).start(),
                TcpServer.builder().readTimeout(Duration.ofSeconds(30)).start());
        for (TcpServer server : servers) {
            try (server; Socket client = Clients.connect(server)) {
                TcpServerTest.waitFor(() -> server.activeCount() == 1);
                assertEquals(0, server.waitingCount(), server.toString());
                client.getOutputStream().write(new byte[] {42});
            }
        }
    }

    @Test
    void aReadTimeoutStillCountsFromTheAccept() throws Exception {
        try (TcpServer server = TcpServer.builder().readTimeout(Duration.ofMillis(100)).start()) {
            try (Socket client = Clients.connect(server)) {
                assertEquals(-1, client.getInputStream().read(), "the server closes when its read times out");
            }
            RecordedConnection seen = server.takeConnection(Clients.WAIT);
            assertEquals(CloseReason.READ_TIMEOUT, seen.closeReason());
            assertArrayEquals(new byte[0], seen.received());
        }
    }

    @Test
    void noSessionIsLostWhenClientsComeAndGoWhileTheServerStops() throws Exception {
        for (int round = 0; round < 20; round++) {
            TcpServer server = TcpServer.builder().backlog(64).shutdownTimeout(Duration.ofSeconds(2)).start();
            List<Thread> clients = new ArrayList<>();
            for (int c = 0; c < 8; c++) {
                int mode = c % 4;
                Thread client = new Thread(() -> {
                    try (Socket socket = Clients.connect(server)) {
                        if (mode == 1) {
                            Clients.send(socket, "hi");
                            socket.getInputStream().read();
                        } else if (mode == 2) {
                            socket.setSoLinger(true, 0);
                        } else if (mode == 3) {
                            socket.getInputStream().read();
                        }
                    } catch (IOException e) {
                        // Refused or reset by the stop: either is a fine end for this client.
                    }
                });
                client.start();
                clients.add(client);
            }
            Thread.sleep(round % 5);
            server.stop();
            assertEquals(0, server.activeCount(), "round " + round + ": every session ended within the stop");
            assertEquals(0, server.waitingCount(), "round " + round);
            for (RecordedConnection seen : server.connections()) {
                assertNotNull(seen.closeReason(), "round " + round + ": " + seen);
            }
            for (Thread client : clients) {
                client.join(Clients.WAIT.toMillis());
            }
        }
    }

    @Test
    void aServersNextConnectionIsServedOnTheThreadItsFirstOneHadOnceThatIsIdle() throws Exception {
        List<Thread> handlers = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (TcpServer server = TcpServer.builder().name("reuse").handler(connection -> {
            handlers.add(Thread.currentThread());
            connection.close();
        }).start()) {
            for (int i = 1; i <= 3; i++) {
                try (Socket client = Clients.connect(server)) {
                    assertEquals(-1, client.getInputStream().read());
                }
                // The thread goes idle after the connection's record is final, so wait for it.
                TcpServerTest.waitFor(() -> serverThreads(server, "-idle"::equals).size() == 1
                        && serverThreads(server, "-idle"::equals).get(0).getState() == Thread.State.TIMED_WAITING);
            }
            assertEquals(3, handlers.size());
            assertEquals(1, handlers.stream().distinct().count(), "one thread served the three connections: " + handlers);
        }
    }

    /** The server's threads whose name, past {@code tcptest-<name>-<port>}, passes the test. */
    private static List<Thread> serverThreads(TcpServer server, Predicate<String> rest) {
        String prefix = "tcptest-" + server.name() + "-" + server.port();
        List<Thread> found = new ArrayList<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            String name = thread.getName();
            if (name.startsWith(prefix) && rest.test(name.substring(prefix.length()))) {
                found.add(thread);
            }
        }
        return found;
    }

    private static List<Socket> connect(TcpServer server, int count) throws IOException {
        List<Socket> clients = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            clients.add(Clients.connect(server));
        }
        return clients;
    }

    private static void closeAll(List<Socket> clients) throws IOException {
        for (Socket client : clients) {
            client.close();
        }
    }

    private static long connectionThreads(TcpServer server) {
        return serverThreads(server, rest -> rest.startsWith("-conn-")).size();
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
