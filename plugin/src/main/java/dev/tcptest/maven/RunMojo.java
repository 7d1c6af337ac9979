package dev.tcptest.maven;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * Starts servers and keeps them running until Ctrl-C, for trying a client by hand:
 * {@code mvn tcptest:run -Dtcptest.handler=respond -Dtcptest.response='220 ready\r\n'}. With
 * any single-server input given ({@code -Dtcptest.port}, {@code -Dtcptest.handler},
 * {@code -Dtcptest.backlog}, {@code -Dtcptest.bindAddress}, {@code -Dtcptest.script} and the
 * others), it runs that one server; otherwise the plugin's servers; without either, an
 * echo server on a free port. Ctrl-C stops the servers and reports them like stop-server.
 */
@Mojo(name = "run", threadSafe = true, requiresProject = false, requiresDependencyResolution = ResolutionScope.TEST)
public class RunMojo extends AbstractStartingMojo {

    private static final PrintStream SHUTDOWN_OUTPUT =
            new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);

    /** Creates the goal; Maven injects the parameters. */
    public RunMojo() {
    }

    /**
     * Serves until the JVM is asked to stop, then reports like {@code stop-server}.
     *
     * @throws MojoFailureException if the configuration is bad or a server cannot bind
     * @throws MojoExecutionException if a transcript cannot be written
     */
    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        String skipped = skipReason();
        if (skipped != null) {
            getLog().info("tcptest: not running servers, " + skipped + " is true");
            return;
        }
        boolean shorthand = hasShorthand() || !hasServers();
        List<Server> servers = shorthand ? List.of(shorthandServer()) : configuredServers();
        ServerGroup group = startServers("run", servers, shorthand);
        CountDownLatch interrupted = new CountDownLatch(1);
        group.onShutdown(interrupted::countDown);
        String controlUrl = control(group);
        for (ServerGroup.Started started : group.servers()) {
            getLog().info("tcptest: " + started.listening());
        }
        if (controlUrl != null) {
            getLog().info("tcptest: control endpoint " + controlUrl + " (try: curl " + controlUrl + "servers)");
        }
        getLog().info("tcptest: press Ctrl-C to stop");
        boolean wasInterrupted = false;
        try {
            interrupted.await();
        } catch (InterruptedException e) {
            // An embedded Maven or a daemon cancels the build this way: stop like on Ctrl-C.
            wasInterrupted = true;
            getLog().info("tcptest: interrupted, stopping");
        }
        // Woken by the JVM's shutdown (Ctrl-C), not by an interrupt: Maven's own shutdown hook may
        // have closed its log by now (Maven 4 does), so the report goes to the process's output.
        Consumer<String> info = wasInterrupted ? getLog()::info : line -> SHUTDOWN_OUTPUT.println("[INFO] " + line);
        Consumer<String> warn = wasInterrupted ? getLog()::warn : line -> SHUTDOWN_OUTPUT.println("[WARNING] " + line);
        try {
            Reports.stopAndReport(List.of(group), info).forEach(warn);
        } catch (IOException e) {
            throw new MojoExecutionException("tcptest: cannot write the transcripts under " + outputDirectory() + ": "
                    + e.getMessage(), e);
        } finally {
            group.reported();
            if (wasInterrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
