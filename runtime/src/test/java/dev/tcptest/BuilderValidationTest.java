package dev.tcptest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Bad settings fail at once with a message that names the setting, the value and the fix. */
class BuilderValidationTest {

    @Test
    void negativeBacklogIsRejectedWithItsValue() {
        assertMessage(() -> TcpServer.builder().backlog(-1), "backlog must be at least 1, was -1");
    }

    @Test
    void zeroBacklogIsRejectedBecauseTheJdkWouldSilentlyUseFifty() {
        assertMessage(() -> TcpServer.builder().backlog(0), "the JDK would silently use 50 for 0");
    }

    @Test
    void portsOutside0To65535AreRejected() {
        assertMessage(() -> TcpServer.builder().port(-1), "port must be between 0 and 65535, was -1; use port(0) for a free port");
        assertMessage(() -> TcpServer.builder().port(65536), "was 65536");
    }

    @Test
    void nullHandlerIsRejected() {
        assertMessage(() -> TcpServer.builder().handler(null), "handler must not be null");
    }

    @Test
    void unresolvableBindAddressIsRejectedWithTheName() {
        assertMessage(() -> TcpServer.builder().bindAddress("no-such-host.invalid"),
                "bindAddress 'no-such-host.invalid' cannot be resolved");
        assertMessage(() -> TcpServer.builder().bindAddress(" "), "bindAddress must be an IP address or host name");
        assertMessage(() -> TcpServer.builder().bindAddress((InetAddress) null), "bindAddress must not be null");
    }

    @Test
    void aBindAddressWithAPortSaysToSetThePortApart() {
        assertMessage(() -> TcpServer.builder().bindAddress("127.0.0.1:8080"), "bindAddress '127.0.0.1:8080' includes a port;"
                + " give the address and the port apart, as bindAddress(\"127.0.0.1\") and port(8080)");
        assertMessage(() -> TcpServer.builder().bindAddress("[::1]:8080"), "as bindAddress(\"::1\") and port(8080)");
        assertMessage(() -> TcpServer.builder().bindAddress("localhost:0"), "as bindAddress(\"localhost\") and port(0)");
        assertMessage(() -> TcpServer.builder().bindAddress("[]"), "bindAddress must be an IP address or host name");
    }

    @Test
    void otherSettingsNameTheirValue() {
        assertMessage(() -> TcpServer.builder().readTimeout(Duration.ofSeconds(-1)), "readTimeout must be zero (no limit) or positive");
        assertMessage(() -> TcpServer.builder().maxConnections(0), "maxConnections must be at least 1, was 0");
        assertMessage(() -> TcpServer.builder().shutdownTimeout(Duration.ZERO), "shutdownTimeout must be positive");
        assertMessage(() -> TcpServer.builder().recordingLimit(-5), "recordingLimit must be 0 or more bytes, was -5");
        assertMessage(() -> TcpServer.builder().name(""), "name must not be blank");
    }

    @Test
    void aBadSettingCarriesTheSettingTheValueTheProblemAndTheFixForEachToolToWordItsOwnWay() {
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> TcpServer.builder().backlog(0));
        assertEquals("backlog", e.setting());
        assertEquals("0", e.value());
        assertEquals("must be at least 1, was 0 (the JDK would silently use 50 for 0)", e.problem());
        assertEquals("use backlog(1) for the smallest queue", e.fix());
        assertEquals("backlog " + e.problem() + "; " + e.fix(), e.getMessage());
        // A command line names its options: the problem stays, the settings it names change.
        assertEquals("--backlog must be at least 1, was 0 (the JDK would silently use 50 for 0); use --backlog 1 for the"
                + " smallest queue", e.message((setting, value) -> "--" + setting + (value == null ? "" : " " + value)));
        InvalidSettingException missing = assertThrows(InvalidSettingException.class,
                () -> TcpServer.builder().bindAddress((InetAddress) null));
        assertNull(missing.value());
        assertEquals("bindAddress must not be null; use an address of this machine, such as bindAddress(\"127.0.0.1\")",
                missing.getMessage());
    }

    @Test
    void aReadTimeoutTooLongForMillisecondsIsAcceptedAndServes() throws Exception {
        // ChronoUnit.FOREVER.getDuration() is how many write "no end"; it has no millisecond value.
        try (TcpServer server = TcpServer.builder().readTimeout(ChronoUnit.FOREVER.getDuration()).start();
                Socket client = Clients.connect(server)) {
            Clients.send(client, "7");
            assertEquals('7', client.getInputStream().read());
        }
    }

    @Test
    void bracketedIpv6LiteralAndHostNamesResolveToAnIpLiteralHost() throws Exception {
        try (TcpServer server = TcpServer.builder().bindAddress("[::1]").start()) {
            assertEquals("0:0:0:0:0:0:0:1", server.host());
            try (Socket client = Clients.connect(server)) {
                Clients.send(client, "6");
                assertEquals('6', client.getInputStream().read());
            }
        }
        try (TcpServer server = TcpServer.builder().bindAddress("localhost").start()) {
            assertTrue(server.host().equals("127.0.0.1") || server.host().equals("0:0:0:0:0:0:0:1"), server.host());
        }
    }

    @Test
    void aPortInUseFailsStartNamingTheAddressAndSuggestingPortZeroAndLeavesNothingBound() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            TcpServer server = TcpServer.builder().port(port).build();
            BindFailedException failure = assertThrows(BindFailedException.class, server::start);
            assertTrue(failure instanceof UncheckedIOException, "what start() threw before it had a type of its own");
            assertTrue(failure.getCause() instanceof BindException);
            assertEquals(BindFailedException.Kind.PORT_IN_USE, failure.kind());
            assertEquals(new InetSocketAddress("127.0.0.1", port), failure.address());
            assertFalse(failure.portKeptFromEarlierRun());
            assertEquals("cannot listen on 127.0.0.1:" + port + ": port " + port + " is already in use; use port(0) for a"
                    + " free port, or stop what listens there", failure.getMessage());
            assertEquals("cannot listen on 127.0.0.1:" + port + ": port " + port + " is already in use; use --port 0 for a"
                    + " free port, or stop what listens there",
                    failure.message((setting, value) -> "--" + setting + (value == null ? "" : " " + value)));
            assertEquals(false, server.isRunning());
            taken.close();
            // Nothing of the failed attempt holds the port: the same server can start now.
            try (TcpServer retried = server.start()) {
                assertEquals(port, retried.port());
            }
        }
    }

    @Test
    void aRestartWhoseEphemeralPortWasTakenMeanwhileDoesNotSuggestPortZero() throws Exception {
        TcpServer server = TcpServer.builder().start();
        int port = server.port();
        server.stop();
        try (ServerSocket taken = new ServerSocket(port, 50, InetAddress.getByName("127.0.0.1"))) {
            BindFailedException failure = assertThrows(BindFailedException.class, server::start);
            // The server was built with port 0 already: a restart keeps the port it was given.
            assertTrue(failure.portKeptFromEarlierRun());
            assertEquals(BindFailedException.Kind.PORT_IN_USE, failure.kind());
            assertFalse(failure.getMessage().contains("port(0)"), failure.getMessage());
            assertTrue(failure.getMessage().contains("port " + port + ", which this server had before its stop(),"
                    + " is now in use by something else"), failure.getMessage());
            assertTrue(failure.getMessage().contains("build a new server"), failure.getMessage());
            assertFalse(server.isRunning());
        }
    }

    @Test
    void anAddressOfNoInterfaceOfThisMachineIsToldApartFromAPortInUse() {
        // 192.0.2.1 (TEST-NET-1) is documentation's address: no machine has it.
        TcpServer server = TcpServer.builder().bindAddress("192.0.2.1").build();
        BindFailedException failure = assertThrows(BindFailedException.class, server::start);
        assertEquals(BindFailedException.Kind.ADDRESS_NOT_AVAILABLE, failure.kind());
        assertTrue(failure.problem().startsWith("cannot listen on 192.0.2.1:0: 192.0.2.1 is not an address of this machine ("),
                failure.problem());
        assertEquals("use an address of this machine, such as bindAddress(\"127.0.0.1\")", failure.fix());
        assertFalse(server.isRunning());
    }

    @Test
    void takeConnectionRejectsANegativeTimeout() {
        try (TcpServer server = TcpServer.builder().start()) {
            assertMessage(() -> server.takeConnection(Duration.ofMillis(-1)), "takeConnection timeout must not be negative");
        }
    }

    @Test
    void aNullArgumentSaysWhatToPassInstead() throws Exception {
        try (TcpServer server = TcpServer.builder().start()) {
            assertNullMessage(() -> server.takeConnection(null), "timeout must not be null; e.g. Duration.ofSeconds(5)");
        }
        assertNullMessage(() -> Handlers.respond((String) null), "response must not be null");
        assertNullMessage(() -> Handlers.respond((byte[]) null), "response must not be null");
        assertNullMessage(() -> Handlers.proxy(null, 80), "host must not be null; give the target's host name or IP address");
        assertNullMessage(() -> Handlers.script((String) null), "script text must not be null");
        assertNullMessage(() -> Handlers.script((java.nio.file.Path) null), "script file must not be null");
        assertNullMessage(() -> Faults.latency(null), "latency must not be null; give a Duration");
        assertNullMessage(() -> Handlers.echo().with((Fault[]) null), "faults must not be null");
        assertNullMessage(() -> Faults.latency(Duration.ofMillis(1)).direction(null), "use Fault.Direction.UPSTREAM or DOWNSTREAM");
    }

    private static void assertNullMessage(Executable call, String expected) {
        NullPointerException failure = assertThrows(NullPointerException.class, call);
        assertTrue(failure.getMessage().contains(expected), () -> "message '" + failure.getMessage() + "' lacks '" + expected + "'");
    }

    private static void assertMessage(Executable call, String expected) {
        IllegalArgumentException failure = assertThrows(IllegalArgumentException.class, call);
        assertTrue(failure.getMessage().contains(expected), () -> "message '" + failure.getMessage() + "' lacks '" + expected + "'");
    }
}
