package dev.tcptest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** pauseAccepting() takes effect before it returns, whatever the accepted clients are doing. */
class PauseTest {

    static Stream<Arguments> builtInHandlers() {
        return Stream.of(Arguments.of("echo", Handlers.echo()), Arguments.of("discard", Handlers.discard()),
                Arguments.of("respond", Handlers.respond("hi\n")), Arguments.of("close", Handlers.close()),
                Arguments.of("reset", Handlers.reset()), Arguments.of("silent", Handlers.silent()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("builtInHandlers")
    void aPauseRightAfterAClientConnectedReturnsAtOnce(String name, AcceptHandler handler) throws Exception {
        try (TcpServer server = TcpServer.builder().handler(handler).start()) {
            for (int i = 1; i <= 200; i++) {
                try (Socket client = Clients.connect(server)) {
                    // The client sends nothing: the backlog test's usual first step.
                    CompletableFuture<Void> pause = CompletableFuture.runAsync(server::pauseAccepting);
                    pause.get(Clients.WAIT.toSeconds(), TimeUnit.SECONDS);
                    assertTrue(server.isAcceptPaused(), "round " + i);
                    long accepted = server.acceptedCount();
                    server.resumeAccepting();
                    assertTrue(accepted <= i, "round " + i + ": " + accepted);
                }
            }
            TcpServerTest.waitFor(() -> server.acceptedCount() == 200);
            assertEquals(200, server.acceptedCount(), "every client was accepted once resumed");
        }
    }
}
