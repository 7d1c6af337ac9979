package dev.tcptest.cli;

import dev.tcptest.TcpServer;
import dev.tcptest.internal.Addresses;
import java.io.PrintStream;
import java.io.UncheckedIOException;
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
 * server cannot start.
 */
public final class Main {

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
            server = line.toBuilder().build();
            try {
                server.start();
            } catch (UncheckedIOException e) {
                err.println("tcptest: " + e.getMessage());
                return 1;
            }
            out.println("tcptest: " + handlerName + " server listening on " + Addresses.format(server.address())
                    + " (backlog " + line.backlog + (line.paused ? ", accepting paused" : "") + ")");
            out.println("tcptest: try 'nc " + server.host() + " " + server.port() + "'; press Ctrl-C to stop");
        } catch (CommandLine.UsageException e) {
            err.println("tcptest: " + e.getMessage());
            return 2;
        }
        try {
            stop.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        server.stop();
        out.println("tcptest: stopped after " + server.acceptedCount() + " connection(s)");
        return 0;
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
                err.println("tcptest: " + formatter.formatMessage(record) + (thrown == null || verbose ? "" : ": " + thrown));
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
