package dev.tcptest.maven;

import java.io.IOException;
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
 * target/tcptest/servers.properties. They run until {@code stop-server}, and at the
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
            List<ServerGroup.Started> all = new ArrayList<>();
            running().forEach(each -> all.addAll(each.servers()));
            Path file = Exports.export(project().getProperties(), outputDirectory(), all);
            for (ServerGroup.Started started : group.servers()) {
                getLog().info("tcptest: " + started.listening() + ", exported as tcptest."
                        + started.id() + ".host, .port and .address" + (started.portProperty() == null ? "" : " and " + started.portProperty()));
            }
            getLog().debug("tcptest: addresses written to " + file);
        } catch (IOException e) {
            running().remove(group);
            group.stop();
            throw new MojoExecutionException("tcptest: cannot write the servers' addresses under " + outputDirectory()
                    + ": " + e.getMessage() + "; the servers were stopped again", e);
        }
    }
}
