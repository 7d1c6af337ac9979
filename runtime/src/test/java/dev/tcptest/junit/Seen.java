package dev.tcptest.junit;

import dev.tcptest.TcpServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The servers that subjects were given, by label, so that a test can check after the run which
 * servers were shared and that all of them were stopped. {@link TestKit} clears it before a run.
 */
final class Seen {

    private static final Map<String, List<TcpServer>> SERVERS = new ConcurrentHashMap<>();

    private Seen() {
    }

    static void clear() {
        SERVERS.clear();
    }

    /** Records a server under a label; returns it. */
    static TcpServer add(String label, TcpServer server) {
        SERVERS.computeIfAbsent(label, key -> new ArrayList<>());
        List<TcpServer> list = SERVERS.get(label);
        synchronized (list) {
            list.add(server);
        }
        return server;
    }

    /** The servers recorded under a label, in order. */
    static List<TcpServer> get(String label) {
        List<TcpServer> list = SERVERS.getOrDefault(label, List.of());
        synchronized (list) {
            return new ArrayList<>(list);
        }
    }
}
