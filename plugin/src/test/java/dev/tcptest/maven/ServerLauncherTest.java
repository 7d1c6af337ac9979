package dev.tcptest.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Configured servers becoming running ones, checked the way Maven fills in a {@code <server>}. */
class ServerLauncherTest {

    private static final ServerLauncher.TestClassPath NO_CLASSES = () -> {
        throw new AssertionError("the test class path is read only for handler classes");
    };

    @Test
    void startsEveryServerAndExportsEachUnderItsId() throws Exception {
        ServerGroup group = ServerLauncher.start("p", List.of(server("a"), server("b", "portProperty", "b.port")), false,
                List.of(), NO_CLASSES);
        try {
            Map<String, String> exported = Exports.of(group.servers());
            int a = group.servers().get(0).server().port();
            int b = group.servers().get(1).server().port();
            assertEquals("127.0.0.1", exported.get("tcptest.a.host"));
            assertEquals(String.valueOf(a), exported.get("tcptest.a.port"));
            assertEquals("127.0.0.1:" + b, exported.get("tcptest.b.address"));
            assertEquals(String.valueOf(b), exported.get("b.port"));
            assertEquals(7, exported.size());
            assertEquals(List.of("a", "b"), group.ids());
        } finally {
            group.stop();
        }
        assertTrue(group.isStopped());
        assertFalse(group.stop(), "a second stop does nothing");
    }

    @Test
    void whenOneServerCannotBindTheOnesStartedBeforeItAreStoppedAgain() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            Server first = server("first", "port", 0);
            ConfigurationException e = assertThrows(ConfigurationException.class, () -> ServerLauncher.start("p",
                    List.of(first, server("second", "port", port)), false, List.of(), NO_CLASSES));
            assertTrue(e.getMessage().startsWith("tcptest server 'second', <port> " + port + ": Cannot listen on 127.0.0.1:"
                    + port + ": port " + port + " is already in use."), e.getMessage());
            assertTrue(e.getMessage().endsWith("(stopped again: 'first', started before it by the same start-server)"),
                    e.getMessage());
        }
    }

    @Test
    void idsMustBeUniqueAlsoAcrossEarlierStartServersOfTheProject() throws Exception {
        ConfigurationException twice = assertThrows(ConfigurationException.class,
                () -> ServerLauncher.start("p", List.of(server("db"), server("db")), false, List.of(), NO_CLASSES));
        assertTrue(twice.getMessage().startsWith("tcptest server <id>db</id> is configured twice: "), twice.getMessage());
        ConfigurationException earlier = assertThrows(ConfigurationException.class,
                () -> ServerLauncher.start("p", List.of(server("db")), false, List.of("db"), NO_CLASSES));
        assertTrue(earlier.getMessage().contains("(an earlier start-server of this project already started it)"));
    }

    @Test
    void idsAreRestrictedToWhatReadsWellInAPropertyName() throws Exception {
        for (String id : new String[] {"my.db", "-db", "a b", "ü"}) {
            ConfigurationException e = assertThrows(ConfigurationException.class,
                    () -> ServerLauncher.start("p", List.of(server(id)), false, List.of(), NO_CLASSES));
            assertTrue(e.getMessage().startsWith("tcptest server <id>" + id + "</id>: an id is used in property names"), id);
        }
    }

    @Test
    void aPortPropertyMayNotTakeTheNameOfAnInputOrOfAnotherServersOutput() throws Exception {
        for (String name : new String[] {PropertyNames.PORT, PropertyNames.SKIP_TESTS, "tcptest.other.port"}) {
            ConfigurationException e = assertThrows(ConfigurationException.class, () -> ServerLauncher.start("p",
                    List.of(server("db", "portProperty", name)), false, List.of(), NO_CLASSES));
            assertTrue(e.getMessage().startsWith("tcptest server 'db', <portProperty>" + name + "</portProperty>: "), name);
        }
    }

    @Test
    void aBadValueNamesTheServerTheElementAndTheShorthandInputItCameFrom() throws Exception {
        ConfigurationException pom = assertThrows(ConfigurationException.class,
                () -> ServerLauncher.start("p", List.of(server("db", "backlog", -1)), false, List.of(), NO_CLASSES));
        assertEquals("tcptest server 'db', <backlog> -1: backlog must be at least 1, was -1; use 1 or more, or leave"
                + " <backlog> out for the default of 50", pom.getMessage());
        ConfigurationException shorthand = assertThrows(ConfigurationException.class,
                () -> ServerLauncher.start("p", List.of(server("default", "faults", "latncy=5ms")), true, List.of(), NO_CLASSES));
        assertTrue(shorthand.getMessage().startsWith("tcptest server 'default', <faults> (-Dtcptest.faults) latncy=5ms: "),
                shorthand.getMessage());
    }

    @Test
    void aBrokenTestClassPathIsReportedOnlyWhenAHandlerClassNeedsIt() throws Exception {
        ServerLauncher.TestClassPath broken = () -> {
            throw new IllegalStateException("dependencies not resolved");
        };
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> ServerLauncher.start("p",
                List.of(server("h", "handler", "com.example.Handler")), false, List.of(), broken));
        assertTrue(e.getMessage().contains("dependencies not resolved"), e.getMessage());
        ServerGroup echo = ServerLauncher.start("p", List.of(server("e", "handler", "ECHO")), false, List.of(), broken);
        echo.stop();
        assertTrue(freeAgain(echo.servers().get(0).server().port()));
    }

    /** A server as Maven would inject it from {@code <server><id>..</id><name>value</name></server>}. */
    private static Server server(String id, Object... elementsAndValues) throws Exception {
        Server server = new Server();
        set(server, "id", id);
        for (int i = 0; i < elementsAndValues.length; i += 2) {
            set(server, (String) elementsAndValues[i], elementsAndValues[i + 1]);
        }
        return server;
    }

    private static void set(Server server, String element, Object value) throws Exception {
        Field field = Server.class.getDeclaredField(element);
        field.setAccessible(true);
        field.set(server, value);
    }

    private static boolean freeAgain(int port) throws Exception {
        try (ServerSocket rebind = new ServerSocket()) {
            rebind.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        }
    }
}
