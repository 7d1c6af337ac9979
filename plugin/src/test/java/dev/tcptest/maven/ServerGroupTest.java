package dev.tcptest.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tcptest.TcpServer;
import org.junit.jupiter.api.Test;

/** How a started server is reported in the build's log. */
class ServerGroupTest {

    @Test
    void aPausedServerSaysSoWhereItSaysItListens() {
        try (TcpServer paused = TcpServer.builder().acceptPaused(true).start();
                TcpServer accepting = TcpServer.builder().start()) {
            assertEquals("server 'saturated' (echo, accepting paused) listening on 127.0.0.1:" + paused.port(),
                    new ServerGroup.Started("saturated", "echo", null, paused, null, null).listening());
            assertEquals("server 'default' (echo) listening on 127.0.0.1:" + accepting.port(),
                    new ServerGroup.Started("default", "echo", null, accepting, null, null).listening());
        }
    }
}
