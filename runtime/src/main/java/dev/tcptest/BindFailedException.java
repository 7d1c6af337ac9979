package dev.tcptest;

import dev.tcptest.internal.Addresses;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.function.BiFunction;

/**
 * The server cannot listen on its address, thrown by {@link TcpServer#start()}; nothing is left
 * bound then. {@link #kind()} says why (the port is in use, the address is not this machine's, or
 * another reason the operating system gave in {@link #getCause()}), so that a tool can give the
 * fix in its own terms with {@link #message(BiFunction)}; {@link #getMessage()} gives it in Java's.
 */
public final class BindFailedException extends UncheckedIOException {

    private static final long serialVersionUID = 1L;

    /** Why the address cannot be bound. */
    public enum Kind {
        /** Something else listens on the port (or holds it). */
        PORT_IN_USE,
        /** The address belongs to no network interface of this machine. */
        ADDRESS_NOT_AVAILABLE,
        /** Another reason, such as a port below 1024 without the privilege to bind it. */
        OTHER
    }

    /** The address and port asked for. */
    private final InetSocketAddress address;
    /** Why the bind failed. */
    private final Kind kind;
    /** Whether a restart kept the port an earlier run got for port 0. */
    private final boolean portKeptFromEarlierRun;
    /** What went wrong, with the settings it names kept apart. */
    private final Phrase problem;
    /** What to do, with the settings it names kept apart. */
    private final Phrase fix;

    /**
     * A failed bind, classified.
     *
     * @param address the address and port that were asked for
     * @param kind why it failed
     * @param portKeptFromEarlierRun whether the port is the one an earlier run of the server got
     *     for port 0, kept by a restart
     * @param cause the operating system's failure
     */
    public BindFailedException(InetSocketAddress address, Kind kind, boolean portKeptFromEarlierRun, BindException cause) {
        this(address, kind, portKeptFromEarlierRun, cause, problem(address, kind, portKeptFromEarlierRun, cause));
    }

    private BindFailedException(InetSocketAddress address, Kind kind, boolean kept, BindException cause, Phrase problem) {
        super(problem.render(Phrase.JAVA) + "; " + fix(kind, kept).render(Phrase.JAVA), cause);
        this.address = address;
        this.kind = kind;
        this.portKeptFromEarlierRun = kept;
        this.problem = problem;
        this.fix = fix(kind, kept);
    }

    /**
     * The address and port that were asked for.
     *
     * @return the requested socket address
     */
    public InetSocketAddress address() {
        return address;
    }

    /**
     * Why the address cannot be bound.
     *
     * @return the kind of failure
     */
    public Kind kind() {
        return kind;
    }

    /**
     * Whether the port is the one the server got for port 0 on an earlier start and kept for this
     * restart, so that asking for port 0 again is no fix: a new server gets a new ephemeral port.
     *
     * @return true for a restart of a server built with port 0
     */
    public boolean portKeptFromEarlierRun() {
        return portKeptFromEarlierRun;
    }

    /**
     * The operating system's failure.
     *
     * @return the bind exception
     */
    @Override
    public BindException getCause() {
        return (BindException) super.getCause();
    }

    /**
     * What went wrong, with the address.
     *
     * @return such as {@code cannot listen on 127.0.0.1:8080: port 8080 is already in use}
     */
    public String problem() {
        return problem.render(Phrase.JAVA);
    }

    /**
     * What to do instead, in Java's words.
     *
     * @return such as {@code use port(0) for a free port, or stop what listens there}
     */
    public String fix() {
        return fix.render(Phrase.JAVA);
    }

    /**
     * The whole message with the settings its fix names written as a tool's users write them.
     *
     * @param naming given a setting ({@code port} or {@code bindAddress}) and a value to give it,
     *     returns how the user writes it, such as {@code --port 0}
     * @return the problem and the fix
     */
    public String message(BiFunction<String, String, String> naming) {
        return problem.render(naming) + "; " + fix.render(naming);
    }

    private static Phrase problem(InetSocketAddress address, Kind kind, boolean kept, BindException cause) {
        String where = "cannot listen on " + Addresses.format(address) + ": ";
        int port = address.getPort();
        return Phrase.of(switch (kind) {
            case PORT_IN_USE -> kept
                    ? where + "port " + port + ", which this server had before its stop(), is now in use by something else"
                    : where + "port " + port + " is already in use";
            case ADDRESS_NOT_AVAILABLE -> where + Addresses.host(address.getAddress())
                    + " is not an address of this machine (" + cause.getMessage() + ")";
            case OTHER -> where + cause.getMessage();
        });
    }

    private static Phrase fix(Kind kind, boolean kept) {
        return switch (kind) {
            case PORT_IN_USE -> kept
                    ? Phrase.of("a restart keeps the port so that clients can reconnect; build a new server for a new"
                            + " ephemeral port, or stop what listens there")
                    : Phrase.of("use ").setting("port", "0").then(" for a free port, or stop what listens there");
            case ADDRESS_NOT_AVAILABLE -> Phrase.of("use an address of this machine, such as ").setting("bindAddress", "127.0.0.1");
            case OTHER -> Phrase.of("check the address and the port, or use ").setting("bindAddress", "127.0.0.1")
                    .then(" and ").setting("port", "0");
        };
    }
}
