package dev.tcptest.remote;

/**
 * The error of a connection recorded by a server in another JVM, as the control endpoint
 * reported it: the original exception's class name and message, without its stack.
 *
 * <pre>{@code
 * RecordedConnection seen = servers.server("smtp").takeConnection(Duration.ofSeconds(5));
 * if (seen.error() instanceof RemoteError error) {
 *     assertEquals("java.net.SocketTimeoutException", error.type());
 * }
 * }</pre>
 */
public final class RemoteError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The original exception's class name. */
    private final String type;

    RemoteError(String type, String message) {
        // Its stack would be the client's, which says nothing about the server's error.
        super(message, null, false, false);
        this.type = type;
    }

    /** {@return the class name of the exception the server recorded, such as {@code java.io.IOException}} */
    public String type() {
        return type;
    }

    /** {@return {@code type: message}, or the type alone when there is no message, as {@link Throwable#toString()} writes a local one} */
    @Override
    public String toString() {
        String message = getLocalizedMessage();
        return message == null ? type : type + ": " + message;
    }
}
