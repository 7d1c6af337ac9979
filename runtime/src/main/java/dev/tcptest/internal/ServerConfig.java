package dev.tcptest.internal;

import dev.tcptest.Fault;
import dev.tcptest.RecordedConnection;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * Validated settings of one server, as the engine needs them.
 *
 * @param name the server's name, used in thread names and log lines
 * @param bindAddress the local address to bind
 * @param port the port to bind, 0 for an ephemeral one
 * @param backlog the listen(2) backlog, 1 or more
 * @param readTimeout how long a read may block, {@link Duration#ZERO} for no limit
 * @param maxConnections how many connections are served at once before accepting waits
 * @param acceptPaused whether the server starts with accepting paused
 * @param shutdownTimeout how long {@code stop()} waits for handlers before it forces them
 * @param recordingLimit how many bytes per direction and connection are kept
 * @param retainedConnections how many finished connections are kept at most
 * @param retainedBytes how many recorded bytes finished connections may hold together
 * @param listener told of each connection as it finishes, or null
 * @param faults the faults between the handler and each connection, none for none
 * @param tls how the server speaks TLS: from the first byte, or only on an upgrade
 */
public record ServerConfig(String name, InetAddress bindAddress, int port, int backlog, Duration readTimeout,
        int maxConnections, boolean acceptPaused, Duration shutdownTimeout, int recordingLimit,
        int retainedConnections, long retainedBytes, Consumer<RecordedConnection> listener, List<Fault> faults,
        ServerTls tls) {
}
