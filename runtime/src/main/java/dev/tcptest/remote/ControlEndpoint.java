package dev.tcptest.remote;

import com.sun.net.httpserver.HttpServer;
import dev.tcptest.TcpServer;
import dev.tcptest.internal.Addresses;
import dev.tcptest.internal.Threads;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP endpoint that lets another JVM, or any language, see and steer servers of this one by
 * id: pause them, switch faults, take their recorded connections, stop and start them.
 *
 * <pre>{@code
 * try (ControlEndpoint endpoint = ControlEndpoint.start("127.0.0.1", 0)) {
 *     endpoint.register("smtp", server);
 *     String url = endpoint.url();   // http://127.0.0.1:PORT/SECRET/, for RemoteServers.connect
 *     ...
 * }
 * }</pre>
 *
 * <p>The URL carries 128 random bits: a request without them gets a bare 404. The endpoint
 * answers in JSON (the calls are in the project's docs, {@code docs/remote.md}), serves each
 * request on a daemon thread and never keeps a JVM alive. Closing it stops the endpoint, not
 * the servers.
 */
public final class ControlEndpoint implements AutoCloseable {

    private final HttpServer http;
    private final ExecutorService executor;
    private final Registry registry = new Registry();
    private final String url;
    private volatile boolean closed;

    private ControlEndpoint(HttpServer http, ExecutorService executor, String secret) {
        this.http = http;
        this.executor = executor;
        InetSocketAddress bound = http.getAddress();
        InetAddress host = bound.getAddress().isAnyLocalAddress() ? Addresses.LOOPBACK : bound.getAddress();
        this.url = "http://" + Addresses.format(Addresses.host(host), bound.getPort()) + "/" + secret + "/";
        http.createContext("/", new ControlHandler(secret, new Calls(registry)));
    }

    /**
     * Binds the endpoint and starts serving; returns once a client can connect.
     *
     * @param bindAddress the address to listen on, an IP literal or a host name: {@code 127.0.0.1}
     *     keeps it to this machine, which is what a build wants
     * @param port the port, 0 for a free one
     * @return the running endpoint
     * @throws IllegalArgumentException if the address cannot be resolved or the port is out of range
     * @throws UncheckedIOException if the address and port cannot be bound, saying which
     */
    public static ControlEndpoint start(String bindAddress, int port) {
        InetSocketAddress address = new InetSocketAddress(resolve(bindAddress), checkPort(port));
        // The JDK's server writes an answer's headers and body apart; with Nagle's algorithm on, the
        // body waits for the client's delayed ACK of the headers, some 40 ms a call. TCP_NODELAY
        // can only be asked for by this property, read when the JVM's first such server is made;
        // a value the user set stays.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
        HttpServer http;
        try {
            http = HttpServer.create(address, 0);
        } catch (IOException e) {
            throw new UncheckedIOException("tcptest control endpoint cannot listen on " + Addresses.format(address) + ": "
                    + e.getMessage() + (port == 0 ? "" : "; choose another port, or 0 for a free one"), e);
        }
        AtomicInteger threads = new AtomicInteger();
        // A cached pool: a take blocks its thread for as long as it waits.
        ExecutorService executor = Executors.newCachedThreadPool(
                task -> Threads.daemonThread("tcptest-control-" + threads.incrementAndGet(), task));
        http.setExecutor(executor);
        byte[] secret = new byte[16];
        new SecureRandom().nextBytes(secret);
        ControlEndpoint endpoint = new ControlEndpoint(http, executor, HexFormat.of().formatHex(secret));
        startOnADaemonThread(http);
        return endpoint;
    }

    /** The JDK's server gives its dispatcher thread the daemon flag of the thread that starts it. */
    private static void startOnADaemonThread(HttpServer http) {
        Thread starter = Threads.daemonThread("tcptest-control-start", http::start);
        starter.start();
        boolean interrupted = false;
        while (true) {
            try {
                starter.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static InetAddress resolve(String bindAddress) {
        if (bindAddress == null || bindAddress.isBlank()) {
            throw new IllegalArgumentException("the control endpoint's bind address must be an IP address or host name,"
                    + " was " + (bindAddress == null ? "null" : "blank") + "; use 127.0.0.1 to keep it to this machine");
        }
        String literal = bindAddress.trim();
        if (literal.startsWith("[") && literal.endsWith("]")) {
            literal = literal.substring(1, literal.length() - 1);
        }
        InetAddress ipv4 = Addresses.ipv4Literal(literal);
        try {
            return ipv4 != null ? ipv4 : InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("the control endpoint's bind address '" + bindAddress + "' cannot be"
                    + " resolved; use an address of this machine, such as 127.0.0.1", e);
        }
    }

    private static int checkPort(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("the control endpoint's port must be between 0 and 65535, was " + port
                    + "; use 0 for a free port");
        }
        return port;
    }

    /**
     * Makes a server reachable under an id; it stays in the caller's hands (the endpoint neither
     * starts nor stops it on its own).
     *
     * @param id letters, digits, {@code .}, {@code _} and {@code -}, as it appears in URLs
     * @param server the server, started or not
     * @throws IllegalArgumentException if the id is taken or cannot stand in a URL
     * @throws IllegalStateException after {@link #close()}
     */
    public void register(String id, TcpServer server) {
        if (closed) {
            throw new IllegalStateException("register(\"" + id + "\"): the control endpoint is closed (close() was called)");
        }
        registry.register(id, server);
    }

    /**
     * Makes a server unreachable; the server itself goes on as it was. Does nothing for an id no
     * server has.
     *
     * @param id the id it was registered with
     */
    public void unregister(String id) {
        registry.unregister(id);
    }

    /** {@return the URL to give {@link RemoteServers#connect(String)}: {@code http://HOST:PORT/SECRET/}, ending in {@code /}} */
    public String url() {
        return url;
    }

    /**
     * Stops the endpoint at once: it closes its socket and its connections, and gives up takes
     * still waiting. The registered servers go on as they are. Idempotent.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        http.stop(0);
        executor.shutdownNow();
    }

    /** {@return the endpoint's address, never its secret} */
    @Override
    public String toString() {
        return "ControlEndpoint[" + Addresses.format(http.getAddress()) + (closed ? ", closed" : "") + ", "
                + registry.ids() + "]";
    }
}
