package dev.tcptest.bench;

/**
 * A proxy in front of an echo target of its own, the hand-rolled {@link BlockingEchoServer} for
 * every proxy: to the clients, an echo server one hop further away, so that the echo scenarios'
 * clients measure it unchanged.
 */
final class ProxiedEcho implements EchoServer {

    private final Proxy proxy;
    private final BlockingEchoServer target = new BlockingEchoServer();

    private ProxiedEcho(Proxy proxy) {
        this.proxy = proxy;
    }

    /**
     * A new, unstarted proxy of the named kind with its target.
     *
     * @param name {@code tcptest}, {@code tcptest-before} (with an older runtime), {@code netcrusher}
     *     or {@code relay}
     * @return the proxy and target, as one echo server
     */
    static EchoServer named(String name) {
        switch (name) {
            case TcptestEchoServer.NAME:
                return new ProxiedEcho(new TcptestProxy(TcptestEchoServer.NAME));
            case Baseline.NAME:
                return new ProxiedEcho(Baseline.proxy());
            case NetCrusherProxy.NAME:
                return new ProxiedEcho(new NetCrusherProxy());
            case RelayProxy.NAME:
                return new ProxiedEcho(new RelayProxy());
            default:
                throw new IllegalArgumentException("unknown proxy '" + name + "'; use tcptest, tcptest-before, netcrusher"
                        + " or relay");
        }
    }

    @Override
    public String name() {
        return proxy.name();
    }

    @Override
    public int start() throws Exception {
        int targetPort = target.start();
        try {
            return proxy.start(targetPort);
        } catch (Exception | Error e) {
            target.stop();
            throw e;
        }
    }

    @Override
    public void stop() throws Exception {
        try {
            proxy.stop();
        } finally {
            target.stop();
        }
    }

    /** The connections that reached the target through the proxy. */
    @Override
    public long accepted() {
        return target.accepted();
    }
}
