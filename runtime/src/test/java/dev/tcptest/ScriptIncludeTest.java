package dev.tcptest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code include}: one file's commands and rules in another, found relative to the including script. */
class ScriptIncludeTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private Path write(String name, String text) throws Exception {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        return file;
    }

    @Test
    void aFileIncludesAnotherRelativeToItsFolder() throws Exception {
        Path main = write("main.chat", "include \"parts/hello.chat\"\non line \"PING\" send \"PONG\\n\"\n");
        write("parts/hello.chat", "expect line \"HELLO\"\nsend \"WELCOME\\n\"\n");
        try (TcpServer server = TcpServer.builder().handler(Handlers.script(main)).start();
                TestClient client = new TestClient(server)) {
            client.send("HELLO\nPING\n");
            assertEquals("WELCOME\n", client.readLine());
            assertEquals("PONG\n", client.readLine());
            client.shutdownOutput();
            assertEquals("", client.readAll());
            assertNull(server.takeConnection(WAIT).error());
        }
    }

    /** A failure in an included command names the included file and its line. */
    @Test
    void aFailureInAnIncludedCommandNamesTheIncludedFile() throws Exception {
        Path main = write("main.chat", "send \"hi\\n\"\ninclude \"parts/hello.chat\"\n");
        write("parts/hello.chat", "# the greeting\nexpect line \"HELLO\"\n");
        try (TcpServer server = TcpServer.builder().handler(Handlers.script(main)).start();
                TestClient client = new TestClient(server)) {
            client.readLine();
            client.send("BYE\n");
            assertEquals("", client.readToEnd());
            assertEquals(dir.resolve("parts/hello.chat") + ":2: expected a line matching \"HELLO\", but the client sent"
                    + " the line \"BYE\\n\"", server.takeConnection(WAIT).error().getMessage());
        }
    }

    @Test
    void aStringScriptIncludesRelativeToTheWorkingDirectory() throws Exception {
        Path part = write("greeting.chat", "send \"hi\\n\"\n");
        String relative = Path.of("").toAbsolutePath().relativize(part).toString().replace('\\', '/');
        try (TcpServer server = TcpServer.builder().handler(Handlers.script("include \"" + relative + "\"")).start();
                TestClient client = new TestClient(server)) {
            assertEquals("hi\n", client.readToEnd());
        }
    }

    @Test
    void aResourceIncludesRelativeToItsFolderOnTheClassPath() throws Exception {
        URL redis = getClass().getResource("/include/redis.chat");
        try (TcpServer server = TcpServer.builder().handler(Handlers.script(redis)).start();
                TestClient client = new TestClient(server)) {
            client.send("*1\r\n$5\r\nHELLO\r\n*1\r\n$4\r\nPING\r\n");
            assertEquals("%1\r\n", client.readLine());
            assertEquals("$6\r\n", client.readLine());
            assertEquals("server\r\n", client.readLine());
            assertEquals("$5\r\n", client.readLine());
            assertEquals("redis\r\n", client.readLine());
            assertEquals("+PONG\r\n", client.readLine());
        }
    }

    @Test
    void anErrorInAnIncludedResourceNamesItByItsResourceName() {
        ScriptSyntaxException e = assertThrows(ScriptSyntaxException.class,
                () -> Script.parse("include/broken.chat", getClass().getResource("/include/broken.chat")));
        assertEquals("include/parts/broken-part.chat:2:12: odd number of hex digits (1) in 'send hex': write every"
                + " byte as two digits, like 0d 0a", e.getMessage());
    }

    @Test
    void aScriptInAJarIncludesFromTheSameJar() throws Exception {
        Path jar = dir.resolve("scripts.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            entry(out, "chat/main.chat", "include \"../common/greeting.chat\"\nclose\n");
            entry(out, "common/greeting.chat", "send \"from the jar\\n\"\n");
        }
        URL main = URI.create("jar:" + jar.toUri() + "!/chat/main.chat").toURL();
        try (TcpServer server = TcpServer.builder().handler(Handlers.script(main)).start();
                TestClient client = new TestClient(server)) {
            assertEquals("from the jar\n", client.readToEnd());
        }
    }

    private static void entry(JarOutputStream jar, String name, String text) throws Exception {
        jar.putNextEntry(new JarEntry(name));
        OutputStream out = jar;
        out.write(text.getBytes(StandardCharsets.UTF_8));
        jar.closeEntry();
    }

    @Test
    void anErrorInAnIncludedFileNamesItsFileLineAndColumn() throws Exception {
        Path main = write("main.chat", "send \"hi\"\ninclude \"part.chat\"\n");
        write("part.chat", "\nexpect  nothing\n");
        ScriptSyntaxException e = assertThrows(ScriptSyntaxException.class, () -> Script.parse(main));
        assertEquals(dir.resolve("part.chat").toString(), e.source());
        assertEquals(2, e.line());
        assertEquals(9, e.column());
    }

    @Test
    void aMissingIncludeIsAnErrorAtTheIncludeLine() throws Exception {
        Path main = write("main.chat", "send \"hi\"\ninclude \"none.chat\"\n");
        ScriptSyntaxException e = assertThrows(ScriptSyntaxException.class, () -> Script.parse(main));
        assertEquals(main + ":2:9: cannot include " + dir.resolve("none.chat") + " (" + dir.resolve("none.chat")
                + "): there is no such file; the path is relative to the including script's folder", e.getMessage());
    }

    @Test
    void aFolderOrAFileThatIsNotUtf8CannotBeIncluded() throws Exception {
        Files.createDirectories(dir.resolve("folder"));
        Path main = write("main.chat", "include \"folder\"\n");
        ScriptSyntaxException folder = assertThrows(ScriptSyntaxException.class, () -> Script.parse(main));
        assertTrue(folder.getMessage().contains(": it is not a regular file;"), folder.getMessage());

        Files.write(dir.resolve("latin1.chat"), new byte[] {'#', ' ', (byte) 0xe9, '\n'});
        Path other = write("other.chat", "include \"latin1.chat\"\n");
        ScriptSyntaxException latin1 = assertThrows(ScriptSyntaxException.class, () -> Script.parse(other));
        assertEquals(other + ":1:9: cannot include " + dir.resolve("latin1.chat") + ": it is not valid UTF-8; save it as"
                + " UTF-8", latin1.getMessage());
    }

    @Test
    void anIncludeCycleIsAnErrorNamingTheChain() throws Exception {
        Path a = write("a.chat", "include \"b.chat\"\n");
        write("b.chat", "send \"b\"\ninclude \"./a.chat\"\n");
        ScriptSyntaxException e = assertThrows(ScriptSyntaxException.class, () -> Script.parse(a));
        assertEquals(dir.resolve("b.chat") + ":2:9: include cycle: " + a + " includes " + dir.resolve("b.chat")
                + " includes " + dir.resolve("a.chat") + "; remove one of these includes", e.getMessage());

        Path self = write("self.chat", "include \"self.chat\"\n");
        ScriptSyntaxException itself = assertThrows(ScriptSyntaxException.class, () -> Script.parse(self));
        assertTrue(itself.getMessage().startsWith(self + ":1:9: include cycle: " + self + " includes "), itself.getMessage());
    }

    /** The order of commands holds across files: rules in an included file come after every other command. */
    @Test
    void theOrderOfCommandsHoldsAcrossFiles() throws Exception {
        write("rules.chat", "# rules only\non line \"PING\" send \"PONG\\n\"\n");
        Path after = write("after.chat", "include \"rules.chat\"\nsend \"late\"\n");
        ScriptSyntaxException late = assertThrows(ScriptSyntaxException.class, () -> Script.parse(after));
        assertEquals(after + ":2:1: 'send' after the 'on' rules that start on line 2 of " + dir.resolve("rules.chat")
                + ": rules answer lines once the sequence is done, so move every other command above the first 'on'",
                late.getMessage());

        Path closed = write("closed.chat", "close\ninclude \"rules.chat\"\n");
        ScriptSyntaxException afterClose = assertThrows(ScriptSyntaxException.class, () -> Script.parse(closed));
        assertEquals(closed + ":2:1: 'include' after 'close' on line 1: the connection is over by then; remove it or move"
                + " it above", afterClose.getMessage());

        Path more = write("more.chat", "on line \"QUIT\" close\ninclude \"rules.chat\"\n");
        Script.parse(more);
    }

    @Test
    void anIncludedFileHoldsNoSectionHeaders() throws Exception {
        write("part.chat", "send \"x\"\n  [connection 1]\n");
        Path main = write("main.chat", "[connection *]\ninclude \"part.chat\"\n");
        ScriptSyntaxException e = assertThrows(ScriptSyntaxException.class, () -> Script.parse(main));
        assertEquals(dir.resolve("part.chat") + ":2:3: a section header cannot be in an included file: sections belong"
                + " to the script the server plays; move it into " + main, e.getMessage());
    }

    /** A section takes its shared part from an include: the reconnect test of a Redis client. */
    @Test
    void sectionsShareAnIncludedHandshake() throws Exception {
        write("handshake.chat", "expect line \"HELLO\"\nsend \"WELCOME\\n\"\n");
        Path main = write("main.chat", """
                [connection 1]
                reset
                [connection *]
                include "handshake.chat"
                on line "PING" send "PONG\\n"
                """);
        try (TcpServer server = TcpServer.builder().handler(Handlers.script(main)).start()) {
            try (TestClient first = new TestClient(server)) {
                assertEquals("RESET", first.readToEndOrReset());
            }
            try (TestClient second = new TestClient(server)) {
                second.send("HELLO\nPING\n");
                assertEquals("WELCOME\n", second.readLine());
                assertEquals("PONG\n", second.readLine());
            }
        }
    }
}
