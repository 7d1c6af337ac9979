package dev.tcptest.maven;

/**
 * Every property name the plugin reads or writes. Inputs (settable with {@code -D}) and outputs
 * never share a name: Maven lets a user property win over a project property, so an output named
 * like an input would be shadowed by it.
 */
public final class PropertyNames {

    /** Input: skip starting and stopping servers. */
    public static final String SKIP = "tcptest.skip";
    /** Input: fail stop-server when a handler recorded an error. */
    public static final String FAIL_ON_HANDLER_ERROR = "tcptest.failOnHandlerError";
    /** Input of the single-server shorthand: the port. */
    public static final String PORT = "tcptest.port";
    /** Input of the single-server shorthand: the handler. */
    public static final String HANDLER = "tcptest.handler";
    /** Input of the single-server shorthand: the backlog. */
    public static final String BACKLOG = "tcptest.backlog";
    /** Input of the single-server shorthand: the bind address. */
    public static final String BIND_ADDRESS = "tcptest.bindAddress";
    /** Input of the single-server shorthand: the chat script file. */
    public static final String SCRIPT = "tcptest.script";
    /** Input of the single-server shorthand: the response of {@code respond}. */
    public static final String RESPONSE = "tcptest.response";
    /** Input of the single-server shorthand: the target of {@code proxy}. */
    public static final String PROXY_TARGET = "tcptest.proxyTarget";
    /** Input of the single-server shorthand: the faults. */
    public static final String FAULTS = "tcptest.faults";
    /** Input of the single-server shorthand: start with accepting paused. */
    public static final String ACCEPT_PAUSED = "tcptest.acceptPaused";

    /** Input: whether start-server opens a control endpoint for the integration tests. */
    public static final String CONTROL = "tcptest.control";
    /** Output: the URL of the project's control endpoint. */
    public static final String CONTROL_URL = "tcptest.control.url";

    /** Maven's own switch that skips integration tests; servers are skipped with them. */
    public static final String SKIP_ITS = "skipITs";
    /** Maven's own switch that skips running tests; servers are skipped with them. */
    public static final String SKIP_TESTS = "skipTests";
    /** Maven's own switch that skips compiling and running tests; servers are skipped with them. */
    public static final String MAVEN_TEST_SKIP = "maven.test.skip";

    /** What the shorthand's inputs and every exported name start with. */
    static final String PREFIX = "tcptest.";

    /** The id of the server the shorthand describes, and of a {@code <server>} without one. */
    public static final String DEFAULT_ID = "default";

    /** The inputs, which no output (an exported property or a portProperty) may be named. */
    static final java.util.List<String> INPUTS = java.util.List.of(SKIP, FAIL_ON_HANDLER_ERROR, PORT, HANDLER, BACKLOG,
            BIND_ADDRESS, SCRIPT, RESPONSE, PROXY_TARGET, FAULTS, ACCEPT_PAUSED, CONTROL, SKIP_ITS, SKIP_TESTS, MAVEN_TEST_SKIP);

    private PropertyNames() {
    }

    /**
     * Output: the bound IP literal of a server.
     *
     * @param id the server id
     * @return {@code tcptest.<id>.host}
     */
    public static String host(String id) {
        return "tcptest." + id + ".host";
    }

    /**
     * Output: the bound port of a server.
     *
     * @param id the server id
     * @return {@code tcptest.<id>.port}
     */
    public static String port(String id) {
        return "tcptest." + id + ".port";
    }

    /**
     * Output: the PKCS12 trust store holding the CA of a TLS server's certificate.
     *
     * @param id the server id
     * @return {@code tcptest.<id>.truststore}
     */
    public static String trustStore(String id) {
        return "tcptest." + id + ".truststore";
    }

    /**
     * Output: the password of {@link #trustStore(String)}.
     *
     * @param id the server id
     * @return {@code tcptest.<id>.truststorePassword}
     */
    public static String trustStorePassword(String id) {
        return "tcptest." + id + ".truststorePassword";
    }

    /**
     * Output: the PEM file of a TLS server's certificate.
     *
     * @param id the server id
     * @return {@code tcptest.<id>.certificate}
     */
    public static String certificate(String id) {
        return "tcptest." + id + ".certificate";
    }

    /**
     * Output: {@code host:port} of a server, an IPv6 host in brackets.
     *
     * @param id the server id
     * @return {@code tcptest.<id>.address}
     */
    public static String address(String id) {
        return "tcptest." + id + ".address";
    }
}
