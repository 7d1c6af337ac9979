package dev.tcptest;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Keeps the servers' log lines of this project's own tests off the console, and prints them
 * with a test that fails: many tests provoke handler errors on purpose, and a passing run
 * prints nothing. Registered for every test through the JUnit's extension autodetection.
 */
public final class QuietLogs implements BeforeEachCallback, TestWatcher {

    private static final Logger LOGGER = Logger.getLogger("dev.tcptest");
    private static final Buffer BUFFER = new Buffer();

    static {
        LOGGER.addHandler(BUFFER);
        LOGGER.setUseParentHandlers(false);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        BUFFER.clear();
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        List<String> lines = BUFFER.lines();
        if (!lines.isEmpty()) {
            System.err.println("tcptest log of the failed test " + context.getDisplayName() + ":");
            lines.forEach(System.err::print);
        }
    }

    /** The records since the current test began, formatted as the console would show them. */
    private static final class Buffer extends Handler {
        private final SimpleFormatter formatter = new SimpleFormatter();
        private final List<String> lines = new ArrayList<>();

        @Override
        public synchronized void publish(LogRecord record) {
            if (isLoggable(record)) {
                lines.add(formatter.format(record));
            }
        }

        synchronized void clear() {
            lines.clear();
        }

        synchronized List<String> lines() {
            return List.copyOf(lines);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
