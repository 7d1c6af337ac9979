package dev.tcptest.cli;

import dev.tcptest.BindFailedException;
import dev.tcptest.TcpServer;
import dev.tcptest.internal.Addresses;
import dev.tcptest.remote.ControlEndpoint;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Runs a server from the command line: {@code java -jar tcptest-runtime.jar --help}. Prints the
 * address, serves until Ctrl-C, then stops cleanly. Exit code 2 for a bad option, 1 when the
 * server cannot start. Every line it prints starts with {@code tcptest: }, once.
 */
public final class Main {

    private static final int RETAINED_CONNECTIONS = 1_000;
    private static final String TRUST_STORE_PASSWORD = "tcptest";
    private static final long RETAINED_BYTES = 64L * 1024 * 1024;

    private Main() {
    }

    /**
     * Starts the server the options describe and blocks until the JVM is asked to stop.
     *
     * @param args the command line; {@code --help} lists the options
     */
    public static void main(String[] args) {
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop.countDown();
            try {
                stopped.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "tcptest-cli-shutdown"));
        int code;
        try {
            code = run(args, System.out, System.err, stop);
        } finally {
            // Also when run() fails: the hook waits for this, and the JVM's exit waits for the hook.
            stopped.countDown();
        }
        if (code != 0) {
            System.exit(code);
        }
    }

    /**
     * Runs until {@code stop} opens; the testable body of {@link #main(String[])}.
     *
     * @param args the command line
     * @param out where the address and summary go
     * @param err where errors go
     * @param stop opened to stop the server
     * @return the exit code: 0 after a clean stop, 1 if the server could not start, 2 for a bad option
     */
    static int run(String[] args, PrintStream out, PrintStream err, CountDownLatch stop) {
        CommandLine line;
        try {
            line = CommandLine.parse(args);
        } catch (CommandLine.UsageException e) {
            err.println("tcptest: " + e.getMessage());
            return 2;
        }
        if (line.help) {
            out.print(CommandLine.USAGE);
            return 0;
        }
        if (line.version) {
            out.println("tcptest " + version());
            return 0;
        }
        // The server logs through System.Logger, which the JDK hands to java.util.logging: its
        // console handler passes INFO and up only, so --verbose needs a handler of its own.
        Logger log = Logger.getLogger("dev.tcptest");
        Level level = log.getLevel();
        boolean parents = log.getUseParentHandlers();
        Handler handler = logTo(err, line.verbose);
        log.setLevel(handler.getLevel());
        log.setUseParentHandlers(false);
        log.addHandler(handler);
        try {
            return serve(line, out, err, stop);
        } finally {
            log.removeHandler(handler);
            log.setUseParentHandlers(parents);
            log.setLevel(level);
        }
    }

    private static int serve(CommandLine line, PrintStream out, PrintStream err, CountDownLatch stop) {
        TcpServer server;
        String handlerName;
        try {
            handlerName = line.handlerName();
            // It serves until Ctrl-C: it keeps less in memory than a test's server.
            server = line.toBuilder().retention(RETAINED_CONNECTIONS, RETAINED_BYTES).build();
        } catch (CommandLine.UsageException e) {
            err.println("tcptest: " + e.getMessage());
            return 2;
        }
        if (!start(server, err)) {
            return 1;
        }
        out.println("tcptest: " + handlerName + " server listening on " + Addresses.format(server.address())
                + " (backlog " + line.backlog + (line.tls == null ? "" : server.isTls() ? ", TLS" : ", STARTTLS")
                + (line.acceptPaused ? ", accepting paused" : "") + ")");
        ControlEndpoint control = line.controlPort == null ? null : openControl(line.controlPort, server, out, err);
        if ((line.controlPort != null && control == null) || (line.tls != null && !writeTlsFiles(server, out, err))) {
            if (control != null) {
                control.close();
            }
            server.stop();
            return 1;
        }
        if (line.recordScripts != null) {
            out.println("tcptest: writing each connection as a chat script to " + Path.of(line.recordScripts).toAbsolutePath());
        }
        out.println("tcptest: try '" + (server.isTls() ? "openssl s_client -connect " + server.host() + ":" : "nc " + server.host()
                + " ") + server.port() + "'; press Ctrl-C to stop");
        awaitQuietly(stop);
        if (control != null) {
            control.close();
        }
        server.stop();
        long errors = server.handlerErrorCount();
        out.println("tcptest: stopped after " + server.acceptedCount() + " connection(s), " + errors + " handler error(s)");
        return 0;
    }

    private static boolean start(TcpServer server, PrintStream err) {
        try {
            server.start();
            return true;
        } catch (BindFailedException e) {
            err.println("tcptest: " + e.message(CommandLine::option));
        } catch (UncheckedIOException e) {
            err.println("tcptest: cannot start: " + e.getMessage());
        }
        return false;
    }

    private static void awaitQuietly(CountDownLatch stop) {
        try {
            stop.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Writes the CA's trust store and the certificate where a client can take them, for as long
     * as the server runs; false after saying why they cannot be written.
     */
    private static boolean writeTlsFiles(TcpServer server, PrintStream out, PrintStream err) {
        try {
            Path directory = Files.createTempDirectory("tcptest-tls-");
            Path trustStore = directory.resolve("truststore.p12");
            server.certificates().writeTrustStore(trustStore, TRUST_STORE_PASSWORD);
            Path certificate = Files.writeString(directory.resolve("certificate.pem"), server.certificates().certificatePem());
            Path ca = Files.writeString(directory.resolve("ca.pem"), server.certificates().caCertificatePem());
            for (Path file : new Path[] {directory, trustStore, certificate, ca}) {
                file.toFile().deleteOnExit();
            }
            out.println("tcptest: TLS trust store " + trustStore + " (PKCS12, password " + TRUST_STORE_PASSWORD
                    + "), CA " + ca + ", certificate " + certificate);
            return true;
        } catch (IOException e) {
            err.println("tcptest: cannot write the TLS trust store and certificate to a temporary directory: " + e.getMessage()
                    + "; set java.io.tmpdir to a writable directory");
            return false;
        }
    }

    /** The control endpoint for the server, or null after saying why it cannot open. */
    private static ControlEndpoint openControl(int port, TcpServer server, PrintStream out, PrintStream err) {
        ControlEndpoint control;
        try {
            control = ControlEndpoint.start("127.0.0.1", port);
        } catch (UncheckedIOException e) {
            err.println("tcptest: cannot open the control endpoint on 127.0.0.1:" + port + ": " + e.getCause().getMessage()
                    + "; choose another port, or " + CommandLine.option("control", "0") + " for a free one");
            return null;
        }
        control.register(CommandLine.NAME, server);
        out.println("tcptest: control endpoint " + control.url() + "; try 'curl " + control.url() + "servers/"
                + CommandLine.NAME + "'");
        return control;
    }

    /** The runtime's version, which the build writes into a resource beside this class. */
    static String version() {
        Properties properties = new Properties();
        try (InputStream in = Main.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            // No version to tell, which the fallback says.
        }
        return properties.getProperty("version", "(version unknown)");
    }

    /** One line per record on standard error: warnings only, or every connection with --verbose. */
    private static Handler logTo(PrintStream err, boolean verbose) {
        Handler handler = new Handler() {
            private final Formatter formatter = new SimpleFormatter();

            @Override
            public void publish(LogRecord record) {
                if (!isLoggable(record)) {
                    return;
                }
                Throwable thrown = record.getThrown();
                String message = formatter.formatMessage(record);
                // The runtime's lines name their server ("tcptest server 'default': ..."): one prefix is enough.
                err.println((message.startsWith("tcptest") ? "" : "tcptest: ") + message
                        + (thrown == null || verbose ? "" : ": " + thrown));
                if (thrown != null && verbose) {
                    thrown.printStackTrace(err);
                }
            }

            @Override
            public void flush() {
                err.flush();
            }

            @Override
            public void close() {
                flush();
            }
        };
        handler.setLevel(verbose ? Level.FINE : Level.WARNING);
        return handler;
    }
}
