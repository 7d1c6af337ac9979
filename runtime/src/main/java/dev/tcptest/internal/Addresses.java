package dev.tcptest.internal;

import java.net.InetAddress;
import java.net.InetSocketAddress;

/** Formats socket addresses as {@code host:port} with the IP literal, IPv6 in brackets. */
public final class Addresses {

    private Addresses() {
    }

    /**
     * The IP literal of an address, never a host name.
     *
     * @param address the address
     * @return e.g. {@code 127.0.0.1} or {@code ::1}
     */
    public static String host(InetAddress address) {
        String literal = address.getHostAddress();
        int scope = literal.indexOf('%');
        return scope >= 0 ? literal.substring(0, scope) : literal;
    }

    /**
     * {@code host:port}, with an IPv6 host in brackets.
     *
     * @param address the socket address, or null
     * @return the formatted address, {@code ?} for null
     */
    public static String format(InetSocketAddress address) {
        if (address == null) {
            return "?";
        }
        String host = address.getAddress() == null ? address.getHostString() : host(address.getAddress());
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + address.getPort() : host + ":" + address.getPort();
    }
}
