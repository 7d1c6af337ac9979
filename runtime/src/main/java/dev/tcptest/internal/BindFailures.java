package dev.tcptest.internal;

import java.net.BindException;
import java.net.InetSocketAddress;

/** Why a bind failed, decided once, where it failed. */
public final class BindFailures {

    private BindFailures() {
    }

    /**
     * The failure to show for a bind that failed.
     *
     * @param requested the address asked for
     * @param portKeptFromEarlierRun whether the port is the one an earlier run of a port-0 server got
     * @param cause the JDK's exception
     * @return the exception to throw
     */
    public static BindException of(InetSocketAddress requested, boolean portKeptFromEarlierRun, BindException cause) {
        String where = Addresses.format(requested);
        boolean inUse = cause.getMessage() != null && cause.getMessage().contains("in use");
        String message = inUse && portKeptFromEarlierRun
                ? "Cannot listen on " + where + ": port " + requested.getPort() + ", which this server had before its"
                        + " stop(), is now in use by something else. A restart keeps the port so that clients can"
                        + " reconnect; build a new server for a new ephemeral port, or stop what listens there."
                : inUse
                ? "Cannot listen on " + where + ": port " + requested.getPort()
                        + " is already in use. Use port 0 to get a free ephemeral port, or stop what listens there."
                : "Cannot listen on " + where + ": " + cause.getMessage()
                        + ". Check that the bind address belongs to this machine, or use 127.0.0.1.";
        BindException failure = new BindException(message);
        failure.initCause(cause);
        return failure;
    }
}
