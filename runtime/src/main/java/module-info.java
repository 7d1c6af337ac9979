/**
 * tcptest: a real, in-process TCP server for testing TCP client code, with chat scripts, faults,
 * a proxy and a JUnit Jupiter extension.
 *
 * <p>{@link dev.tcptest.TcpServer} is where to start; {@code dev.tcptest.junit} holds the JUnit
 * extension, which needs junit-jupiter-api 5.10 or later at run time and nothing else does;
 * {@code dev.tcptest.remote} lets another JVM, or any language, steer servers over HTTP.
 */
module dev.tcptest {
    requires java.logging;
    // The control endpoint serves on the JDK's HTTP server; its client calls it through java.net.http.
    requires jdk.httpserver;
    requires java.net.http;
    // Only the extension's package uses JUnit, and a user without JUnit needs none of it.
    requires static org.junit.jupiter.api;

    exports dev.tcptest;
    exports dev.tcptest.junit;
    exports dev.tcptest.remote;

    // JUnit creates the extension reflectively, from its own module.
    opens dev.tcptest.junit to org.junit.platform.commons;
}
