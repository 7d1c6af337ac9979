package dev.tcptest.remote;

import dev.tcptest.TcpServer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The servers an endpoint serves, by id, in the order they were registered. Thread-safe. */
final class Registry {

    private final Map<String, TcpServer> servers = new LinkedHashMap<>();

    synchronized void register(String id, TcpServer server) {
        checkId(id);
        if (server == null) {
            throw new IllegalArgumentException("register(\"" + id + "\", server): the server must not be null");
        }
        if (servers.containsKey(id)) {
            throw new IllegalArgumentException("a server is registered with the id '" + id
                    + "' already: give each server its own id, or unregister(\"" + id + "\") first");
        }
        servers.put(id, server);
    }

    synchronized void unregister(String id) {
        servers.remove(id);
    }

    /** @return the server, or null if none has the id */
    synchronized TcpServer find(String id) {
        return servers.get(id);
    }

    /** @return the ids in registration order */
    synchronized List<String> ids() {
        return List.copyOf(servers.keySet());
    }

    /** @return the ids and servers in registration order */
    synchronized List<Map.Entry<String, TcpServer>> entries() {
        return servers.entrySet().stream().map(e -> Map.entry(e.getKey(), e.getValue())).toList();
    }

    /**
     * Checks that an id can stand in a URL path as it is.
     *
     * @param id the id
     * @return the id
     * @throws IllegalArgumentException naming the id and the characters an id may have
     */
    static String checkId(String id) {
        if (id == null || id.isEmpty() || id.equals(".") || id.equals("..") || !isIdText(id)) {
            throw new IllegalArgumentException("the server id " + (id == null ? "null" : "'" + id + "'")
                    + " cannot stand in a URL: use letters, digits, '.', '_' and '-' (not '.' or '..' alone), such as \"smtp\"");
        }
        return id;
    }

    private static boolean isIdText(String id) {
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == '-';
            if (!allowed) {
                return false;
            }
        }
        return true;
    }
}
