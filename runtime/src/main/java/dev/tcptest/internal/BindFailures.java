package dev.tcptest.internal;

import dev.tcptest.BindFailedException;
import dev.tcptest.BindFailedException.Kind;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;

/** Tells why a bind failed, once, where it failed, so that no one searches the message later. */
public final class BindFailures {

    private BindFailures() {
    }

    /**
     * The typed failure for a bind that threw.
     *
     * @param requested the address and port asked for
     * @param portKeptFromEarlierRun whether the port is the one an earlier run got for port 0
     * @param cause what the bind threw
     * @return the failure to throw, with the cause
     */
    public static BindFailedException of(InetSocketAddress requested, boolean portKeptFromEarlierRun, BindException cause) {
        return new BindFailedException(requested, kind(requested.getAddress(), cause), portKeptFromEarlierRun, cause);
    }

    /**
     * The JDK reports EADDRINUSE, EADDRNOTAVAIL and EACCES all as a BindException, told apart by
     * the system's text alone: "Address already in use" on every platform. Whether the address is
     * this machine's is asked of the interfaces instead, which needs no text.
     */
    private static Kind kind(InetAddress address, BindException cause) {
        String text = String.valueOf(cause.getMessage());
        if (text.contains("in use")) {
            return Kind.PORT_IN_USE;
        }
        if (address != null && !address.isAnyLocalAddress() && !isLocal(address)) {
            return Kind.ADDRESS_NOT_AVAILABLE;
        }
        return Kind.OTHER;
    }

    private static boolean isLocal(InetAddress address) {
        try {
            return address.isLoopbackAddress() || NetworkInterface.getByInetAddress(address) != null;
        } catch (SocketException e) {
            return true;
        }
    }
}
