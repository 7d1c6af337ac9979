package dev.tcptest.maven;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * Starts the configured servers in the build's JVM and exports their addresses as project
 * properties (tcptest.ID.host, .port and .address) and in
 * target/tcptest/servers.properties, with the URL of a control endpoint through which the
 * integration tests can drive them (tcptest.control.url). They run until {@code stop-server}, and at the
 * latest until the build ends.
 */
@Mojo(name = "start-server", defaultPhase = LifecyclePhase.PRE_INTEGRATION_TEST, threadSafe = true,
        requiresDependencyResolution = ResolutionScope.TEST)
public class StartServerMojo extends AbstractStartingMojo {

    /** Creates the goal; Maven injects the parameters. */
    public StartServerMojo() {
    }

    /**
     * Starts the servers, or says why not.
     *
     * @throws MojoFailureException if the configuration is bad or a server cannot bind
     * @throws MojoExecutionException if the addresses cannot be written
     */
    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        String skipped = skipReason();
        if (skipped != null) {
            getLog().info("tcptest: not starting servers, " + skipped + " is true");
            return;
        }
        String failsafe = skipTestsIgnoredBy();
        if (failsafe != null) {
            getLog().info("tcptest: starting servers although skipTests is true: maven-failsafe-plugin " + failsafe
                    + " runs the integration tests all the same (from 3.6 on only -DskipITs or -Dmaven.test.skip skip"
                    + " them, and the servers with them)");
        }
        List<Server> servers = hasServers() ? configuredServers() : List.of(shorthandServer());
        if (hasServers() && hasShorthand()) {
            getLog().warn("tcptest: -Dtcptest.port, -Dtcptest.handler and the other single-server inputs are ignored,"
                    + " since <servers> is configured; set the values in <servers>, or use them with tcptest:run");
        }
        ServerGroup group = startServers("start-server", servers, !hasServers());
        running().add(group);
        BuildEndGuard.watch(session(), group, getLog()::warn);
        try {
            export(group, control(group));
        } catch (IOException e) {
            throw undone(group, "cannot write the servers' addresses under " + outputDirectory() + ": " + e.getMessage(), e);
        } catch (UncheckedIOException e) {
            throw undone(group, e.getMessage() + " (set <control>false</control> if the tests do not drive them)", e);
        }
    }

    /** Stops the servers this goal just started, since it cannot finish: nothing is left running. */
    private MojoExecutionException undone(ServerGroup group, String why, Exception cause) {
        running().remove(group);
        group.stop();
        return new MojoExecutionException("tcptest: " + why + "; the servers were stopped again", cause);
    }

    /** Sets the project's properties for every server it runs, and says so for the new ones. */
    private void export(ServerGroup group, String controlUrl) throws IOException {
        List<ServerGroup.Started> all = new ArrayList<>();
        running().forEach(each -> all.addAll(each.servers()));
        Path file = Exports.export(project().getProperties(), outputDirectory(), all, controlUrl);
        for (ServerGroup.Started started : group.servers()) {
            getLog().info("tcptest: " + started.listening() + ", exported as tcptest." + started.id()
                    + (started.tls() == null ? ".host, .port and .address"
                            : ".host, .port, .address, .truststore, .truststorePassword and .certificate")
                    + (started.portProperty() == null ? "" : " and " + started.portProperty()));
        }
        if (controlUrl != null) {
            // The URL's secret stays out of the log, which CI systems publish.
            getLog().info("tcptest: control endpoint for the tests exported as " + PropertyNames.CONTROL_URL);
        }
        getLog().debug("tcptest: addresses written to " + file);
    }
}
