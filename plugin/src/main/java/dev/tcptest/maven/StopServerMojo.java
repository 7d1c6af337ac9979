package dev.tcptest.maven;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Stops the servers that {@code start-server} started for this project, prints one line per
 * server (connections, bytes in and out, handler errors), writes each connection's transcript
 * to target/tcptest/ID/connection-N.txt, and, with {@code failOnHandlerError}, fails
 * the build when a handler recorded an error.
 */
@Mojo(name = "stop-server", defaultPhase = LifecyclePhase.POST_INTEGRATION_TEST, threadSafe = true)
public class StopServerMojo extends AbstractServerMojo {

    /** Whether a connection whose handler failed (such as a client that broke a chat script) fails the build. */
    @Parameter(property = PropertyNames.FAIL_ON_HANDLER_ERROR, defaultValue = "true")
    private boolean failOnHandlerError;

    /** Creates the goal; Maven injects the parameters. */
    public StopServerMojo() {
    }

    /**
     * Stops the servers and reports what they saw.
     *
     * @throws MojoFailureException if a handler recorded an error and {@code failOnHandlerError} is true
     * @throws MojoExecutionException if a transcript cannot be written
     */
    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        String skipped = skipReason();
        if (skipped != null) {
            getLog().info("tcptest: not stopping servers, " + skipped + " is true");
            return;
        }
        List<ServerGroup> groups = new ArrayList<>(running());
        running().clear();
        if (groups.isEmpty()) {
            getLog().info("tcptest: no servers were started for " + project().getId() + ", nothing to stop");
            return;
        }
        List<String> errors;
        try {
            errors = Reports.stopAndReport(groups, getLog()::info);
        } catch (IOException e) {
            throw new MojoExecutionException("tcptest: cannot write the transcripts under " + outputDirectory() + ": "
                    + e.getMessage() + "; check that the directory is writable", e);
        }
        if (errors.isEmpty()) {
            return;
        }
        if (failOnHandlerError) {
            // Maven prints the failure's message once, at the end: the errors are not logged before it as well.
            throw new MojoFailureException(errors.size() + " connection(s) failed in their handler:\n" + String.join("\n", errors)
                    + "\nFix the client or the handler, or set -D" + PropertyNames.FAIL_ON_HANDLER_ERROR + "=false to only report them");
        }
        errors.forEach(getLog()::warn);
        getLog().warn("tcptest: " + errors.size() + " connection(s) failed in their handler; the build goes on, since "
                + PropertyNames.FAIL_ON_HANDLER_ERROR + " is false");
    }
}
