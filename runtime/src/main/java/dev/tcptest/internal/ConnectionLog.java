package dev.tcptest.internal;

import dev.tcptest.RecordedConnection;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The connections a server keeps, in accept order: open ones as they are, finished ones as
 * their records. {@code take} hands each finished one out once, in accept order; past the
 * retention bounds the oldest finished ones are dropped, and counted.
 */
final class ConnectionLog {

    private static final System.Logger LOG = System.getLogger("dev.tcptest");

    private final int maxConnections;
    private final long maxBytes;
    private final int recordingLimit;
    private final Consumer<RecordedConnection> listener;
    // Every kept connection by id, in accept order: an open ServerConnection, or the record of a
    // finished one (which takes the open one's place, keeping its position).
    private final Map<Long, Object> kept = new LinkedHashMap<>();
    // The ids take() has not handed out yet, in accept order.
    private final Deque<Long> untaken = new ArrayDeque<>();
    private long keptBytes;
    private long dropped;
    private long handlerErrors;

    ConnectionLog(int maxConnections, long maxBytes, int recordingLimit, Consumer<RecordedConnection> listener) {
        this.maxConnections = maxConnections;
        this.maxBytes = maxBytes;
        this.recordingLimit = recordingLimit;
        this.listener = listener;
    }

    synchronized void opened(ServerConnection connection) {
        Long id = connection.id();
        kept.put(id, connection);
        untaken.addLast(id);
    }

    /** Stores a connection's final record, wakes a waiting take, and applies the bounds. */
    void finished(RecordedConnection record) {
        synchronized (this) {
            if (kept.get(record.id()) instanceof ServerConnection) {
                kept.put(record.id(), record);
                keptBytes += size(record);
            }
            if (record.isHandlerError()) {
                handlerErrors++;
            }
            trim();
            notifyAll();
        }
        if (listener != null) {
            try {
                listener.accept(record);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "tcptest: the listener of connection #" + record.id()
                        + " failed; the connection is recorded all the same", e);
            }
        }
    }

    private void trim() {
        Iterator<Object> oldestFirst = kept.values().iterator();
        while ((kept.size() > maxConnections || keptBytes > maxBytes) && oldestFirst.hasNext()) {
            if (!(oldestFirst.next() instanceof RecordedConnection record)) {
                continue;
            }
            oldestFirst.remove();
            keptBytes -= size(record);
            dropped++;
            Long id = record.id();
            if (id.equals(untaken.peekFirst())) {
                untaken.pollFirst();
            } else {
                untaken.remove(id);
            }
        }
    }

    // What a record holds: its bytes up to the recording limit, and about half a kilobyte besides.
    private long size(RecordedConnection record) {
        return Math.min(record.receivedCount(), recordingLimit) + Math.min(record.sentCount(), recordingLimit) + 512;
    }

    /**
     * The next finished connection in accept order, waiting for it at most timeoutNanos.
     *
     * @return the record, or null on timeout
     */
    synchronized RecordedConnection take(long timeoutNanos) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutNanos;
        while (untaken.isEmpty() || !(kept.get(untaken.peekFirst()) instanceof RecordedConnection)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            wait(left / 1_000_000, (int) (left % 1_000_000));
        }
        return (RecordedConnection) kept.get(untaken.pollFirst());
    }

    /** A snapshot: the kept connections in accept order, open ones as they are now. */
    List<RecordedConnection> snapshot(Function<ServerConnection, RecordedConnection> view) {
        List<Object> copy;
        synchronized (this) {
            copy = new ArrayList<>(kept.values());
        }
        List<RecordedConnection> result = new ArrayList<>(copy.size());
        for (Object item : copy) {
            result.add(item instanceof RecordedConnection record ? record : view.apply((ServerConnection) item));
        }
        return Collections.unmodifiableList(result);
    }

    /** Forgets the finished connections and their handler errors; open ones stay. */
    synchronized void clear() {
        kept.values().removeIf(item -> item instanceof RecordedConnection);
        untaken.removeIf(id -> !kept.containsKey(id));
        keptBytes = 0;
        handlerErrors = 0;
    }

    synchronized long dropped() {
        return dropped;
    }

    synchronized long handlerErrors() {
        return handlerErrors;
    }
}
