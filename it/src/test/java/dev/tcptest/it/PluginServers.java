package dev.tcptest.it;

import dev.tcptest.RecordedConnection;
import dev.tcptest.remote.RemoteServers;
import dev.tcptest.remote.RemoteTcpServer;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The servers that tcptest-maven-plugin started for this build, as failsafe hands them to the
 * tests: {@code it/pom.xml} maps each exported {@code tcptest.<id>.host} and
 * {@code tcptest.<id>.port} to a system property of the same name, and
 * {@code tcptest.control.url}, through which a test drives and inspects them.
 */
final class PluginServers {

    private static RemoteServers control;

    private PluginServers() {
    }

    /** The server with this id, to pause, fault, restart and inspect from the test. */
    static synchronized RemoteTcpServer remote(String id) {
        if (control == null) {
            control = RemoteServers.connect(property("tcptest.control.url"));
        }
        return control.server(id);
    }

    /** A client context that trusts the CA of a TLS server's certificate, from the trust store the plugin exported. */
    static SSLContext trusting(String id) throws Exception {
        KeyStore trustStore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(Path.of(property("tcptest." + id + ".truststore")))) {
            trustStore.load(in, property("tcptest." + id + ".truststorePassword").toCharArray());
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trustStore);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    /**
     * The connection a test opened, once it finished: the server's first after the
     * {@code acceptedBefore} it had accepted when the test began (those of earlier tests are
     * skipped, whichever order the test classes run in).
     */
    static RecordedConnection connectionAfter(RemoteTcpServer server, long acceptedBefore) throws InterruptedException {
        while (true) {
            RecordedConnection next = server.takeConnection(Duration.ofSeconds(10));
            if (next == null) {
                throw new AssertionError("server '" + server.id() + "' finished no connection after #" + acceptedBefore
                        + " within 10 s");
            }
            if (next.id() > acceptedBefore) {
                return next;
            }
        }
    }

    /** The IP literal the server with this id is bound to, such as {@code 127.0.0.1}. */
    static String host(String id) {
        return property("tcptest." + id + ".host");
    }

    /** The port the server with this id listens on. */
    static int port(String id) {
        return Integer.parseInt(property("tcptest." + id + ".port"));
    }

    private static String property(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank() || value.startsWith("${")) {
            throw new IllegalStateException("System property " + name + " is not set (was " + value + "): run the ITs with"
                    + " ./mvnw verify, so that tcptest-maven-plugin starts the servers and failsafe passes their addresses");
        }
        return value;
    }
}
