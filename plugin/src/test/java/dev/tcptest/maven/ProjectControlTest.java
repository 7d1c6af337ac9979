package dev.tcptest.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tcptest.TcpServer;
import dev.tcptest.remote.RemoteServers;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A project's servers share one control endpoint, which closes when the last of them stop. */
class ProjectControlTest {

    private final Map<Object, Object> pluginContext = new HashMap<>();

    @Test
    void twoStartServerExecutionsShareOneEndpointThatTheLastStopCloses() throws Exception {
        ServerGroup smtp = group("smtp");
        ServerGroup redis = group("redis");
        String url = ProjectControl.register(pluginContext, smtp);
        assertEquals(url, ProjectControl.register(pluginContext, redis));
        assertEquals(List.of("smtp", "redis"), RemoteServers.connect(url).ids());

        smtp.stop();
        assertEquals(List.of("redis"), RemoteServers.connect(url).ids());

        redis.stop();
        int port = URI.create(url).getPort();
        assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", port).close());
    }

    @Test
    void serversStartedAfterTheEndpointClosedGetANewOne() {
        ServerGroup first = group("default");
        String closed = ProjectControl.register(pluginContext, first);
        first.stop();

        ServerGroup second = group("default");
        String url = ProjectControl.register(pluginContext, second);
        try {
            assertNotEquals(closed, url);
            assertEquals(List.of("default"), RemoteServers.connect(url).ids());
        } finally {
            second.stop();
        }
    }

    private static ServerGroup group(String id) {
        TcpServer server = TcpServer.builder().name(id).start();
        return new ServerGroup("example:project", List.of(new ServerGroup.Started(id, "echo", null, server, null, null)), null);
    }
}
