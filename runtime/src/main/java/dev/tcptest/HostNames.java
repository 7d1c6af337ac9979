package dev.tcptest;

import dev.tcptest.internal.Addresses;
import java.net.IDN;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The host names and IP addresses a certificate is for, as {@link Certificates} takes them:
 * IP literals become IP-address names, everything else must be a DNS name. Read without any
 * look-up, so a name need not resolve.
 *
 * @param given the names as given, without repeats, in order; the first is the subject's CN
 * @param dnsNames the DNS names, in ASCII
 * @param addresses the IP addresses
 */
record HostNames(List<String> given, List<String> dnsNames, List<InetAddress> addresses) {

    /** What {@link Certificates#throwaway()} and an unset {@code hostNames} stand for. */
    static final HostNames LOCAL = parse("localhost", "127.0.0.1", "::1");

    private static final int MAX_NAME = 253;
    private static final int MAX_LABEL = 63;

    /**
     * Reads the names.
     *
     * @param names host names and IP literals, IPv6 with or without brackets
     * @return the names, sorted by kind
     * @throws InvalidSettingException for {@code hostNames}: none given, null, blank or malformed
     */
    static HostNames parse(String... names) {
        if (names == null || names.length == 0) {
            throw new InvalidSettingException("hostNames", null, "must name at least one host",
                    "give names or IP addresses, such as hostNames(\"localhost\", \"127.0.0.1\")");
        }
        Set<String> given = new LinkedHashSet<>();
        List<String> dnsNames = new ArrayList<>();
        List<InetAddress> addresses = new ArrayList<>();
        for (String name : names) {
            if (name == null || name.isBlank()) {
                throw new InvalidSettingException("hostNames", name, "must not hold a null or blank name, was "
                        + Phrase.shown(name), "give names such as \"localhost\" or addresses such as \"127.0.0.1\"");
            }
            if (!given.add(name)) {
                continue;
            }
            InetAddress address = ipLiteral(name);
            if (address != null) {
                addresses.add(address);
            } else {
                dnsNames.add(dnsName(name));
            }
        }
        return new HostNames(List.copyOf(given), List.copyOf(dnsNames), List.copyOf(addresses));
    }

    /** The address of an IPv4 or IPv6 literal, null for anything else. */
    private static InetAddress ipLiteral(String name) {
        InetAddress ipv4 = Addresses.ipv4Literal(name);
        if (ipv4 != null) {
            return ipv4;
        }
        boolean numeric = name.chars().allMatch(c -> c == '.' || c >= '0' && c <= '9');
        if (numeric && name.chars().anyMatch(c -> c != '.')) {
            throw malformed(name, "it is not an IPv4 address of four numbers from 0 to 255");
        }
        String bare = name.startsWith("[") && name.endsWith("]") ? name.substring(1, name.length() - 1) : name;
        if (bare.indexOf(':') < 0) {
            return null;
        }
        if (bare.indexOf('%') >= 0) {
            throw malformed(name, "a certificate holds no scope (%...) of an IPv6 address");
        }
        try {
            // In brackets the JDK reads an IPv6 literal or fails, and never asks a resolver.
            return InetAddress.getByName("[" + bare + "]");
        } catch (UnknownHostException e) {
            throw malformed(name, "it is not an IPv6 address");
        }
    }

    /** The name in ASCII (an internationalized name in its xn-- form), checked label by label. */
    private static String dnsName(String name) {
        String ascii = name;
        if (!name.chars().allMatch(c -> c < 0x80)) {
            try {
                ascii = IDN.toASCII(name, IDN.ALLOW_UNASSIGNED);
            } catch (IllegalArgumentException e) {
                throw malformed(name, "its international form cannot be written in ASCII: " + e.getMessage());
            }
        }
        if (ascii.length() > MAX_NAME) {
            throw malformed(name, "it is longer than " + MAX_NAME + " characters");
        }
        String[] labels = ascii.split("\\.", -1);
        for (int i = 0; i < labels.length; i++) {
            String problem = labelProblem(labels[i], i == 0 && labels.length > 1);
            if (problem != null) {
                throw malformed(name, problem);
            }
        }
        return ascii;
    }

    /** What is wrong with one label, or null; a wildcard may stand alone as the first. */
    private static String labelProblem(String label, boolean wildcardAllowed) {
        if (label.isEmpty()) {
            return "it has an empty label (two dots in a row, or a dot at either end)";
        }
        if (label.equals("*") && wildcardAllowed) {
            return null;
        }
        if (label.length() > MAX_LABEL) {
            return "its label '" + label + "' is longer than " + MAX_LABEL + " characters";
        }
        if (label.startsWith("-") || label.endsWith("-")) {
            return "its label '" + label + "' starts or ends with '-'";
        }
        for (char c : label.toCharArray()) {
            boolean allowed = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_';
            if (!allowed) {
                return "it holds '" + c + "'" + (c == '*' ? ", which stands only alone as the first label, as in *.example.test"
                        : ", which no host name holds");
            }
        }
        return null;
    }

    private static InvalidSettingException malformed(String name, String problem) {
        return new InvalidSettingException("hostNames", name, "holds '" + name + "', which is neither a host name nor"
                + " an IP address: " + problem, "give a name of letters, digits, '-' and '.', such as \"db.test\", or an IP"
                + " literal, such as \"127.0.0.1\" or \"::1\"");
    }
}
