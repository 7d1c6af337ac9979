package dev.tcptest.bench;

/**
 * One echo server under test: started and stopped by the bench, listening on 127.0.0.1. Public
 * because the older runtime's adapter implements it from a class loader of its own.
 */
public interface EchoServer {

    /** The listen backlog every server gets, so that none is favoured by a deeper accept queue. */
    int BACKLOG = 1024;

    /**
     * The server's short name, as the table shows it.
     *
     * @return the name
     */
    String name();

    /**
     * Binds an ephemeral port on 127.0.0.1 and starts serving; returns once a connect succeeds.
     *
     * @return the bound port
     * @throws Exception if it cannot listen
     */
    int start() throws Exception;

    /**
     * Stops listening and closes every connection; returns when the server's threads are done.
     *
     * @throws Exception if stopping fails
     */
    void stop() throws Exception;

    /**
     * How many connections the running server has accepted.
     *
     * @return the count since {@link #start()}
     */
    long accepted();

    /**
     * A new, unstarted server of the named kind.
     *
     * @param name {@code tcptest}, {@code tcptest-before} (with an older runtime), {@code blocking} or
     *     {@code netty}
     * @return the server
     */
    static EchoServer named(String name) {
        switch (name) {
            case TcptestEchoServer.NAME:
                return new TcptestEchoServer(TcptestEchoServer.NAME);
            case Baseline.NAME:
                return Baseline.echoServer();
            case BlockingEchoServer.NAME:
                return new BlockingEchoServer();
            case NettyEchoServer.NAME:
                return new NettyEchoServer();
            default:
                throw new IllegalArgumentException("unknown server '" + name + "'; use tcptest, tcptest-before, blocking"
                        + " or netty");
        }
    }
}
