package dev.tcptest.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The kernel's cap on a listen backlog, which Linux applies without a word. */
final class Backlog {

    private static final System.Logger LOG = System.getLogger("dev.tcptest");
    private static final Path SOMAXCONN = Path.of("/proc/sys/net/core/somaxconn");

    private Backlog() {
    }

    /** The cap, or -1 where it cannot be read (not Linux); read once per JVM. */
    static int cap() {
        return Cap.VALUE;
    }

    private static final class Cap {
        static final int VALUE = read();
    }

    private static int read() {
        // Read line-wise: procfs reports a size of 0, which a size-based read takes at its word.
        try (BufferedReader reader = Files.newBufferedReader(SOMAXCONN)) {
            return Integer.parseInt(reader.readLine().trim());
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    static void warnIfCapped(String server, int backlog) {
        int cap = cap();
        if (cap > 0 && backlog > cap) {
            LOG.log(System.Logger.Level.WARNING, "tcptest server '" + server + "': backlog " + backlog
                    + " is above the kernel's cap of " + cap + " (" + SOMAXCONN + "), which Linux uses instead:"
                    + " at most " + (cap + 1) + " connections queue while accepting is paused. Raise the cap with"
                    + " 'sysctl -w net.core.somaxconn=" + backlog + "', or use a backlog of " + cap + " or less.");
        }
    }
}
