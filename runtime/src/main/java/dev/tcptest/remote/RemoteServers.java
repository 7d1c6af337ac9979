package dev.tcptest.remote;

import java.time.Duration;
import java.util.List;

/**
 * The servers of a {@link ControlEndpoint} in another JVM, such as those the Maven plugin started
 * for a build's integration tests.
 *
 * <pre>{@code
 * RemoteServers servers = RemoteServers.connect(System.getProperty("tcptest.control.url"));
 * RemoteTcpServer smtp = servers.server("smtp");
 * smtp.pauseAccepting();
 * }</pre>
 *
 * <p>Every call is bounded by the call timeout (10 seconds unless {@link #connect(String, Duration)}
 * says otherwise); an endpoint that does not answer within it, or refuses the connection, is an
 * {@link IllegalStateException} naming its host and port. No message shows the URL's secret.
 * Thread-safe.
 */
public final class RemoteServers {

    private final ControlClient client;

    private RemoteServers(ControlClient client) {
        this.client = client;
    }

    /**
     * Connects to an endpoint with a call timeout of 10 seconds.
     *
     * @param url the endpoint's URL, {@code http://HOST:PORT/SECRET/}, as {@link ControlEndpoint#url()}
     *     and the plugin's {@code tcptest.control.url} give it
     * @return the endpoint's servers
     * @throws IllegalArgumentException if the URL is null or not of that form
     * @throws IllegalStateException if the endpoint does not answer, or does not know the URL's secret
     */
    public static RemoteServers connect(String url) {
        return connect(url, Duration.ofSeconds(10));
    }

    /**
     * Connects to an endpoint, checking at once that it answers.
     *
     * @param url the endpoint's URL, {@code http://HOST:PORT/SECRET/}
     * @param callTimeout how long each call may take, positive; a take waits its own timeout on top
     * @return the endpoint's servers
     * @throws IllegalArgumentException if the URL is null or not of that form, or the timeout not positive
     * @throws IllegalStateException if the endpoint does not answer, or does not know the URL's secret
     */
    public static RemoteServers connect(String url, Duration callTimeout) {
        RemoteServers servers = new RemoteServers(ControlClient.of(url, callTimeout));
        servers.ids();
        return servers;
    }

    /** {@return the ids of the endpoint's servers, in the order they were registered} */
    public List<String> ids() {
        return client.call("GET", "servers", null, servers -> servers.objects("servers").stream()
                .map(server -> server.string("id")).toList());
    }

    /**
     * A server of the endpoint, checked at once.
     *
     * @param id the id it was registered with, such as {@code smtp} (the plugin's {@code <id>})
     * @return the server
     * @throws IllegalArgumentException if no server has the id, listing the ids there are
     */
    public RemoteTcpServer server(String id) {
        Registry.checkId(id);
        client.call("GET", "servers/" + id, null, server -> server.string("id"));
        return new RemoteTcpServer(client, id);
    }

    /** {@return the endpoint's host and port, never its secret} */
    @Override
    public String toString() {
        return "RemoteServers[" + client.where() + "]";
    }
}
