package dev.tcptest.maven;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;

/** The parameters of the goals that start servers: the servers, or the single-server shorthand. */
public abstract class AbstractStartingMojo extends AbstractServerMojo {

    /**
     * The servers, each a server element with the elements id (default: default; names the
     * exported properties tcptest.ID.host, tcptest.ID.port and
     * tcptest.ID.address), bindAddress (default 127.0.0.1), port (default 0: a free
     * port), backlog (default 50), handler (echo, discard, respond, close, reset, silent, script,
     * proxy, or the name of an AcceptHandler class on the test class path; default: script,
     * respond or proxy when only its value is given, else echo), script (a chat script file),
     * response (what respond sends, with the escapes \r \n \t \\ \" \xHH), proxyTarget
     * (host:port), faults (such as latency=50ms,bandwidth=10KiB/s), acceptPaused and
     * portProperty (an extra property for the port). Without servers, the single server
     * that the shorthand parameters describe is started, with id default.
     */
    @Parameter
    private List<Server> servers;

    /** Shorthand for a single server with id default: the port; default 0, a free port. */
    @Parameter(property = PropertyNames.PORT)
    private Integer port;

    /** Shorthand for a single server with id default: the handler name or class; default echo. */
    @Parameter(property = PropertyNames.HANDLER)
    private String handler;

    /** Shorthand for a single server with id default: the listen backlog; default 50. */
    @Parameter(property = PropertyNames.BACKLOG)
    private Integer backlog;

    /** Shorthand for a single server with id default: the address to bind; default 127.0.0.1. */
    @Parameter(property = PropertyNames.BIND_ADDRESS)
    private String bindAddress;

    /** Shorthand for a single server with id default: the chat script file that the script handler plays. */
    @Parameter(property = PropertyNames.SCRIPT)
    private File script;

    /** Shorthand for a single server with id default: what the respond handler sends, with the script escapes. */
    @Parameter(property = PropertyNames.RESPONSE)
    private String response;

    /** Shorthand for a single server with id default: host:port that the proxy handler forwards to. */
    @Parameter(property = PropertyNames.PROXY_TARGET)
    private String proxyTarget;

    /** Shorthand for a single server with id default: the faults on its handler, such as latency=50ms. */
    @Parameter(property = PropertyNames.FAULTS)
    private String faults;

    /** Shorthand for a single server with id default: whether it starts with accepting paused. */
    @Parameter(property = PropertyNames.ACCEPT_PAUSED, defaultValue = "false")
    private boolean acceptPaused;

    /**
     * Whether the servers can be driven from the integration tests: a control endpoint on
     * 127.0.0.1, whose URL is exported as tcptest.control.url (see dev.tcptest.remote.RemoteServers).
     */
    @Parameter(property = PropertyNames.CONTROL, defaultValue = "true")
    private boolean control;

    /** This goal's execution, whose configuration shows what the POM wrote before Maven evaluated it. */
    @Parameter(defaultValue = "${mojoExecution}", readonly = true, required = true)
    private MojoExecution mojoExecution;

    /** Creates the goal; Maven injects the parameters. */
    protected AbstractStartingMojo() {
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

    /**
     * Lets the project's control endpoint drive a group of servers, opening it on first use.
     *
     * @param group the servers just started
     * @return the endpoint's URL, or null when control is off
     */
    String control(ServerGroup group) {
        return control ? ProjectControl.register(getPluginContext(), group) : null;
    }

    /**
     * Checks the servers' configuration and starts them.
     *
     * @param goal this goal's name, for messages
     * @param servers the servers to start
     * @param shorthand whether they are the single server of the shorthand parameters
     * @return the running servers
     * @throws MojoFailureException naming the server, the element, the value and the fix
     */
    ServerGroup startServers(String goal, List<Server> servers, boolean shorthand) throws MojoFailureException {
        try {
            WrittenConfiguration written = WrittenConfiguration.of(mojoExecution);
            if (shorthand) {
                written.checkShorthand(shorthandServer(), goal);
            } else {
                written.checkServers(servers, goal);
            }
            return ServerLauncher.start(new ServerLauncher.Context(project().getId(), goal, projectDirectory(),
                    outputDirectory(), runningServers(), project()::getTestClasspathElements), servers, shorthand);
        } catch (ConfigurationException e) {
            // The message says it all; Maven would print the cause's words after it once more.
            getLog().debug(e);
            throw new MojoFailureException(e.getMessage());
        }
    }
}
