package dev.tcptest.internal;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * Formats socket addresses as {@code host:port} with the IP literal, IPv6 in brackets, and reads
 * the plain IPv4 literals most bind addresses are.
 */
public final class Addresses {

    /** 127.0.0.1, the default bind address. */
    public static final InetAddress LOOPBACK = ipv4Literal("127.0.0.1");

    private Addresses() {
    }

    /**
     * The IP literal of an address, never a host name.
     *
     * @param address the address
     * @return e.g. {@code 127.0.0.1}, or {@code 0:0:0:0:0:0:0:1} for IPv6 loopback (the JDK
     *     writes no {@code ::})
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
        return format(host, address.getPort());
    }

    /**
     * {@code host:port}, with an IPv6 literal in brackets unless it has them already.
     *
     * @param host a host name or IP literal
     * @param port the port
     * @return the formatted address
     */
    public static String format(String host, int port) {
        return host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]:" + port : host + ":" + port;
    }

    /**
     * The address of a plain dotted-quad IPv4 literal such as {@code 127.0.0.1}, read without
     * the JDK's general resolver, which costs a server's start more than the rest of its
     * settings together; every other form (fewer parts, leading zeros, IPv6, host names) is
     * left to {@link InetAddress#getByName(String)}.
     *
     * @param text the literal
     * @return the address, or null if the text is not four decimal parts of 0 to 255
     */
    public static InetAddress ipv4Literal(String text) {
        byte[] parts = new byte[4];
        int part = 0;
        int value = 0;
        int digits = 0;
        for (int i = 0; i <= text.length(); i++) {
            char c = i < text.length() ? text.charAt(i) : '.';
            if (c == '.') {
                if (digits == 0 || part == 4) {
                    return null;
                }
                parts[part++] = (byte) value;
                value = 0;
                digits = 0;
            } else if (c >= '0' && c <= '9' && !(digits == 1 && value == 0)) {
                value = value * 10 + (c - '0');
                if (++digits > 3 || value > 255) {
                    return null;
                }
            } else {
                return null;
            }
        }
        if (part != 4) {
            return null;
        }
        try {
            return InetAddress.getByAddress(parts);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("four bytes are an IPv4 address", e);
        }
    }
}
