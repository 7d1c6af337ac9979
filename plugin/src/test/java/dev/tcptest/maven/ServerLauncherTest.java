package dev.tcptest.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcptest.Handlers;
import dev.tcptest.TcpServer;
import java.io.File;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;

/** Configured servers becoming running ones, checked the way Maven fills in a {@code <server>}. */
class ServerLauncherTest {

    private static final Path PROJECT = Path.of("target/some-project").toAbsolutePath();
    private static final Path OUTPUT = PROJECT.resolve("target/tcptest");

    private static final ServerLauncher.TestClassPath NO_CLASSES = () -> {
        throw new AssertionError("the test class path is read only for handler classes");
    };

    @Test
    void startsEveryServerAndExportsEachUnderItsId() throws Exception {
        ServerGroup group = ServerLauncher.start(context(), List.of(server("a"), server("b", "portProperty", "b.port")), false);
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
    void aTlsServerWritesAndExportsItsTrustStoreAndCertificateWhichAClientTrusts() throws Exception {
        ServerGroup group = ServerLauncher.start(context(), List.of(server("secure", "tls", "true"),
                server("upgrading", "tls", "starttls")), false);
        try {
            Map<String, String> exported = Exports.of(group.servers());
            Path trustStore = Path.of(exported.get("tcptest.secure.truststore"));
            assertEquals(OUTPUT.resolve("secure/truststore.p12"), trustStore);
            assertTrue(Files.readString(Path.of(exported.get("tcptest.secure.certificate"))).startsWith("-----BEGIN CERTIFICATE-----"));
            assertTrue(exported.containsKey("tcptest.upgrading.truststore"), "STARTTLS presents certificates too");
            assertTrue(group.servers().get(0).server().isTls());
            assertFalse(group.servers().get(1).server().isTls());

            KeyStore trusted = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(trustStore)) {
                trusted.load(in, exported.get("tcptest.secure.truststorePassword").toCharArray());
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            int port = Integer.parseInt(exported.get("tcptest.secure.port"));
            try (Socket client = context.getSocketFactory().createSocket("127.0.0.1", port)) {
                client.getOutputStream().write("ping".getBytes(StandardCharsets.US_ASCII));
                assertEquals("ping", new String(client.getInputStream().readNBytes(4), StandardCharsets.US_ASCII));
            }
        } finally {
            group.stop();
        }
    }

    @Test
    void aProxyWithRecordScriptsWritesEachConnectionAsAScriptBesideItsTranscript() throws Exception {
        try (TcpServer real = TcpServer.builder().handler(Handlers.respond("220 ready\r\n")).start()) {
            File recorded = PROJECT.resolve("target/recorded").toFile();
            Files.deleteIfExists(recorded.toPath().resolve("connection-1.chat"));   // of an earlier run
            Files.deleteIfExists(OUTPUT.resolve("db/connection-1.txt"));
            ServerGroup group = ServerLauncher.start(context(), List.of(server("db", "proxyTarget", "127.0.0.1:" + real.port(),
                    "recordScripts", recorded)), false);
            try {
                try (Socket client = new Socket("127.0.0.1", group.servers().get(0).server().port())) {
                    assertEquals("220 ready\r\n", new String(client.getInputStream().readAllBytes(), StandardCharsets.US_ASCII));
                }
                Path script = recorded.toPath().resolve("connection-1.chat");
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (!Files.exists(script) && System.nanoTime() < deadline) {
                    Thread.sleep(5);   // written as the proxy's connection ends, after the client saw its end
                }
                assertTrue(Files.readString(script).contains("send \"220 ready\\r\\n\""), Files.readString(script));
                assertTrue(Files.exists(OUTPUT.resolve("db/connection-1.txt")), "the transcript, written first");
            } finally {
                group.stop();
            }
        }
        ConfigurationException echo = assertThrows(ConfigurationException.class, () -> ServerLauncher.start(context(),
                List.of(server("db", "recordScripts", PROJECT.resolve("target/recorded").toFile())), false));
        assertTrue(echo.getMessage().startsWith("tcptest server 'db': <recordScripts>"), echo.getMessage());
        assertTrue(echo.getMessage().contains("only goes with <handler>proxy</handler>"), echo.getMessage());
    }

    @Test
    void aBadTlsValueOrKeyStoreIsNamedWithItsElement() throws Exception {
        ConfigurationException mode = assertThrows(ConfigurationException.class,
                () -> ServerLauncher.start(context(), List.of(server("smtp", "tls", "yes")), false));
        assertTrue(mode.getMessage().startsWith("tcptest server 'smtp': <tls> is 'yes', which is not true, false or starttls; use <tls>true</tls>"),
                mode.getMessage());
        File missing = PROJECT.resolve("missing.p12").toFile();
        ConfigurationException keyStore = assertThrows(ConfigurationException.class,
                () -> ServerLauncher.start(context(), List.of(server("smtp", "tls", "true", "keyStore", missing)), false));
        assertTrue(keyStore.getMessage().startsWith("tcptest server 'smtp': <keyStore>"), keyStore.getMessage());
        ConfigurationException withoutTls = assertThrows(ConfigurationException.class,
                () -> ServerLauncher.start(context(), List.of(server("smtp", "keyStore", missing)), false));
        assertTrue(withoutTls.getMessage().contains("<keyStore> is set, but tls is not; set <tls>true</tls> or <tls>starttls</tls>"),
                withoutTls.getMessage());
    }

    @Test
    void whenOneServerCannotBindTheOnesStartedBeforeItAreStoppedAgain() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            Server first = server("first", "port", 0);
            ConfigurationException e = assertThrows(ConfigurationException.class, () -> ServerLauncher.start(context(),
                    List.of(first, server("second", "port", port)), false));
            assertEquals("tcptest server 'second': cannot listen on 127.0.0.1:" + port + ": port " + port + " is already in"
                    + " use; use <port>0</port> for a free port, or stop what listens there. The server(s) 'first' that this"
                    + " start-server had started before it were stopped again.", e.getMessage());
        }
    }

    @Test
    void idsMustBeUniqueAlsoAcrossEarlierStartServersOfTheProject() throws Exception {
        ConfigurationException twice = assertThrows(ConfigurationException.class,
                () -> ServerLauncher.start(context(), List.of(server("db"), server("db")), false));
        assertTrue(twice.getMessage().startsWith("tcptest server <id>db</id> is configured twice: "), twice.getMessage());
        ConfigurationException earlier = assertThrows(ConfigurationException.class,
                () -> ServerLauncher.start(context(new ServerLauncher.Running("db", null)), List.of(server("db")), false));
        assertTrue(earlier.getMessage().contains("(an earlier start-server of this project already started it)"));
    }

    @Test
    void idsAreRestrictedToWhatReadsWellInAPropertyName() throws Exception {
        for (String id : new String[] {"my.db", "-db", "a b", "ü"}) {
            ConfigurationException e = assertThrows(ConfigurationException.class,
                    () -> ServerLauncher.start(context(), List.of(server(id)), false));
            assertTrue(e.getMessage().startsWith("tcptest server <id>" + id + "</id>: an id is used in property names"), id);
        }
    }

    @Test
    void aPortPropertyMayNotTakeTheNameOfAnInputOrOfAnotherServersOutput() throws Exception {
        for (String name : new String[] {PropertyNames.PORT, PropertyNames.SKIP_TESTS, "tcptest.other.port"}) {
            ConfigurationException e = assertThrows(ConfigurationException.class, () -> ServerLauncher.start(context(),
                    List.of(server("db", "portProperty", name)), false));
            assertTrue(e.getMessage().startsWith("tcptest server 'db', <portProperty>" + name + "</portProperty>: "), name);
        }
    }

    @Test
    void aBadValueNamesTheServerTheElementAndTheShorthandInputItCameFrom() throws Exception {
        ConfigurationException pom = assertThrows(ConfigurationException.class,
                () -> ServerLauncher.start(context(), List.of(server("db", "backlog", -1)), false));
        assertEquals("tcptest server 'db': <backlog> must be at least 1, was -1; use 1 or more, or leave <backlog> out for"
                + " the default of 50", pom.getMessage());
        ConfigurationException shorthand = assertThrows(ConfigurationException.class,
                () -> ServerLauncher.start(context(), List.of(server("default", "faults", "latncy=5ms")), true));
        assertTrue(shorthand.getMessage().startsWith("tcptest server 'default': -Dtcptest.faults is invalid: bad fault"
                + " 'latncy=5ms'"), shorthand.getMessage());
    }

    @Test
    void aBrokenTestClassPathIsReportedOnlyWhenAHandlerClassNeedsIt() throws Exception {
        ServerLauncher.TestClassPath broken = () -> {
            throw new IllegalStateException("dependencies not resolved");
        };
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> ServerLauncher.start(
                context(broken), List.of(server("h", "handler", "com.example.Handler")), false));
        assertTrue(e.getMessage().contains("dependencies not resolved"), e.getMessage());
        ServerGroup echo = ServerLauncher.start(context(broken), List.of(server("e", "handler", "ECHO")), false);
        echo.stop();
        assertTrue(freeAgain(echo.servers().get(0).server().port()));
    }

    @Test
    void aPortPropertyThatAnotherServerAlreadyExportsIsRejected() throws Exception {
        ConfigurationException same = assertThrows(ConfigurationException.class, () -> ServerLauncher.start(context(),
                List.of(server("a", "portProperty", "smtp.port"), server("b", "portProperty", "smtp.port")), false));
        assertEquals("tcptest server 'b', <portProperty>smtp.port</portProperty>: server 'a' already exports its port as"
                + " smtp.port, so one of the two values would be lost; give it a name of its own, e.g."
                + " <portProperty>b.port</portProperty>, or leave it out", same.getMessage());
        ConfigurationException other = assertThrows(ConfigurationException.class, () -> ServerLauncher.start(context(),
                List.of(server("a"), server("b", "portProperty", "tcptest.a.address")), false));
        assertTrue(other.getMessage().startsWith("tcptest server 'b', <portProperty>tcptest.a.address</portProperty>: server"
                + " 'a' exports its own address under that name, so one of the two values would be lost;"), other.getMessage());
        ConfigurationException own = assertThrows(ConfigurationException.class, () -> ServerLauncher.start(context(),
                List.of(server("a", "portProperty", "tcptest.a.host")), false));
        assertTrue(own.getMessage().contains("server 'a' exports its own host under that name"), own.getMessage());
        ConfigurationException earlier = assertThrows(ConfigurationException.class, () -> ServerLauncher.start(
                context(new ServerLauncher.Running("a", "smtp.port")), List.of(server("b", "portProperty", "smtp.port")), false));
        assertTrue(earlier.getMessage().contains("server 'a', started by an earlier start-server of this project, already"
                + " exports its port as smtp.port"), earlier.getMessage());
        ServerGroup itself = ServerLauncher.start(context(), List.of(server("a", "portProperty", "tcptest.a.port")), false);
        itself.stop();
    }

    @Test
    void aMissingScriptSaysWhereItWasLookedForAndWhatRelativePathsMean() throws Exception {
        File missing = PROJECT.resolve("missing.chat").toFile();
        ConfigurationException pom = assertThrows(ConfigurationException.class,
                () -> ServerLauncher.start(context(), List.of(server("smtp", "script", missing)), false));
        assertEquals("tcptest server 'smtp': <script>" + missing + "</script>: no such file (a relative <script> is resolved"
                + " against the project directory, " + PROJECT + "); check the name, or give the path from the project"
                + " directory, such as <script>src/test/resources/smtp.chat</script>", pom.getMessage());
        ConfigurationException shorthand = assertThrows(ConfigurationException.class,
                () -> ServerLauncher.start(context(), List.of(server("default", "script", missing)), true));
        assertEquals("tcptest server 'default': -Dtcptest.script=" + missing + ": no such file (a relative -Dtcptest.script"
                + " is resolved against the project directory, " + PROJECT + "); check the name, or give the path from the"
                + " project directory, such as -Dtcptest.script=src/test/resources/smtp.chat", shorthand.getMessage());
    }

    @Test
    void aHandlerClassThatIsNotThereSuggestsCompilingTheTestClassesFirst() throws Exception {
        ServerLauncher.TestClassPath empty = List::of;
        ConfigurationException start = assertThrows(ConfigurationException.class, () -> ServerLauncher.start(
                context(empty), List.of(server("h", "handler", "com.example.Handler")), false));
        assertEquals("tcptest server 'h': <handler> 'com.example.Handler' names no built-in handler, and the project's test"
                + " class path (its test classes and test dependencies) has no class of"
                + " that name. If it is one of the project's test classes, compile them first: run start-server in a phase"
                + " after test-compile, as its default pre-integration-test is (mvn verify), not as mvn tcptest:start-server"
                + " alone. Otherwise check the package and the spelling, or use one of echo, discard, respond, close, reset,"
                + " silent, script, proxy", start.getMessage());
        ConfigurationException run = assertThrows(ConfigurationException.class, () -> ServerLauncher.start(
                new ServerLauncher.Context("p", "run", PROJECT, OUTPUT, List.of(), empty),
                List.of(server("default", "handler", "com.example.Handler")), true));
        assertTrue(run.getMessage().startsWith("tcptest server 'default': -Dtcptest.handler 'com.example.Handler' names no"
                + " built-in handler"), run.getMessage());
        assertTrue(run.getMessage().contains("compile them first: run mvn test-compile tcptest:run."), run.getMessage());
        ConfigurationException typo = assertThrows(ConfigurationException.class, () -> ServerLauncher.start(
                context(empty), List.of(server("h", "handler", "ekko")), false));
        assertEquals("tcptest server 'h': <handler> 'ekko' names no built-in handler; use one of echo, discard, respond,"
                + " close, reset, silent, script, proxy, or the fully qualified name of an AcceptHandler class on the"
                + " project's test class path", typo.getMessage());
    }

    @Test
    void theShorthandsMessagesGiveTheFixAsACommandLineOption() throws Exception {
        ConfigurationException backlog = assertThrows(ConfigurationException.class,
                () -> ServerLauncher.start(context(), List.of(server("default", "backlog", -1)), true));
        assertEquals("tcptest server 'default': -Dtcptest.backlog must be at least 1, was -1; use 1 or more, or leave"
                + " -Dtcptest.backlog out for the default of 50", backlog.getMessage());
        ConfigurationException proxy = assertThrows(ConfigurationException.class,
                () -> ServerLauncher.start(context(), List.of(server("default", "handler", "proxy")), true));
        assertEquals("tcptest server 'default': -Dtcptest.proxyTarget is missing: -Dtcptest.handler=proxy needs it; set it,"
                + " such as -Dtcptest.proxyTarget=127.0.0.1:6379", proxy.getMessage());
        ConfigurationException respond = assertThrows(ConfigurationException.class,
                () -> ServerLauncher.start(context(), List.of(server("default", "handler", "respond")), true));
        assertEquals("tcptest server 'default': -Dtcptest.response is missing: -Dtcptest.handler=respond needs it; set it,"
                + " such as -Dtcptest.response='HTTP/1.0 200 OK\\r\\n\\r\\n'", respond.getMessage());
        ConfigurationException port = assertThrows(ConfigurationException.class,
                () -> ServerLauncher.start(context(), List.of(server("default", "port", 70000)), true));
        assertEquals("tcptest server 'default': -Dtcptest.port must be between 0 and 65535, was 70000; use -Dtcptest.port=0"
                + " for a free port", port.getMessage());
    }

    @Test
    void aProxyTargetWithoutItsPortSaysThePortIsMissing() throws Exception {
        ConfigurationException pom = assertThrows(ConfigurationException.class,
                () -> ServerLauncher.start(context(), List.of(server("p", "proxyTarget", "localhost")), false));
        assertEquals("tcptest server 'p': <proxyTarget> 'localhost' has no port; write host:port, such as"
                + " <proxyTarget>localhost:6379</proxyTarget>", pom.getMessage());
        ConfigurationException colon = assertThrows(ConfigurationException.class,
                () -> ServerLauncher.start(context(), List.of(server("default", "proxyTarget", "localhost:")), true));
        assertEquals("tcptest server 'default': -Dtcptest.proxyTarget 'localhost:' has no port; write host:port, such as"
                + " -Dtcptest.proxyTarget=localhost:6379", colon.getMessage());
        ConfigurationException host = assertThrows(ConfigurationException.class,
                () -> ServerLauncher.start(context(), List.of(server("p", "proxyTarget", ":6379")), false));
        assertEquals("tcptest server 'p': <proxyTarget> ':6379' has no host before the ':'; write host:port, such as"
                + " <proxyTarget>127.0.0.1:6379</proxyTarget>", host.getMessage());
    }

    @Test
    void aBadEscapeInTheResponseIsNamedOnce() throws Exception {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> ServerLauncher.start(context(), List.of(server("banner", "response", "bad \\q")), false));
        assertTrue(e.getMessage().startsWith("tcptest server 'banner': <response> has a bad escape at character 5: unknown"
                + " escape '\\q'"), e.getMessage());
    }

    private static ServerLauncher.Context context(ServerLauncher.Running... running) {
        return new ServerLauncher.Context("p", "start-server", PROJECT, OUTPUT, List.of(running), NO_CLASSES);
    }

    private static ServerLauncher.Context context(ServerLauncher.TestClassPath classPath) {
        return new ServerLauncher.Context("p", "start-server", PROJECT, OUTPUT, List.of(), classPath);
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
