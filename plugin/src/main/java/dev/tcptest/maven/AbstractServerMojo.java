package dev.tcptest.maven;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/** The parameters every goal shares (the skip switches), and where a project's running servers are kept between goals. */
public abstract class AbstractServerMojo extends AbstractMojo {

    private static final String RUNNING = "dev.tcptest.maven.running";

    /** Skips the goal: no server is started, stopped or run. */
    @Parameter(property = PropertyNames.SKIP, defaultValue = "false")
    private boolean skip;

    /** Skips the goal when integration tests are skipped ({@code -DskipITs}): servers without tests serve nobody. */
    @Parameter(property = PropertyNames.SKIP_ITS, defaultValue = "false")
    private boolean skipITs;

    /**
     * Skips the goal when tests are skipped ({@code -DskipTests}), unless the project's
     * maven-failsafe-plugin (3.6 and newer) runs the integration tests all the same.
     */
    @Parameter(property = PropertyNames.SKIP_TESTS, defaultValue = "false")
    private boolean skipTests;

    /** Skips the goal when tests are neither compiled nor run ({@code -Dmaven.test.skip}). */
    @Parameter(property = PropertyNames.MAVEN_TEST_SKIP, defaultValue = "false")
    private boolean mavenTestSkip;

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

    /** The switch that skips this goal, or null when none is set. */
    String skipReason() {
        if (skip || skipITs || mavenTestSkip) {
            return skip ? PropertyNames.SKIP : skipITs ? PropertyNames.SKIP_ITS : PropertyNames.MAVEN_TEST_SKIP;
        }
        return skipTests && skipTestsIgnoredBy() == null ? PropertyNames.SKIP_TESTS : null;
    }

    /**
     * The version of the project's failsafe when {@code skipTests} is set but does not skip its
     * integration tests, so that the servers start for them; null otherwise.
     */
    String skipTestsIgnoredBy() {
        return skipTests ? FailsafeSkipTests.runsTestsDespiteSkipTests(project) : null;
    }

    /** {@code target/tcptest}; for {@code run} without a POM, under the directory Maven runs in. */
    Path outputDirectory() {
        String build = project.getBuild().getDirectory();
        if (build == null || build.contains("${")) {
            return Path.of(session.getExecutionRootDirectory(), "target", "tcptest");
        }
        return Path.of(build, "tcptest");
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

    /** The servers this project's earlier start-server executions started, and the names they export. */
    List<ServerLauncher.Running> runningServers() {
        List<ServerLauncher.Running> servers = new ArrayList<>();
        running().forEach(group -> group.servers().forEach(
                started -> servers.add(new ServerLauncher.Running(started.id(), started.portProperty()))));
        return servers;
    }

    /** The project's directory, against which Maven resolves relative paths; for {@code run} without a POM, where Maven runs. */
    Path projectDirectory() {
        return project.getBasedir() != null ? project.getBasedir().toPath() : Path.of(session.getExecutionRootDirectory());
    }
}
