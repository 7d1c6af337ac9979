package dev.tcptest.internal.settings;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcptest.AcceptHandler;
import dev.tcptest.Connection;
import dev.tcptest.TcpServer;
import dev.tcptest.internal.settings.ServerSettings.Dialect;
import dev.tcptest.internal.settings.ServerSettings.Setting;
import dev.tcptest.internal.settings.ServerSettings.SettingException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Plain values, as a POM or a command line gives them, becoming a running server. */
class ServerSettingsTest {

    @Test
    void aResponseTakesTheScriptEscapesIncludingHexBytesAndPlainQuotes() throws Exception {
        TcpServer server = pom().response("say \"hi\"\\r\\n\\x00\\xff").toBuilder().start();
        try (server; Socket client = new Socket("127.0.0.1", server.port())) {
            byte[] expected = {'s', 'a', 'y', ' ', '"', 'h', 'i', '"', '\r', '\n', 0, (byte) 0xff};
            assertArrayEquals(expected, client.getInputStream().readAllBytes());
        }
    }

    @Test
    void aBadEscapeNamesTheSettingTheCharacterAndTheValidEscapes() {
        SettingException e = assertThrows(SettingException.class, () -> pom().response("ok\\q").toBuilder());
        assertEquals(Setting.RESPONSE, e.setting());
        assertEquals("ok\\q", e.value());
        assertTrue(e.getMessage().startsWith("<response> has a bad escape at character 3: unknown escape '\\q'"), e.getMessage());
        assertTrue(e.getMessage().contains("\\xHH"), e.getMessage());
        SettingException lone = assertThrows(SettingException.class, () -> pom().response("ok\\").toBuilder());
        assertTrue(lone.getMessage().contains("lone backslash"), lone.getMessage());
    }

    @Test
    void anUnsetHandlerFollowsTheOneValueThatImpliesIt(@TempDir Path dir) throws Exception {
        Path chat = Files.writeString(dir.resolve("hi.chat"), "send \"hi\"\n");
        assertEquals("echo", pom().handlerName());
        assertEquals("respond", pom().response("x").handlerName());
        assertEquals("script", pom().script(chat).handlerName());
        assertEquals("proxy", pom().proxyTarget("127.0.0.1:1").handlerName());
        SettingException both = assertThrows(SettingException.class, () -> pom().response("x").script(chat).handlerName());
        assertEquals(Setting.HANDLER, both.setting());
    }

    @Test
    void messagesNameTheSettingTheWayTheUserWroteIt() {
        SettingException pom = assertThrows(SettingException.class, () -> pom().handler("script").toBuilder());
        assertEquals("<handler>script</handler> needs <script>, e.g. <script>smtp.chat</script>", pom.getMessage());
        SettingException cli = assertThrows(SettingException.class,
                () -> new ServerSettings(Dialect.COMMAND_LINE).handler("script").toBuilder());
        assertEquals("--handler script needs --script FILE, e.g. --script smtp.chat", cli.getMessage());
        SettingException only = assertThrows(SettingException.class, () -> pom().handler("echo").response("x").toBuilder());
        assertEquals("<response> only goes with <handler>respond</handler>, not with <handler>echo</handler>", only.getMessage());
    }

    @Test
    void builderChecksBecomeSettingExceptionsWithTheValue() {
        SettingException backlog = assertThrows(SettingException.class, () -> pom().backlog(-1).toBuilder());
        assertEquals(Setting.BACKLOG, backlog.setting());
        assertEquals("-1", backlog.value());
        assertTrue(backlog.getMessage().startsWith("backlog must be at least 1, was -1"), backlog.getMessage());
        SettingException bind = assertThrows(SettingException.class, () -> pom().bindAddress("no-such-host.invalid").toBuilder());
        assertEquals(Setting.BIND_ADDRESS, bind.setting());
        SettingException faults = assertThrows(SettingException.class, () -> pom().faults("latncy=5ms").toBuilder());
        assertEquals(Setting.FAULTS, faults.setting());
        assertEquals("latncy=5ms", faults.value());
    }

    @Test
    void aClassNameIsLoadedOnlyWithAClassLoaderAndMustBeAnAcceptHandler() throws Exception {
        String name = Greeter.class.getName();
        SettingException noLoader = assertThrows(SettingException.class, () -> pom().handler(name).toBuilder());
        assertTrue(noLoader.getMessage().startsWith("unknown handler '" + name + "'; use one of echo, discard"), noLoader.getMessage());

        ClassLoader loader = getClass().getClassLoader();
        TcpServer server = pom().handler(name).handlerClassLoader(loader).toBuilder().start();
        try (server; Socket client = new Socket("127.0.0.1", server.port())) {
            assertArrayEquals("hello".getBytes(java.nio.charset.StandardCharsets.US_ASCII), client.getInputStream().readAllBytes());
        }

        SettingException missing = assertThrows(SettingException.class,
                () -> pom().handler("com.example.Missing").handlerClassLoader(loader).toBuilder());
        assertTrue(missing.getMessage().startsWith("unknown handler 'com.example.Missing': it is no built-in name"), missing.getMessage());
        SettingException notAHandler = assertThrows(SettingException.class,
                () -> pom().handler(String.class.getName()).handlerClassLoader(loader).toBuilder());
        assertTrue(notAHandler.getMessage().contains("does not implement dev.tcptest.AcceptHandler"), notAHandler.getMessage());
        SettingException noConstructor = assertThrows(SettingException.class,
                () -> pom().handler(NeedsArgument.class.getName()).handlerClassLoader(loader).toBuilder());
        assertTrue(noConstructor.getMessage().contains("needs a public no-argument constructor"), noConstructor.getMessage());
    }

    private static ServerSettings pom() {
        return new ServerSettings(Dialect.POM);
    }

    /** A handler as a project would write one. */
    public static final class Greeter implements AcceptHandler {
        @Override
        public void handle(Connection connection) throws Exception {
            connection.output().write("hello".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
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
            connection.output().write(greeting.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }
    }
}
