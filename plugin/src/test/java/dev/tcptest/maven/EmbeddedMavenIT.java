package dev.tcptest.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Builds in one long-lived JVM, the way an embedded Maven or a daemon runs them: Maven 3.9's
 * {@code MavenCli.doMain}, called again and again in this test's JVM. The plugin comes from the
 * repository the invoker installed it into, with the invoker's settings: what else the builds
 * need (the parent POM's imported BOM) comes from the outer build's local repository as the
 * remote {@code local.central}.
 */
class EmbeddedMavenIT {

    private static final Path FIXTURE = Path.of("src/test/embedded/fixed-port").toAbsolutePath();
    private static final Path REPOSITORY = Path.of("target/local-repo").toAbsolutePath();

    @Test
    void twoBuildsThatNeverReachStopServerBindTheSameFixedPortOneAfterTheOther() throws Exception {
        int port = freePort();
        for (int build = 1; build <= 2; build++) {
            Result result = maven("pre-integration-test", "-Dfixed.port=" + port);
            assertEquals(0, result.code, result.output);
            assertTrue(result.output.contains("tcptest: server 'fixed' (echo) listening on 127.0.0.1:" + port), result.output);
            assertTrue(result.output.contains("tcptest: stopped server(s) [fixed] of dev.tcptest.fixtures:fixed-port:pom:1"
                    + " at the end of the build"), result.output);
            assertPortIsFree(port);
            assertFalse(hasTcptestShutdownHook(), "build " + build + " left its shutdown hook registered");
        }
    }

    @Test
    void aBuildThatReachesStopServerLeavesNothingForTheEndOfTheBuild() throws Exception {
        int port = freePort();
        Result result = maven("verify", "-Dfixed.port=" + port);
        assertEquals(0, result.code, result.output);
        assertTrue(result.output.contains("tcptest server 'fixed' on 127.0.0.1:" + port + ": 0 connection(s)"), result.output);
        assertFalse(result.output.contains("at the end of the build"), result.output);
        assertPortIsFree(port);
        assertFalse(hasTcptestShutdownHook());
    }

    @Test
    void runServesWithoutAPomUntilItsBuildIsInterruptedAndThenStopsAndReports(@TempDir Path directory) throws Exception {
        int port = freePort();
        CompletableFuture<Result> running = new CompletableFuture<>();
        Thread build = new Thread(() -> {
            try {
                running.complete(mavenIn(directory, "dev.tcptest:tcptest-maven-plugin:" + System.getProperty("tcptest.version")
                        + ":run", "-Dtcptest.port=" + port, "-Dtcptest.handler=respond", "-Dtcptest.response=hi\\r\\n"));
            } catch (Exception e) {
                running.completeExceptionally(e);
            }
        }, "embedded-run");
        build.start();
        try (Socket client = connectWhileRunning(port, running)) {
            client.setSoTimeout(10_000);
            assertEquals("hi\r\n", new String(client.getInputStream().readAllBytes(), StandardCharsets.US_ASCII));
        }
        build.interrupt();
        Result result = running.get(60, TimeUnit.SECONDS);
        assertEquals(0, result.code, result.output);
        assertTrue(result.output.contains("tcptest server 'default' on 127.0.0.1:" + port + ": 1 connection(s), 0 bytes in, 4 bytes out"),
                result.output);
        assertPortIsFree(port);
        assertFalse(hasTcptestShutdownHook());
        String transcript = Files.readString(directory.resolve("target/tcptest/default/connection-1.txt"), StandardCharsets.UTF_8);
        assertTrue(transcript.contains("S: \"hi\\r\\n\""), transcript);
    }

    private static Result maven(String... goalsAndProperties) throws Exception {
        List<String> args = new ArrayList<>(List.of("-f", FIXTURE.resolve("pom.xml").toString()));
        args.addAll(List.of(goalsAndProperties));
        return mavenIn(FIXTURE, args.toArray(new String[0]));
    }

    private static Result mavenIn(Path directory, String... goalsAndProperties) throws Exception {
        List<String> args = new ArrayList<>(List.of("-B", "-ntp",
                "-s", settings().toString(), "-Dmaven.repo.local=" + REPOSITORY, "-Dtcptest.version=" + System.getProperty("tcptest.version")));
        args.addAll(List.of(goalsAndProperties));
        System.setProperty("maven.multiModuleProjectDirectory", directory.toString());
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8);
        Class<?> cli = Class.forName("org.apache.maven.cli.MavenCli");
        Method doMain = cli.getMethod("doMain", String[].class, String.class, PrintStream.class, PrintStream.class);
        Object instance = cli.getConstructor().newInstance();
        int code = (Integer) doMain.invoke(instance, args.toArray(new String[0]), directory.toString(), out, out);
        return new Result(code, output.toString(StandardCharsets.UTF_8));
    }

    /** The settings the invoker's fixtures run with, so the artifacts they fetched count as available. */
    private static Path settings() throws IOException {
        Path settings = Path.of("target/embedded-settings.xml").toAbsolutePath();
        String template = Files.readString(Path.of("src/it/settings.xml"), StandardCharsets.UTF_8);
        String outer = Path.of(System.getProperty("outer.local.repository")).toUri().toString();
        Files.writeString(settings, template.replace("@localRepositoryUrl@", outer), StandardCharsets.UTF_8);
        return settings;
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    private static void assertPortIsFree(int port) throws IOException {
        try (ServerSocket rebind = new ServerSocket()) {
            rebind.setReuseAddress(true);
            rebind.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        }
    }

    /** Connects once the build has started its server; fails with the build's output if the build ends first. */
    private static Socket connectWhileRunning(int port, CompletableFuture<Result> build) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                return new Socket(InetAddress.getLoopbackAddress(), port);
            } catch (java.net.ConnectException notYet) {
                if (build.isDone() || attempt == 1200) {
                    throw new AssertionError("the run goal is not serving on port " + port + ": "
                            + (build.isDone() ? build.get().output : "still starting after " + attempt + " attempts"), notYet);
                }
                Thread.sleep(50);
            }
        }
    }

    /** Whether a shutdown hook of the plugin is still registered in this JVM. */
    private static boolean hasTcptestShutdownHook() throws Exception {
        Class<?> hooks = Class.forName("java.lang.ApplicationShutdownHooks");
        Field field = hooks.getDeclaredField("hooks");
        field.setAccessible(true);
        synchronized (hooks) {
            Map<?, ?> registered = (Map<?, ?>) field.get(null);
            return registered.keySet().stream().anyMatch(hook -> ((Thread) hook).getName().startsWith("tcptest-shutdown-"));
        }
    }

    private record Result(int code, String output) {
    }
}
