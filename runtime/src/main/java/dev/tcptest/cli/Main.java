package dev.tcptest.cli;

import dev.tcptest.TcpServer;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Level;
import java.util.logging.Logger;

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
        int code = run(args, System.out, System.err, stop);
        stopped.countDown();
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
        TcpServer server;
        String handlerName;
        try {
            CommandLine line = CommandLine.parse(args);
            if (line.help) {
                out.print(CommandLine.USAGE);
                return 0;
            }
            Logger.getLogger("dev.tcptest").setLevel(line.verbose ? Level.FINE : Level.WARNING);
            handlerName = line.handlerName();
            server = line.toBuilder().build();
            try {
                server.start();
            } catch (UncheckedIOException e) {
                err.println("tcptest: " + e.getMessage());
                return 1;
            }
            out.println("tcptest: " + handlerName + " server listening on " + server.host() + ":" + server.port()
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
}
