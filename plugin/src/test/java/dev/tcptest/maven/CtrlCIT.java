package dev.tcptest.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run goal in a Maven process of its own, stopped the way Ctrl-C stops it: the JVM is asked
 * to exit (SIGTERM here, which runs the same shutdown hooks as SIGINT), and the plugin's hook stops
 * the server and lets the goal write its report before the JVM ends.
 */
class CtrlCIT {

    @Test
    void aSignalStopsTheRunGoalsServerAndItsReportIsStillWritten(@TempDir Path directory) throws Exception {
        Path settings = Files.writeString(directory.resolve("settings.xml"), Files.readString(Path.of("src/it/settings.xml"))
                .replace("@localRepositoryUrl@", Path.of(System.getProperty("outer.local.repository")).toUri().toString()));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("maven.home"), "bin", "mvn").toString(),
                "-B", "-ntp", "-s", settings.toString(),
                "-Dmaven.repo.local=" + Path.of("target/local-repo").toAbsolutePath(),
                "dev.tcptest:tcptest-maven-plugin:" + System.getProperty("tcptest.version") + ":run",
                "-Dtcptest.handler=respond", "-Dtcptest.response=bye\\n"));
        Process maven = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
        StringBuilder output = new StringBuilder();
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Thread reader = new Thread(() -> read(maven, output, port), "maven-output");
        reader.start();
        try {
            int serving = port.get(120, TimeUnit.SECONDS);
            try (Socket client = new Socket(InetAddress.getLoopbackAddress(), serving)) {
                client.setSoTimeout(10_000);
                assertEquals("bye\n", new String(client.getInputStream().readAllBytes(), StandardCharsets.US_ASCII));
            }
            // Process.destroy() would also close the pipe the report is printed to; the handle only signals.
            assertTrue(maven.toHandle().destroy(), "cannot signal Maven");
            assertTrue(maven.waitFor(60, TimeUnit.SECONDS), "Maven did not exit after the signal");
            reader.join(10_000);
            String printed;
            synchronized (output) {
                printed = output.toString();
            }
            assertTrue(printed.contains("tcptest server 'default' on 127.0.0.1:" + serving + ": 1 connection(s), 0 bytes in,"
                    + " 4 bytes out, 0 handler error(s)"), "exit " + maven.exitValue() + ": " + printed);
            assertTrue(Files.readString(directory.resolve("target/tcptest/default/connection-1.txt")).contains("S: \"bye\\n\""));
            try (ServerSocket rebind = new ServerSocket()) {
                rebind.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), serving));
            }
        } finally {
            maven.destroyForcibly();
        }
    }

    private static void read(Process maven, StringBuilder output, CompletableFuture<Integer> port) {
        Pattern listening = Pattern.compile("tcptest: server 'default' \\(respond\\) listening on 127\\.0\\.0\\.1:(\\d+)");
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(maven.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                synchronized (output) {
                    output.append(line).append('\n');
                }
                Matcher matcher = listening.matcher(line);
                if (matcher.find()) {
                    port.complete(Integer.parseInt(matcher.group(1)));
                }
            }
        } catch (java.io.IOException e) {
            port.completeExceptionally(e);
        }
        synchronized (output) {
            port.completeExceptionally(new AssertionError("Maven ended without serving:\n" + output));
        }
    }
}
