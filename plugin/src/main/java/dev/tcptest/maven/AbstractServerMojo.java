package dev.tcptest.maven;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/** The parameters the goals share, and where a project's running servers are kept between goals. */
public abstract class AbstractServerMojo extends AbstractMojo {

    private static final String RUNNING = "dev.tcptest.maven.running";

    /**
     * The servers, each a {@code <server>} with the elements {@code id} (default {@code default}),
     * {@code bindAddress} (default 127.0.0.1), {@code port} (default 0: a free port),
     * {@code backlog} (default 50), {@code handler} ({@code echo}, {@code discard},
     * {@code respond}, {@code close}, {@code reset}, {@code silent}, {@code script},
     * {@code proxy}, or the name of an {@code AcceptHandler} class on the test class path),
     * {@code script} (a chat script file), {@code response} (what {@code respond} sends, with the
     * escapes {@code \r \n \t \\ \" \xHH}), {@code proxyTarget} ({@code host:port}),
     * {@code faults} (such as {@code latency=50ms,bandwidth=10KiB/s}), {@code acceptPaused} and
     * {@code portProperty} (an extra property for the port). Each server's address is exported
     * as {@code tcptest.<id>.host}, {@code tcptest.<id>.port} and {@code tcptest.<id>.address}.
     * Without {@code <servers>}, the single server the shorthand parameters describe is started.
     */
    @Parameter
    private List<Server> servers;

    /** Shorthand for a single server with id {@code default}: the port; default 0, a free port. */
    @Parameter(property = PropertyNames.PORT)
    private Integer port;

    /** Shorthand for a single server with id {@code default}: the handler name or class; default echo. */
    @Parameter(property = PropertyNames.HANDLER)
    private String handler;

    /** Shorthand for a single server with id {@code default}: the listen backlog; default 50. */
    @Parameter(property = PropertyNames.BACKLOG)
    private Integer backlog;

    /** Shorthand for a single server with id {@code default}: the address to bind; default 127.0.0.1. */
    @Parameter(property = PropertyNames.BIND_ADDRESS)
    private String bindAddress;

    /** Shorthand for a single server with id {@code default}: the chat script that {@code script} plays. */
    @Parameter(property = PropertyNames.SCRIPT)
    private File script;

    /** Shorthand for a single server with id {@code default}: what {@code respond} sends, with escapes. */
    @Parameter(property = PropertyNames.RESPONSE)
    private String response;

    /** Shorthand for a single server with id {@code default}: where {@code proxy} forwards, {@code host:port}. */
    @Parameter(property = PropertyNames.PROXY_TARGET)
    private String proxyTarget;

    /** Shorthand for a single server with id {@code default}: the faults on its handler. */
    @Parameter(property = PropertyNames.FAULTS)
    private String faults;

    /** Shorthand for a single server with id {@code default}: whether it starts with accepting paused. */
    @Parameter(property = PropertyNames.ACCEPT_PAUSED, defaultValue = "false")
    private boolean acceptPaused;

    /** Skips starting and stopping the servers. */
    @Parameter(property = PropertyNames.SKIP, defaultValue = "false")
    private boolean skip;

    /** Skips the servers when integration tests are skipped ({@code -DskipITs}). */
    @Parameter(property = PropertyNames.SKIP_ITS, defaultValue = "false")
    private boolean skipITs;

    /** Skips the servers when tests are skipped ({@code -DskipTests}). */
    @Parameter(property = PropertyNames.SKIP_TESTS, defaultValue = "false")
    private boolean skipTests;

    /** Skips the servers when tests are neither compiled nor run ({@code -Dmaven.test.skip}). */
    @Parameter(property = PropertyNames.MAVEN_TEST_SKIP, defaultValue = "false")
    private boolean mavenTestSkip;

    /** Whether a connection whose handler failed (such as a script mismatch) fails the build when the servers stop. */
    @Parameter(property = PropertyNames.FAIL_ON_HANDLER_ERROR, defaultValue = "true")
    private boolean failOnHandlerError;

    /** The project whose build runs the servers. */
    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    private MavenProject project;

    /** The build, whose end stops servers that stop-server did not. */
    @Parameter(defaultValue = "${session}", readonly = true, required = true)
    private MavenSession session;

    /** Creates the goal; Maven injects the parameters. */
    protected AbstractServerMojo() {
    }

    MavenProject project() {
        return project;
    }

    MavenSession session() {
        return session;
    }

    /**
     * Why the servers are skipped, or null when they are not.
     *
     * @param withTests whether skipping tests skips the servers too (not for the run goal)
     */
    String skipReason(boolean withTests) {
        if (skip) {
            return PropertyNames.SKIP;
        }
        if (!withTests) {
            return null;
        }
        return skipITs ? PropertyNames.SKIP_ITS : skipTests ? PropertyNames.SKIP_TESTS : mavenTestSkip ? PropertyNames.MAVEN_TEST_SKIP : null;
    }

    boolean failOnHandlerError() {
        return failOnHandlerError;
    }

    /** {@code target/tcptest}; for {@code run} without a POM, under the directory Maven runs in. */
    Path outputDirectory() {
        String build = project.getBuild().getDirectory();
        if (build == null || build.contains("${")) {
            return Path.of(session.getExecutionRootDirectory(), "target", "tcptest");
        }
        return Path.of(build, "tcptest");
    }

    boolean hasServers() {
        return servers != null && !servers.isEmpty();
    }

    List<Server> configuredServers() {
        return servers == null ? List.of() : new ArrayList<>(servers);
    }

    /** Whether any shorthand input was given. */
    boolean hasShorthand() {
        return port != null || handler != null || backlog != null || bindAddress != null || script != null
                || response != null || proxyTarget != null || faults != null || acceptPaused;
    }

    /** The single server the shorthand inputs describe. */
    Server shorthandServer() {
        return new Server(PropertyNames.DEFAULT_ID, bindAddress, port, backlog, handler, script, response, proxyTarget,
                faults, acceptPaused);
    }

    ServerLauncher.TestClassPath testClassPath() {
        return project::getTestClasspathElements;
    }

    /**
     * The groups of servers this project's start-server executions started in this build; kept
     * in the plugin context, which Maven keeps per project and build.
     */
    @SuppressWarnings("unchecked")
    List<ServerGroup> running() {
        Map<Object, Object> context = getPluginContext();
        synchronized (context) {
            return (List<ServerGroup>) context.computeIfAbsent(RUNNING, key -> new CopyOnWriteArrayList<ServerGroup>());
        }
    }

    List<String> runningIds() {
        List<String> ids = new ArrayList<>();
        running().forEach(group -> ids.addAll(group.ids()));
        return ids;
    }
}
