package dev.tcptest.bench;

/**
 * One TCP proxy under test: started in front of a target on 127.0.0.1 and stopped by the bench.
 * Public, as {@link EchoServer} is, because the older runtime's adapter implements it from a
 * class loader of its own.
 */
public interface Proxy {

    /**
     * The proxy's short name, as the table shows it.
     *
     * @return the name
     */
    String name();

    /**
     * Binds an ephemeral port on 127.0.0.1 and forwards each connection to the target.
     *
     * @param targetPort the target's port on 127.0.0.1
     * @return the proxy's bound port
     * @throws Exception if it cannot listen
     */
    int start(int targetPort) throws Exception;

    /**
     * Stops listening and closes every connection, on both sides.
     *
     * @throws Exception if stopping fails
     */
    void stop() throws Exception;
}
