package dev.tcptest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Plain values, as a POM or a command line gives them, becoming a running server. */
class ServerSettingsTest {

    /** How a POM writes a setting. */
    private static final BiFunction<String, String, String> POM =
            (setting, value) -> value == null ? "<" + setting + ">" : "<" + setting + ">" + value + "</" + setting + ">";

    @Test
    void aResponseTakesTheScriptEscapesIncludingHexBytesAndPlainQuotes() throws Exception {
        TcpServer server = new ServerSettings().response("say \"hi\"\\r\\n\\x00\\xff").toBuilder().start();
        try (server; Socket client = new Socket("127.0.0.1", server.port())) {
            byte[] expected = {'s', 'a', 'y', ' ', '"', 'h', 'i', '"', '\r', '\n', 0, (byte) 0xff};
            assertArrayEquals(expected, client.getInputStream().readAllBytes());
        }
    }

    @Test
    void aBadEscapeNamesTheSettingTheCharacterAndTheValidEscapes() {
        InvalidSettingException e = bad(new ServerSettings().response("ok\\q"));
        assertEquals("response", e.setting());
        assertEquals("ok\\q", e.value());
        assertTrue(e.message(POM).startsWith("<response> has a bad escape at character 3: unknown escape '\\q'"), e.getMessage());
        assertTrue(e.getMessage().contains("\\xHH"), e.getMessage());
        assertTrue(bad(new ServerSettings().response("ok\\")).getMessage().contains("lone backslash"));
    }

    @Test
    void anUnsetHandlerFollowsTheOneValueThatImpliesIt(@TempDir Path dir) throws Exception {
        Path chat = Files.writeString(dir.resolve("hi.chat"), "send \"hi\"\n");
        assertEquals("echo", new ServerSettings().handlerName());
        assertEquals("respond", new ServerSettings().response("x").handlerName());
        assertEquals("script", new ServerSettings().script(chat).handlerName());
        assertEquals("proxy", new ServerSettings().proxyTarget("127.0.0.1:1").handlerName());
        assertEquals("echo", new ServerSettings().handler(" ECHO ").handlerName());
        InvalidSettingException both = assertThrows(InvalidSettingException.class,
                () -> new ServerSettings().response("x").script(chat).handlerName());
        assertEquals("handler", both.setting());
        assertNull(both.value());
        assertEquals("<handler> is not set, and <response> and <script> imply different handlers; choose one:"
                + " <handler>respond</handler> or <handler>script</handler>", both.message(POM));
    }

    @Test
    void messagesNameTheSettingsTheWayTheReaderWritesThem() {
        InvalidSettingException missing = bad(new ServerSettings().handler("script"));
        assertEquals("script", missing.setting());
        assertNull(missing.value());
        assertEquals("<script> is missing: <handler>script</handler> needs it; set it, such as <script>smtp.chat</script>",
                missing.message(POM));
        assertEquals("script is missing: handler(\"script\") needs it; set it, such as script(\"smtp.chat\")",
                missing.getMessage());
        InvalidSettingException only = bad(new ServerSettings().handler("echo").response("x"));
        assertEquals("<response> only goes with <handler>respond</handler>, not with <handler>echo</handler>; remove it,"
                + " or use <handler>respond</handler>", only.message(POM));
    }

    @Test
    void aProxyTargetThatIsNotHostColonPortSaysWhatIsMissingWithoutBlamingTheHandler() {
        assertEquals("<proxyTarget> 'localhost' has no port; write host:port, such as"
                + " <proxyTarget>localhost:6379</proxyTarget>", bad(new ServerSettings().proxyTarget("localhost")).message(POM));
        assertEquals("<proxyTarget> ':6379' has no host before the ':'; write host:port, such as"
                + " <proxyTarget>127.0.0.1:6379</proxyTarget>", bad(new ServerSettings().proxyTarget(":6379")).message(POM));
        assertTrue(bad(new ServerSettings().proxyTarget("db:x")).message(POM).startsWith("<proxyTarget> 'db:x' has no numeric"
                + " port"));
        assertTrue(bad(new ServerSettings().proxyTarget("db:0")).getMessage().startsWith("proxyTarget 'db:0' cannot be used:"
                + " proxy port must be 1 to 65535"));
    }

    @Test
    void builderChecksReachTheCallerWithTheSettingAndTheValue() {
        InvalidSettingException backlog = bad(new ServerSettings().backlog(-1));
        assertEquals("backlog", backlog.setting());
        assertEquals("-1", backlog.value());
        assertEquals("must be at least 1, was -1", backlog.problem());
        assertEquals("bindAddress", bad(new ServerSettings().bindAddress("no-such-host.invalid")).setting());
        InvalidSettingException faults = bad(new ServerSettings().faults("latncy=5ms"));
        assertEquals("faults", faults.setting());
        assertEquals("latncy=5ms", faults.value());
        assertTrue(faults.problem().startsWith("is invalid: bad fault 'latncy=5ms'"), faults.problem());
    }

    @Test
    void aScriptWithASyntaxErrorNamesTheFileLineAndColumn(@TempDir Path dir) throws Exception {
        Path chat = Files.writeString(dir.resolve("bad.chat"), "send \"ok\"\nexpekt line \"x\"\n");
        InvalidSettingException e = bad(new ServerSettings().script(chat));
        assertEquals("script", e.setting());
        assertEquals("is not a valid chat script: " + chat + ":2:1: unknown command 'expekt'; expected one of send, expect,"
                + " delay, timeout, shutdown-output, starttls, close, reset, hold, await-close, include, on", e.problem());
        assertTrue(e.getCause() instanceof ScriptSyntaxException);
    }

    @Test
    void aClassNameIsLoadedOnlyWithAClassLoaderAndMustBeAnAcceptHandler() throws Exception {
        String name = Greeter.class.getName();
        assertEquals("handler '" + name + "' names no built-in handler; use one of echo, discard, respond, close, reset,"
                + " silent, script, proxy", bad(new ServerSettings().handler(name)).getMessage());

        ClassLoader loader = getClass().getClassLoader();
        TcpServer server = new ServerSettings().handler(name).handlerClassLoader(loader).toBuilder().start();
        try (server; Socket client = new Socket("127.0.0.1", server.port())) {
            assertArrayEquals("hello".getBytes(StandardCharsets.US_ASCII), client.getInputStream().readAllBytes());
        }

        String missing = bad(new ServerSettings().handler("com.example.Missing").handlerClassLoader(loader)).getMessage();
        assertTrue(missing.startsWith("handler 'com.example.Missing' names no built-in handler and no class that can be"
                + " loaded"), missing);
        String notAHandler = bad(new ServerSettings().handler(String.class.getName()).handlerClassLoader(loader)).getMessage();
        assertTrue(notAHandler.contains("names class java.lang.String, which does not implement dev.tcptest.AcceptHandler"),
                notAHandler);
        String noConstructor = bad(new ServerSettings().handler(NeedsArgument.class.getName()).handlerClassLoader(loader))
                .getMessage();
        assertTrue(noConstructor.endsWith("which has no public no-argument constructor; add one"), noConstructor);
    }

    private static InvalidSettingException bad(ServerSettings settings) {
        return assertThrows(InvalidSettingException.class, settings::toBuilder);
    }

    /** A handler as a project would write one. */
    public static final class Greeter implements AcceptHandler {
        @Override
        public void handle(Connection connection) throws Exception {
            connection.output().write("hello".getBytes(StandardCharsets.US_ASCII));
        }
    }

    /** A handler the settings cannot create. */
    public static final class NeedsArgument implements AcceptHandler {
        private final String greeting;

        public NeedsArgument(String greeting) {
            this.greeting = greeting;
        }

        @Override
        public void handle(Connection connection) throws Exception {
            connection.output().write(greeting.getBytes(StandardCharsets.US_ASCII));
        }
    }
}
