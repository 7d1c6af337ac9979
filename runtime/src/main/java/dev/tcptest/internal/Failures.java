package dev.tcptest.internal;

import dev.tcptest.CloseReason;
import dev.tcptest.internal.script.ScriptFailure;
import java.io.IOException;
import java.net.SocketTimeoutException;

/** What a handler's exception means for its connection, and how loudly it is logged. */
final class Failures {

    private static final System.Logger LOG = System.getLogger("dev.tcptest");

    private Failures() {
    }

    static void record(String server, ServerConnection connection, Throwable e, int readTimeoutMillis) {
        CloseReason before = connection.reason();
        boolean endedFirst = before == CloseReason.SERVER_STOPPED || before == CloseReason.SERVER_ABORTED
                || before == CloseReason.TLS_HANDSHAKE_FAILED;
        if (endedFirst && (e instanceof IOException || e instanceof InterruptedException || e instanceof ScriptFailure)) {
            // The stop (or the client's failed handshake, recorded with its error) ended the connection
            // under the handler: what it then met follows from that, and is not the handler's error.
            LOG.log(System.Logger.Level.DEBUG, () -> prefix(server, connection) + " ended (" + before + "): " + e);
            return;
        }
        connection.fail(e);
        CloseReason reason = connection.reason();
        String from = prefix(server, connection) + " from " + Addresses.format(connection.remoteAddress());
        if (reason == CloseReason.SERVER_STOPPED || reason == CloseReason.SERVER_ABORTED
                || reason == CloseReason.CLIENT_RESET) {
            LOG.log(System.Logger.Level.DEBUG, () -> prefix(server, connection) + " ended (" + reason + "): " + e);
        } else if (reason == CloseReason.READ_TIMEOUT) {
            LOG.log(System.Logger.Level.WARNING, from + " ended: the client sent nothing for the read timeout of "
                    + readTimeoutMillis + " ms");
        } else if (e instanceof ScriptFailure) {
            LOG.log(System.Logger.Level.WARNING, from + ": " + e.getMessage());
        } else {
            LOG.log(System.Logger.Level.WARNING, "tcptest server '" + server + "': handler failed on connection #"
                    + connection.id() + " from " + Addresses.format(connection.remoteAddress()), e);
        }
    }

    /** The close reason an exception implies: a read timeout, the client gone, or the handler's error. */
    static CloseReason reasonOf(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof SocketTimeoutException) {
                return CloseReason.READ_TIMEOUT;
            }
            if (SocketErrors.clientLeft(t)) {
                return CloseReason.CLIENT_RESET;
            }
        }
        return CloseReason.HANDLER_ERROR;
    }

    private static String prefix(String server, ServerConnection connection) {
        return "tcptest server '" + server + "': connection #" + connection.id();
    }
}
