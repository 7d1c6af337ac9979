package dev.tcptest.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcptest.Handlers;
import dev.tcptest.TcpServer;
import dev.tcptest.remote.RemoteServers;
import dev.tcptest.remote.RemoteTcpServer;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The standalone server as a user runs it from a terminal. */
class MainTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void startsPrintsItsAddressServesAndStopsCleanlyWhenAskedTo() throws Exception {
        CountDownLatch stop = new CountDownLatch(1);
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> run(stop, "--handler", "respond",
                "--response", "hello\\r\\n", "--backlog", "7"));
        String printed = awaitOutput("press Ctrl-C");
        Matcher address = Pattern.compile("respond server listening on 127\\.0\\.0\\.1:(\\d+) \\(backlog 7\\)").matcher(printed);
        assertTrue(address.find(), printed);
        try (Socket client = new Socket("127.0.0.1", Integer.parseInt(address.group(1)))) {
            assertEquals("hello\r\n", new String(client.getInputStream().readAllBytes(), StandardCharsets.US_ASCII));
        }
        stop.countDown();
        assertEquals(0, exit.get());
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("tcptest: stopped after 1 connection(s), 0 handler error(s)"),
                out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void theStopLineCountsHandlerErrorsWhichAreLoggedWithOnePrefix(@TempDir Path dir) throws Exception {
        Path chat = Files.writeString(dir.resolve("quit.chat"), "expect line \"QUIT\"\n");
        CountDownLatch stop = new CountDownLatch(1);
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> run(stop, "--script", chat.toString()));
        Matcher address = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)").matcher(awaitOutput("press Ctrl-C"));
        assertTrue(address.find());
        try (Socket client = new Socket("127.0.0.1", Integer.parseInt(address.group(1)))) {
            client.getOutputStream().write("HELO\r\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals(-1, client.getInputStream().read());
        }
        stop.countDown();
        assertEquals(0, exit.get());
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("tcptest: stopped after 1 connection(s), 1 handler error(s)"),
                out.toString(StandardCharsets.UTF_8));
        String logged = err.toString(StandardCharsets.UTF_8);
        assertTrue(logged.startsWith("tcptest server 'default': "), logged);
        assertFalse(logged.contains("tcptest: tcptest"), logged);
    }

    @Test
    void aResponseAloneServesRespondAsThePluginDoes() throws Exception {
        CountDownLatch stop = new CountDownLatch(1);
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> run(stop, "--response", "hi\\n"));
        Matcher address = Pattern.compile("respond server listening on 127\\.0\\.0\\.1:(\\d+)").matcher(awaitOutput("press Ctrl-C"));
        assertTrue(address.find(), out.toString(StandardCharsets.UTF_8));
        try (Socket client = new Socket("127.0.0.1", Integer.parseInt(address.group(1)))) {
            assertEquals("hi\n", new String(client.getInputStream().readAllBytes(), StandardCharsets.US_ASCII));
        }
        stop.countDown();
        assertEquals(0, exit.get());
    }

    @Test
    void aBlankHandlerIsTheDefaultAndSaysSo() throws Exception {
        CountDownLatch stop = new CountDownLatch(1);
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> run(stop, "--handler", " "));
        assertTrue(awaitOutput("press Ctrl-C").contains("tcptest: echo server listening on"), out.toString(StandardCharsets.UTF_8));
        stop.countDown();
        assertEquals(0, exit.get());
    }

    @Test
    void verboseLogsEveryConnection() throws Exception {
        CountDownLatch stop = new CountDownLatch(1);
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> run(stop, "--verbose"));
        Matcher address = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)").matcher(awaitOutput("press Ctrl-C"));
        assertTrue(address.find());
        try (Socket client = new Socket("127.0.0.1", Integer.parseInt(address.group(1)))) {
            client.shutdownOutput();
            assertEquals(-1, client.getInputStream().read());
        }
        stop.countDown();
        assertEquals(0, exit.get());
        String logged = err.toString(StandardCharsets.UTF_8);
        assertTrue(logged.contains("accepted #1 from 127.0.0.1:"), logged);
    }

    @Test
    void anIpv6AddressIsPrintedInBrackets() throws Exception {
        CountDownLatch stop = new CountDownLatch(1);
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> run(stop, "--bind-address", "::1"));
        String printed = awaitOutput("press Ctrl-C");
        stop.countDown();
        assertEquals(0, exit.get(), err.toString(StandardCharsets.UTF_8));
        assertTrue(Pattern.compile("echo server listening on \\[0:0:0:0:0:0:0:1\\]:\\d+ ").matcher(printed).find(), printed);
    }

    @Test
    void helpListsTheOptions() {
        assertEquals(0, run(new CountDownLatch(0), "--help"));
        String help = out.toString(StandardCharsets.UTF_8);
        for (String option : new String[] {"--bind-address", "--port", "--backlog", "--handler", "--response", "--script",
            "--proxy-target", "--faults", "--accept-paused", "--verbose", "--version"}) {
            assertTrue(help.contains("  " + option + " "), option + " in " + help);
        }
    }

    @Test
    void optionsAreNamedAsThePluginAndTheAnnotationNameThemAndTheOldSpellingsStillWork() throws Exception {
        CommandLine named = CommandLine.parse("--bind-address", "::1", "--proxy-target", "db:5432", "--accept-paused");
        CommandLine old = CommandLine.parse("--bind", "::1", "--target", "db:5432", "--paused");
        for (CommandLine line : new CommandLine[] {named, old}) {
            assertEquals("::1", line.bindAddress);
            assertEquals("db:5432", line.proxyTarget);
            assertTrue(line.acceptPaused);
            assertEquals("proxy", line.handlerName());
        }
        assertEquals("--proxy-target", CommandLine.option("proxyTarget", null));
        assertEquals("--response 'HTTP/1.0 200 OK\\r\\n'", CommandLine.option("response", "HTTP/1.0 200 OK\\r\\n"));
        assertEquals("--response 'it'\\''s'", CommandLine.option("response", "it's"));
    }

    @Test
    void versionPrintsTheRuntimesVersion() {
        assertEquals(0, run(new CountDownLatch(0), "--version"));
        String printed = out.toString(StandardCharsets.UTF_8);
        assertTrue(printed.matches("tcptest \\d+\\.\\d+\\.\\d+\\S*\\R"), printed);
    }

    @Test
    void badOptionsGetOneLineAndExitCode2() {
        assertUsage("tcptest: unknown option '--prot'; run with --help for the options", "--prot", "80");
        assertUsage("tcptest: --port needs a whole number from 0 to 65535, was 'eighty'", "--port", "eighty");
        assertUsage("tcptest: --backlog needs a whole number from 1 to 2147483647, was '99999999999'", "--backlog", "99999999999");
        assertUsage("tcptest: --backlog needs a whole number from 1 to 2147483647, was 'lots'", "--backlog", "lots");
        assertUsage("tcptest: --port needs a value; run with --help for the options", "--port");
        assertUsage("tcptest: --backlog must be at least 1, was -3", "--backlog", "-3");
        assertUsage("tcptest: --port must be between 0 and 65535, was 70000; use --port 0 for a free port", "--port", "70000");
        assertUsage("tcptest: --bind-address 'db.invalid' cannot be resolved to an IP address; use an address of this"
                + " machine, such as --bind-address 127.0.0.1", "--bind", "db.invalid");
        assertUsage("tcptest: --bind-address '127.0.0.1:80' includes a port; give the address and the port apart, as"
                + " --bind-address 127.0.0.1 and --port 80", "--bind-address", "127.0.0.1:80");
        assertUsage("tcptest: --handler 'ekko' names no built-in handler; use one of echo, discard, respond, close, reset,"
                + " silent, script, proxy", "--handler", "ekko");
        assertUsage("tcptest: --script is missing: --handler script needs it; set it, such as --script smtp.chat",
                "--handler", "script");
        assertUsage("tcptest: --proxy-target 'nohost' has no port; write host:port, such as --proxy-target nohost:6379",
                "--handler", "proxy", "--proxy-target", "nohost");
        // The handler was implied by the target, so the message names only the target.
        assertUsage("tcptest: --proxy-target 'nohost' has no port;", "--proxy-target", "nohost");
        assertUsage("tcptest: --proxy-target is missing: --handler proxy needs it; set it, such as --proxy-target"
                + " 127.0.0.1:6379", "--handler", "proxy");
        assertUsage("tcptest: --script only goes with --handler script, not with --handler echo",
                "--handler", "echo", "--script", "a.chat");
        assertUsage("tcptest: --handler is not set, and --response and --proxy-target imply different handlers; choose one:"
                + " --handler respond or --handler proxy", "--response", "hi", "--target", "db:1");
        assertUsage("tcptest: --faults is invalid: bad fault 'latncy=5ms'", "--faults", "latncy=5ms");
        assertUsage("tcptest: --response is missing: --handler respond needs it; set it, such as --response"
                + " 'HTTP/1.0 200 OK\\r\\n\\r\\n'", "--handler", "respond");
        assertUsage("tcptest: --response has a bad escape at character 3: unknown escape '\\q'",
                "--handler", "respond", "--response", "ok\\q");
    }

    @Test
    void playsAScriptFileAndReportsItsSyntaxErrorsWithFileAndLine(@TempDir Path dir) throws Exception {
        Path chat = dir.resolve("greet.chat");
        Files.writeString(chat, "send \"220 hi\\r\\n\"\nexpect line \"QUIT\"\n");
        CountDownLatch stop = new CountDownLatch(1);
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> run(stop, "--handler", "script",
                "--script", chat.toString(), "--faults", "latency=1ms"));
        Matcher address = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)").matcher(awaitOutput("press Ctrl-C"));
        assertTrue(address.find());
        try (Socket client = new Socket("127.0.0.1", Integer.parseInt(address.group(1)))) {
            client.getOutputStream().write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals("220 hi\r\n", new String(client.getInputStream().readAllBytes(), StandardCharsets.US_ASCII));
        }
        stop.countDown();
        assertEquals(0, exit.get());

        Files.writeString(chat, "send \"ok\"\nexpekt line \"x\"\n");
        assertUsage("tcptest: --script is not a valid chat script: " + chat + ":2:1: unknown command 'expekt'",
                "--handler", "script", "--script", chat.toString());
    }

    @Test
    void aScriptFileThatIsMissingOrADirectorySaysWhereItWasLookedFor(@TempDir Path dir) {
        Path missing = dir.resolve("missing.chat");
        assertUsage("tcptest: --script " + missing + ": no such file " + missing + " (a relative path is resolved against "
                + "the current directory); check the name, or give the full path of the chat script",
                "--script", missing.toString());
        Path relative = Path.of("no-such-dir", "smtp.chat");
        assertUsage("tcptest: --script " + relative + ": no such file " + relative.toAbsolutePath() + " (a relative path "
                + "is resolved against the current directory)", "--handler", "script", "--script", relative.toString());
        assertUsage("tcptest: --script '" + dir + "': " + dir + " is a directory; give the path of a chat script file, e.g. "
                + "--script " + dir.resolve("smtp.chat"), "--script", dir.toString());
        assertFalse(err.toString(StandardCharsets.UTF_8).contains("Exception"), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aPortInUseExitsWith1AndSaysWhy() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            assertEquals(1, run(new CountDownLatch(0), "--port", String.valueOf(port)));
            assertEquals("tcptest: cannot listen on 127.0.0.1:" + port + ": port " + port + " is already in use; use --port 0"
                    + " for a free port, or stop what listens there" + System.lineSeparator(), err.toString(StandardCharsets.UTF_8));
        }
    }

    @Test
    void controlPrintsAnEndpointThroughWhichTheServerCanBePausedAndInspected() throws Exception {
        CountDownLatch stop = new CountDownLatch(1);
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> run(stop, "--control", "0"));
        String printed = awaitOutput("press Ctrl-C");
        Matcher url = Pattern.compile("control endpoint (http://127\\.0\\.0\\.1:\\d+/\\S+/);").matcher(printed);
        assertTrue(url.find(), printed);
        RemoteTcpServer server = RemoteServers.connect(url.group(1)).server("default");
        try (Socket client = new Socket(server.host(), server.port())) {
            client.getOutputStream().write("ping".getBytes(StandardCharsets.US_ASCII));
            client.shutdownOutput();
            assertEquals("ping", new String(client.getInputStream().readAllBytes(), StandardCharsets.US_ASCII));
        }
        assertEquals("ping", server.takeConnection(Duration.ofSeconds(10)).receivedText());
        server.pauseAccepting();
        assertTrue(server.isAcceptPaused());
        stop.countDown();
        assertEquals(0, exit.get());
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("stopped after 1 connection(s)"), out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void tlsPrintsTheTrustStoreThatAClientTrusts() throws Exception {
        CountDownLatch stop = new CountDownLatch(1);
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> run(stop, "--tls"));
        String printed = awaitOutput("press Ctrl-C");
        Matcher address = Pattern.compile("echo server listening on 127\\.0\\.0\\.1:(\\d+) \\(backlog 50, TLS\\)").matcher(printed);
        Matcher files = Pattern.compile("TLS trust store (\\S+) \\(PKCS12, password (\\S+)\\), CA (\\S+), certificate (\\S+)")
                .matcher(printed);
        assertTrue(address.find() && files.find(), printed);
        assertTrue(printed.contains("try 'openssl s_client -connect 127.0.0.1:" + address.group(1) + "'"), printed);

        KeyStore trusted = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(Path.of(files.group(1)))) {
            trusted.load(in, files.group(2).toCharArray());
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        try (Socket client = context.getSocketFactory().createSocket("127.0.0.1", Integer.parseInt(address.group(1)))) {
            client.getOutputStream().write("ping".getBytes(StandardCharsets.US_ASCII));
            assertEquals("ping", new String(client.getInputStream().readNBytes(4), StandardCharsets.US_ASCII));
        }
        assertTrue(Files.readString(Path.of(files.group(3))).startsWith("-----BEGIN CERTIFICATE-----"));
        stop.countDown();
        assertEquals(0, exit.get());
    }

    @Test
    void badTlsOptionsGetOneLineAndExitCode2(@TempDir Path dir) {
        assertUsage("tcptest: --tls and --starttls exclude each other", "--tls", "--starttls");
        assertUsage("tcptest: --key-store '" + dir.resolve("missing.p12") + "' does not exist", "--tls", "--key-store",
                dir.resolve("missing.p12").toString());
        assertUsage("tcptest: --key-store is set, but tls is not; set --tls or --starttls, or leave --key-store out", "--key-store", dir.resolve("own.p12").toString());
    }

    @Test
    void recordScriptsWritesEachProxiedConnectionAsAScript(@TempDir Path dir) throws Exception {
        try (TcpServer real = TcpServer.builder().handler(Handlers.respond("220 ready\r\n")).start()) {
            CountDownLatch stop = new CountDownLatch(1);
            CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> run(stop, "--proxy-target",
                    "127.0.0.1:" + real.port(), "--record-scripts", dir.resolve("recorded").toString()));
            String printed = awaitOutput("press Ctrl-C");
            assertTrue(printed.contains("writing each connection as a chat script to " + dir.resolve("recorded")), printed);
            Matcher address = Pattern.compile("proxy server listening on 127\\.0\\.0\\.1:(\\d+)").matcher(printed);
            assertTrue(address.find(), printed);
            try (Socket client = new Socket("127.0.0.1", Integer.parseInt(address.group(1)))) {
                assertEquals("220 ready\r\n", new String(client.getInputStream().readAllBytes(), StandardCharsets.US_ASCII));
            }
            Path script = dir.resolve("recorded/connection-1.chat");
            for (int i = 0; i < 1000 && !Files.exists(script); i++) {
                Thread.sleep(10);   // written as the proxy's connection ends, just after the client saw its end
            }
            assertTrue(Files.readString(script).contains("send \"220 ready\\r\\n\""), Files.readString(script));
            stop.countDown();
            assertEquals(0, exit.get());
        }
        assertUsage("tcptest: --record-scripts", "--record-scripts", dir.toString());
    }

    @Test
    void aControlPortInUseExitsWith1AndNamesTheOption() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            assertEquals(1, run(new CountDownLatch(0), "--control", String.valueOf(port)));
            String message = err.toString(StandardCharsets.UTF_8);
            assertTrue(message.startsWith("tcptest: cannot open the control endpoint on 127.0.0.1:" + port + ": "), message);
            assertTrue(message.contains("or --control 0 for a free one"), message);
        }
    }

    private void assertUsage(String expectedStart, String... args) {
        err.reset();
        assertEquals(2, run(new CountDownLatch(0), args));
        String message = err.toString(StandardCharsets.UTF_8);
        assertTrue(message.startsWith(expectedStart), message);
        assertEquals(1, message.lines().count(), "one line: " + message);
    }

    private int run(CountDownLatch stop, String... args) {
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), stop);
    }

    private String awaitOutput(String marker) throws InterruptedException {
        for (int i = 0; i < 1000; i++) {
            String printed = out.toString(StandardCharsets.UTF_8);
            if (printed.contains(marker)) {
                return printed;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no '" + marker + "' in: " + out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8));
    }
}
