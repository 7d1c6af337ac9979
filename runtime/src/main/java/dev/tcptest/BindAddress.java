package dev.tcptest;

import dev.tcptest.internal.Addresses;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** A bind address as users write it: an IP literal, [v6] or a host name, never with a port. */
final class BindAddress {

    /** The fix for an address that is not this machine's. */
    static final Phrase LOCAL = Phrase.of("use an address of this machine, such as ")
            .setting("bindAddress", "127.0.0.1");

    private BindAddress() {
    }

    /**
     * The address to bind, resolved now.
     *
     * @param address what the user wrote
     * @return the address
     * @throws InvalidSettingException if it is blank, includes a port, or cannot be resolved
     */
    static InetAddress parse(String address) {
        if (address == null || address.isBlank()) {
            throw notAnAddress(address);
        }
        String literal = address.trim();
        InetAddress ipv4 = Addresses.ipv4Literal(literal);
        if (ipv4 != null) {
            return ipv4;
        }
        rejectPort(address, literal);
        if (literal.startsWith("[") && literal.endsWith("]")) {
            literal = literal.substring(1, literal.length() - 1).trim();
            if (literal.isEmpty()) {
                throw notAnAddress(address);
            }
        }
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new InvalidSettingException("bindAddress", address, Phrase.of("'" + address
                    + "' cannot be resolved to an IP address"), LOCAL, e);
        }
    }

    private static InvalidSettingException notAnAddress(String address) {
        return new InvalidSettingException("bindAddress", address, Phrase.of("must be an IP address or host name, was "
                + Phrase.shown(address)), LOCAL, null);
    }

    /** host:port or [v6]:port, which InetAddress would only call unresolvable. */
    private static void rejectPort(String address, String literal) {
        int colon = literal.lastIndexOf(':');
        if (colon < 0 || colon == literal.length() - 1) {
            return;
        }
        String host = literal.substring(0, colon);
        String port = literal.substring(colon + 1);
        for (int i = 0; i < port.length(); i++) {
            if (port.charAt(i) < '0' || port.charAt(i) > '9') {
                return;
            }
        }
        boolean bracketed = host.startsWith("[") && host.endsWith("]");
        if (!bracketed && (host.isEmpty() || host.indexOf(':') >= 0)) {
            // An IPv6 literal such as ::1 ends in a colon and digits too.
            return;
        }
        String alone = bracketed ? host.substring(1, host.length() - 1) : host;
        throw new InvalidSettingException("bindAddress", address, Phrase.of("'" + address + "' includes a port"),
                Phrase.of("give the address and the port apart, as ").setting("bindAddress", alone).then(" and ")
                        .setting("port", port), null);
    }
}
