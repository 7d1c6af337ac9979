package dev.tcptest;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Serves one accepted connection: what the server does between {@code accept()} and
 * {@code close()}.
 *
 * <p>The server calls {@link #handle(Connection)} once per accepted connection, on a thread of
 * that connection's own for as long as the method runs: a daemon platform thread from a pool
 * that the server's run owns and ends at its stop. When the method
 * returns, the server closes the connection gracefully: pending output is delivered, then FIN is
 * sent, and input the handler did not read is drained for a short, bounded time so that the
 * close does not turn into a reset that destroys the response. When the method throws, the error
 * is recorded on the connection ({@link RecordedConnection#error()}) and logged, and the server
 * keeps serving.
 *
 * <p>A handler may be shared by every connection of a server, so it should keep no state between
 * connections unless it says so. A pooled thread goes on to serve later connections: it gets its
 * name and context class loader back after each one, but thread-local values a handler sets stay
 * unless it removes them. {@link Handlers} has the built-in ones.
 *
 * <pre>{@code
 * AcceptHandler greeter = connection -> {
 *     connection.output().write("hello\r\n".getBytes(StandardCharsets.US_ASCII));
 * };
 * }</pre>
 */
@FunctionalInterface
public interface AcceptHandler {

    /**
     * Serves one connection; the server closes it gracefully when this returns.
     *
     * @param connection the accepted connection, never null
     * @throws Exception any failure, recorded on the connection; the server keeps serving
     */
    void handle(Connection connection) throws Exception;

    /**
     * This handler behind a misbehaving network: each connection is served through the faults,
     * the first nearest this handler, the last nearest the client. {@code h.with(a, b)} equals
     * {@code h.with(a).with(b)}.
     *
     * <pre>{@code
     * server = TcpServer.builder()
     *         .handler(Handlers.echo().with(Faults.latency(Duration.ofMillis(50)), Faults.resetAfter(1024)))
     *         .start();
     * }</pre>
     *
     * @param faults the faults, none null; none gives this handler
     * @return the decorated handler
     */
    default AcceptHandler with(Fault... faults) {
        Objects.requireNonNull(faults, "with(faults): faults must not be null; pass faults from Faults, e.g. Faults.latency(Duration.ofMillis(50))");
        return with(Arrays.asList(faults));
    }

    /**
     * This handler behind a list of faults, such as {@link Faults#parse(String)} returns.
     *
     * @param faults the faults, none null; empty gives this handler
     * @return the decorated handler
     * @see #with(Fault...)
     */
    default AcceptHandler with(List<Fault> faults) {
        return FaultedHandler.of(this, faults);
    }
}
