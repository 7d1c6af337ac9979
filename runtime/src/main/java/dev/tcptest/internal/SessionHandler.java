package dev.tcptest.internal;

/** What the engine runs for each accepted session, on the session's own thread. */
@FunctionalInterface
public interface SessionHandler {

    /**
     * Serves one session; the engine closes it gracefully when this returns.
     *
     * @param session the accepted session
     * @throws Exception recorded on the session
     */
    void handle(Session session) throws Exception;
}
