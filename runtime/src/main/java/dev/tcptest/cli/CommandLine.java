package dev.tcptest.cli;

import dev.tcptest.InvalidSettingException;
import dev.tcptest.ServerSettings;
import dev.tcptest.TcpServer;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The options of the standalone server, parsed and checked; a bad option becomes a
 * {@link UsageException} with a one-line message. Options are named as the Maven plugin's
 * elements and {@code @WithTcpServer}'s attributes, in kebab case: {@code proxyTarget} is
 * {@code --proxy-target}.
 */
final class CommandLine {

    static final String USAGE = String.join("\n",
            "Usage: java -jar tcptest-runtime.jar [options]",
            "Starts a TCP server for testing clients and keeps it running until Ctrl-C.",
            "",
            "  --bind-address ADDRESS   address to listen on (default 127.0.0.1)",
            "  --port N                 port to listen on, 0 for a free one (default 0)",
            "  --backlog N              listen backlog, 1 or more (default 50)",
            "  --handler NAME           echo, discard, respond, close, reset, silent, script or proxy; default:",
            "                           respond, script or proxy if --response, --script or --proxy-target",
            "                           is given, else echo",
            "  --response TEXT          what 'respond' sends; escapes \\r \\n \\t \\\\ \\\" \\xHH are understood",
            "  --script FILE            the chat script 'script' plays",
            "  --proxy-target HOST:PORT where 'proxy' forwards to",
            "  --faults LIST            faults on the handler, e.g. latency=50ms,bandwidth=10KiB/s",
            "  --accept-paused          start with accepting paused (clients queue in the backlog)",
            "  --tls                    speak TLS from the first byte, with throwaway certificates",
            "  --starttls               serve plain, with certificates for a handler's or script's upgrade",
            "  --key-store FILE         a PKCS12 file with your own key and certificate for TLS",
            "  --key-store-password P   its password",
            "  --record-scripts DIR     with proxy: write each connection to DIR as a chat script that",
            "                           replays it (connection-N.chat), as it ends",
            "  --control PORT           also serve a control endpoint on 127.0.0.1:PORT (0 for a free",
            "                           one) to pause, fault and inspect the server over HTTP",
            "  --verbose                log every connection (to standard error)",
            "  --version                print the version",
            "  --help                   show this help",
            "",
            "The names are those of the Maven plugin's elements and @WithTcpServer's attributes;",
            "--bind, --target and --paused are accepted for --bind-address, --proxy-target and --accept-paused.",
            "");

    /** The server's name in log lines, the same default as everywhere else. */
    static final String NAME = "default";

    int port;
    int backlog = 50;
    String bindAddress;
    String handler;
    String response;
    String script;
    String proxyTarget;
    String faults;
    boolean acceptPaused;
    Integer controlPort;
    String tls;
    String keyStore;
    String keyStorePassword;
    String recordScripts;
    boolean verbose;
    boolean help;
    boolean version;

    static CommandLine parse(String... args) throws UsageException {
        CommandLine line = new CommandLine();
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            switch (option) {
                case "--help", "-h" -> line.help = true;
                case "--version" -> line.version = true;
                case "--accept-paused", "--paused" -> line.acceptPaused = true;
                case "--verbose" -> line.verbose = true;
                case "--bind-address", "--bind" -> line.bindAddress = value(args, ++i, option);
                case "--port" -> line.port = number(args, ++i, option, "from 0 to 65535");
                case "--backlog" -> line.backlog = number(args, ++i, option, "from 1 to " + Integer.MAX_VALUE);
                case "--handler" -> line.handler = value(args, ++i, option);
                case "--response" -> line.response = value(args, ++i, option);
                case "--script" -> line.script = value(args, ++i, option);
                case "--proxy-target", "--target" -> line.proxyTarget = value(args, ++i, option);
                case "--faults" -> line.faults = value(args, ++i, option);
                case "--tls", "--starttls" -> line.tls = tls(line.tls, option);
                case "--key-store" -> line.keyStore = value(args, ++i, option);
                case "--key-store-password" -> line.keyStorePassword = value(args, ++i, option);
                case "--record-scripts" -> line.recordScripts = value(args, ++i, option);
                case "--control" -> line.controlPort = number(args, ++i, option, "from 0 to 65535");
                default -> throw new UsageException("unknown option '" + option + "'; run with --help for the options");
            }
        }
        return line;
    }

    /** The builder these options describe; a value the runtime rejects becomes a usage error. */
    TcpServer.Builder toBuilder() throws UsageException {
        try {
            return settings().toBuilder();
        } catch (InvalidSettingException e) {
            throw new UsageException(reason(e));
        }
    }

    /** The handler these options serve with: {@code --handler}, or the one {@code --response}, {@code --script} or {@code --proxy-target} implies. */
    String handlerName() throws UsageException {
        try {
            return settings().handlerName();
        } catch (InvalidSettingException e) {
            throw new UsageException(e.message(CommandLine::option));
        }
    }

    private ServerSettings settings() {
        return new ServerSettings().name(NAME).bindAddress(bindAddress).port(port).backlog(backlog).handler(handler)
                .response(response).script(script == null ? null : Path.of(script)).proxyTarget(proxyTarget)
                .faults(faults).acceptPaused(acceptPaused).tls(tls).keyStore(keyStore == null ? null : Path.of(keyStore))
                .keyStorePassword(keyStorePassword).recordScripts(recordScripts == null ? null : Path.of(recordScripts));
    }

    /**
     * A setting as the command line writes it: {@code proxyTarget} is {@code --proxy-target}, and
     * a value that a shell would split or expand is quoted.
     *
     * @param setting the setting as the runtime names it
     * @param value its value, or null for the option alone
     * @return such as {@code --port 0}
     */
    static String option(String setting, String value) {
        if (setting.equals("tls") && value != null) {
            return value.equals("starttls") ? "--starttls" : "--tls";   // flags on the command line
        }
        StringBuilder option = new StringBuilder("--");
        for (char c : setting.toCharArray()) {
            option.append(Character.isUpperCase(c) ? "-" + Character.toLowerCase(c) : String.valueOf(c));
        }
        return value == null ? option.toString() : option + " " + shellWord(value);
    }

    private static String shellWord(String value) {
        for (char c : value.toCharArray()) {
            boolean plain = Character.isLetterOrDigit(c) || "._:/@,=+%-[]".indexOf(c) >= 0;
            if (!plain) {
                return "'" + value.replace("'", "'\\''") + "'";
            }
        }
        return value;
    }

    /** What was wrong, in the command line's words; the file system says more about a script file than the parser can. */
    private String reason(InvalidSettingException e) {
        if (e.setting().equals("script") && e.getCause() instanceof UncheckedIOException) {
            Path file = Path.of(script).toAbsolutePath();
            if (!Files.exists(file)) {
                return "--script " + script + ": no such file " + file + " (a relative path is resolved against the current"
                        + " directory); check the name, or give the full path of the chat script";
            }
            if (Files.isDirectory(file)) {
                return "--script '" + script + "': " + file + " is a directory; give the path of a chat script file, e.g."
                        + " --script " + file.resolve("smtp.chat");
            }
        }
        return e.message(CommandLine::option);
    }

    private static String value(String[] args, int index, String option) throws UsageException {
        if (index >= args.length || args[index].startsWith("--")) {
            throw new UsageException(option + " needs a value; run with --help for the options");
        }
        return args[index];
    }

    private static String tls(String earlier, String option) throws UsageException {
        String mode = option.equals("--tls") ? "true" : "starttls";
        if (earlier != null && !earlier.equals(mode)) {
            throw new UsageException("--tls and --starttls exclude each other: --tls speaks TLS from the first byte,"
                    + " --starttls lets the handler upgrade; choose one");
        }
        return mode;
    }

    private static int number(String[] args, int index, String option, String range) throws UsageException {
        String value = value(args, index, option);
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            // Also for a number too large for an int: the message must not say it is none.
            throw new UsageException(option + " needs a whole number " + range + ", was '" + value + "'");
        }
    }

    /** A command line that cannot be run; its message is one line for the user. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }
}
