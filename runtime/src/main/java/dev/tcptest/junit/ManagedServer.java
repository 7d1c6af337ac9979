package dev.tcptest.junit;

import dev.tcptest.TcpServer;

/**
 * A server the extension started, with the id tests choose it by, a description of where it was
 * declared for messages, and the {@link TcpServerExtension} that owns it (null for an annotation).
 */
final class ManagedServer {

    private final String id;
    private final String origin;
    private final TcpServerExtension owner;
    private final TcpServer server;

    ManagedServer(String id, String origin, TcpServerExtension owner, TcpServer server) {
        this.id = id;
        this.origin = origin;
        this.owner = owner;
        this.server = server;
    }

    String id() {
        return id;
    }

    /** Where the server was declared, such as {@code @WithTcpServer on class FooTest}. */
    String origin() {
        return origin;
    }

    TcpServerExtension owner() {
        return owner;
    }

    TcpServer server() {
        return server;
    }

    /** The id and origin, for messages: {@code 'smtp' (@WithTcpServer on class FooTest)}. */
    String describe() {
        return "'" + id + "' (" + origin + ")";
    }
}
