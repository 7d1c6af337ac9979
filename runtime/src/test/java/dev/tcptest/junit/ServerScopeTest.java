package dev.tcptest.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcptest.TcpServer;
import org.junit.jupiter.api.Test;

/** The store value that stops a context's servers: JUnit may close it as two kinds of resource. */
class ServerScopeTest {

    @Test
    void closingTwiceStopsTheServersOnce() throws Exception {
        TcpServerExtension extension = TcpServerExtension.of(TcpServer.builder());
        TcpServer first = TcpServer.builder().start();
        TcpServer second = TcpServer.builder().start();
        ServerScope scope = new ServerScope(ServerScopeTest.class);
        scope.add(new ManagedServer("first", "a test", null, first));
        scope.add(new ManagedServer("second", "a test", extension, second));
        extension.started(second);
        assertSame(second, extension.server());

        // As JUnit 5.13+ closes an AutoCloseable, and 5.10 a CloseableResource.
        ((AutoCloseable) scope).close();
        scope.close();

        assertFalse(first.isRunning());
        assertFalse(second.isRunning());
        assertThrows(IllegalStateException.class, extension::server, "the extension forgot the stopped server");
        assertEquals(2, scope.servers().size());
    }

    @Test
    void aServerAddedAfterCloseIsStoppedAtOnce() {
        ServerScope scope = new ServerScope(ServerScopeTest.class);
        scope.close();
        TcpServer late = TcpServer.builder().start();

        IllegalStateException error = assertThrows(IllegalStateException.class,
                () -> scope.add(new ManagedServer("late", "a test", null, late)));
        assertTrue(error.getMessage().contains("was started after its test context ended"), error.getMessage());
        assertFalse(late.isRunning());
    }
}
