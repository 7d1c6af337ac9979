package dev.tcptest;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/** The checks of {@link TcpServer.Builder}'s settings: each returns its value, or throws naming the fix. */
final class Checks {

    private Checks() {
    }

    static InetAddress bindAddress(InetAddress address) {
        if (address == null) {
            throw new InvalidSettingException("bindAddress", null, Phrase.of("must not be null"), BindAddress.LOCAL, null);
        }
        return address;
    }

    static int port(int port) {
        if (port < 0 || port > 65535) {
            throw new InvalidSettingException("port", String.valueOf(port), Phrase.of("must be between 0 and 65535, was "
                    + port), Phrase.of("use ").setting("port", "0").then(" for a free port"), null);
        }
        return port;
    }

    static int backlog(int backlog) {
        if (backlog == 0) {
            throw new InvalidSettingException("backlog", "0", Phrase.of("must be at least 1, was 0 (the JDK would"
                    + " silently use 50 for 0)"), Phrase.of("use ").setting("backlog", "1").then(" for the smallest queue"), null);
        }
        if (backlog < 0) {
            throw new InvalidSettingException("backlog", String.valueOf(backlog), Phrase.of("must be at least 1, was "
                    + backlog), Phrase.of("use 1 or more, or leave ").setting("backlog", null).then(" out for the default"
                    + " of 50"), null);
        }
        return backlog;
    }

    static AcceptHandler handler(AcceptHandler handler) {
        if (handler == null) {
            throw new InvalidSettingException("handler", null, "must not be null", "use Handlers.echo() or another of Handlers");
        }
        return handler;
    }

    static String name(String name) {
        if (name == null || name.isBlank()) {
            throw new InvalidSettingException("name", name, "must not be blank, was " + Phrase.shown(name),
                    "leave it unset for \"default\", or name the server, such as \"smtp\"");
        }
        return name;
    }

    static Duration readTimeout(Duration timeout) {
        if (timeout == null || timeout.isNegative()) {
            throw new InvalidSettingException("readTimeout", timeout, "must be zero (no limit) or positive, was "
                    + timeout, "use Duration.ZERO for no limit");
        }
        // Compared, not converted: toMillis() overflows for durations such as ChronoUnit.FOREVER's.
        if (!timeout.isZero() && timeout.compareTo(Duration.ofMillis(1)) < 0) {
            throw new InvalidSettingException("readTimeout", timeout, "must be at least 1 ms, was " + timeout,
                    "use Duration.ZERO for no limit");
        }
        return timeout;
    }

    static int maxConnections(int max) {
        if (max < 1) {
            throw new InvalidSettingException("maxConnections", max, "must be at least 1, was " + max,
                    "leave it unset for no limit");
        }
        return max;
    }

    static Duration shutdownTimeout(Duration timeout) {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new InvalidSettingException("shutdownTimeout", timeout, "must be positive, was " + timeout,
                    "leave it unset for 5 seconds");
        }
        return timeout;
    }

    static int recordingLimit(int bytes) {
        if (bytes < 0) {
            throw new InvalidSettingException("recordingLimit", bytes, "must be 0 or more bytes, was " + bytes,
                    "use 0 to record no bytes");
        }
        return bytes;
    }

    /** The connection count of a retention bound, checked with its byte count. */
    static int retention(int connections, long bytes) {
        if (connections < 1 || bytes < 1) {
            throw new InvalidSettingException("retention", connections + " connections, " + bytes + " bytes",
                    "must keep at least 1 connection and 1 byte", "leave it unset for 10,000 connections and 256 MiB");
        }
        return connections;
    }

    static Certificates certificates(String setting, Certificates certificates) {
        if (certificates == null) {
            throw new InvalidSettingException(setting, null, "must not be null", "use Certificates.throwaway(), "
                    + "Certificates.forHosts(\"localhost\") or Certificates.load(path, password)");
        }
        return certificates;
    }

    static Consumer<RecordedConnection> listener(Consumer<RecordedConnection> listener) {
        if (listener == null) {
            throw new InvalidSettingException("onConnectionFinished", null, "must not be null",
                    "leave it unset to be told of nothing");
        }
        return listener;
    }

    static List<Fault> faults(Fault... faults) {
        if (faults == null || Arrays.asList(faults).contains(null)) {
            throw new InvalidSettingException("faults", null, "must not be null nor hold null",
                    "pass faults from Faults, such as Faults.latency(Duration.ofMillis(50)), or none to remove them");
        }
        return List.of(faults);
    }

    static List<Fault> faults(String faults) {
        if (faults == null || faults.isBlank()) {
            return List.of();
        }
        try {
            return Faults.parse(faults);
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException("faults", faults, Phrase.of("is invalid: " + e.getMessage()), Phrase.NONE, e);
        }
    }
}
