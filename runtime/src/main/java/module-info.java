/**
 * tcptest: a real, in-process TCP server for testing TCP client code, with chat scripts, faults,
 * a proxy and a JUnit Jupiter extension.
 *
 * <p>{@link dev.tcptest.TcpServer} is where to start; {@code dev.tcptest.junit} holds the JUnit
 * extension, which needs junit-jupiter-api 5.10 or later at run time and nothing else does.
 */
module dev.tcptest {
    requires java.logging;
    // Only the extension's package uses JUnit, and a user without JUnit needs none of it.
    requires static org.junit.jupiter.api;

    exports dev.tcptest;
    exports dev.tcptest.junit;

    // JUnit creates the extension reflectively, from its own module.
    opens dev.tcptest.junit to org.junit.platform.commons;
}
