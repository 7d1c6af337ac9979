package dev.tcptest;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Collects what the servers log (through java.util.logging, the JDK's default) while open. */
final class LogCapture extends Handler implements AutoCloseable {

    private final Logger logger = Logger.getLogger("dev.tcptest");
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Level before = logger.getLevel();

    LogCapture() {
        logger.addHandler(this);
    }

    /** Captures down to {@code level}, such as {@link Level#FINE} for DEBUG, until closed. */
    LogCapture(Level level) {
        this();
        logger.setLevel(level);
    }

    /** @return the first record at WARNING, failing if there is none */
    LogRecord firstWarning() {
        return records.stream().filter(r -> r.getLevel() == Level.WARNING).findFirst()
                .orElseThrow(() -> new AssertionError("no warning was logged, only " + records));
    }

    /** @return the messages logged at WARNING so far */
    List<String> warnings() {
        return messages(Level.WARNING);
    }

    /** @return the messages logged at this level so far; DEBUG is {@link Level#FINE} */
    List<String> messages(Level level) {
        return records.stream().filter(r -> r.getLevel() == level).map(LogRecord::getMessage).toList();
    }

    @Override
    public void publish(LogRecord record) {
        records.add(record);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
        logger.setLevel(before);
    }
}
