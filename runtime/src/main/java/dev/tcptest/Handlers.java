package dev.tcptest;

import dev.tcptest.internal.Launch;
import dev.tcptest.internal.Lifetime;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The built-in {@link AcceptHandler}s. Each keeps no state between connections and can serve
 * any number of servers and connections at once.
 */
public final class Handlers {

    private static final int MIN_BUFFER = 512;
    private static final int MAX_BUFFER = 64 * 1024;

    private Handlers() {
    }

    /**
     * Writes back every byte it reads until the client shuts down its output, then closes. A
     * connection gets its thread when the client's first byte (or its close) arrives: until then
     * an idle connection costs a socket, not a thread, so thousands of them stay cheap.
     *
     * @return the echo handler
     */
    public static AcceptHandler echo() {
        return named("echo", Launch.ON_INPUT, connection -> {
            InputStream in = connection.input();
            OutputStream out = connection.output();
            // Start small so that thousands of idle connections stay cheap; grow while reads fill it.
            byte[] buffer = new byte[MIN_BUFFER];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                if (n == buffer.length && buffer.length < MAX_BUFFER) {
                    buffer = new byte[buffer.length * 2];
                }
            }
        });
    }

    /**
     * Reads and drops every byte until the client shuts down its output, then closes. Nothing is
     * ever written. Like {@link #echo()}, a connection gets its thread with the client's first byte.
     *
     * @return the discard handler
     */
    public static AcceptHandler discard() {
        return named("discard", Launch.ON_INPUT, connection -> {
            InputStream in = connection.input();
            byte[] buffer = new byte[8 * 1024];
            while (in.read(buffer) >= 0) {
                // Recorded by the connection; nothing to answer.
            }
        });
    }

    /**
     * Writes the text as UTF-8 at once, without reading anything, then closes gracefully: the
     * client reads every byte and then end of stream, even if it sent a request that was never
     * read.
     *
     * @param response the text to send, not null
     * @return the respond handler
     */
    public static AcceptHandler respond(String response) {
        Objects.requireNonNull(response, "respond(response): response must not be null; use \"\" to send nothing and close");
        return respond(response.getBytes(StandardCharsets.UTF_8), "respond(\"" + abbreviate(response) + "\")");
    }

    /**
     * Writes the bytes at once, without reading anything, then closes gracefully.
     *
     * @param response the bytes to send, not null; copied
     * @return the respond handler
     */
    public static AcceptHandler respond(byte[] response) {
        Objects.requireNonNull(response, "respond(response): response must not be null; use \"\" to send nothing and close");
        return respond(response.clone(), "respond(" + response.length + " bytes)");
    }

    private static AcceptHandler respond(byte[] bytes, String name) {
        return named(name, connection -> connection.output().write(bytes));
    }

    /**
     * Accepts, then closes at once (FIN): the client reads end of stream.
     *
     * @return the close handler
     */
    public static AcceptHandler close() {
        return named("close", Connection::close);
    }

    /**
     * Accepts, then resets at once (RST): the client's read or write fails with a connection
     * reset.
     *
     * @return the reset handler
     */
    public static AcceptHandler reset() {
        return named("reset", Connection::reset);
    }

    /**
     * Accepts and holds the connection open, reading nothing and writing nothing, until the
     * client or the server closes it. The client's writes pile up in the socket buffers and its
     * reads time out, as against a hung server. A client that closes (or resets) without having
     * sent anything ends the connection at once, recorded as {@link CloseReason#CLOSED} (or
     * {@link CloseReason#CLIENT_RESET}), so that it frees its place under
     * {@link TcpServer.Builder#maxConnections(int)} and a later connection's
     * {@link TcpServer#takeConnection} does not wait for it. Bytes the client sent stay unread, so
     * a close behind them cannot be seen: such a connection ends when the server stops. Held
     * connections have no thread, so holding thousands costs their sockets alone.
     *
     * @return the silent handler
     */
    public static AcceptHandler silent() {
        return named("silent", Launch.ON_STOP, connection -> {
            Lifetime.of(connection).awaitEnd();
        });
    }

    /**
     * Serves each connection with a chat script, parsed now: a syntax error is thrown by this
     * call, never later. See {@link Script} for the language.
     *
     * <pre>{@code
     * Handlers.script("""
     *         send "220 ready\\r\\n"
     *         expect line "HELO *"
     *         send "250 hello\\r\\n"
     *         """)
     * }</pre>
     *
     * @param text the script, not null; messages name it {@code script}, and an {@code include} is
     *     relative to the working directory
     * @return the parsed script, an {@link AcceptHandler}
     * @throws ScriptSyntaxException if the text is not a valid script, with line and column
     */
    public static Script script(String text) {
        return Script.parse(text);
    }

    /**
     * Serves each connection with the chat script in a UTF-8 file, read and parsed now.
     *
     * @param file the script file; messages name it as given, and an {@code include} is relative
     *     to its folder
     * @return the parsed script, an {@link AcceptHandler}
     * @throws ScriptSyntaxException if the file is not a valid script, with line and column
     * @throws java.io.UncheckedIOException if the file cannot be read, naming it
     */
    public static Script script(Path file) {
        return Script.parse(file);
    }

    /**
     * Serves each connection with the chat script in a UTF-8 resource, read and parsed now;
     * messages name it by its URL, and an {@code include} is relative to its folder.
     *
     * <pre>
     * Handlers.script(MyTest.class.getResource("/redis/main.chat"))
     * </pre>
     *
     * @param resource the script, such as a class path resource
     * @return the parsed script, an {@link AcceptHandler}
     * @throws ScriptSyntaxException if the resource is not a valid script, with file, line and column
     * @throws java.io.UncheckedIOException if the resource cannot be read or is not UTF-8
     */
    public static Script script(URL resource) {
        return Script.parse(null, resource);
    }

    /**
     * Forwards each connection to a real server: connects to the target for every accepted
     * client, copies both directions on their own threads, passes a half-close on as a
     * half-close and a reset as a reset. Both directions are recorded on the accepted connection.
     * Combine it with faults to put a bad network in front of a real server:
     *
     * <pre>{@code
     * Handlers.proxy("127.0.0.1", 6379).with(Faults.latency(Duration.ofMillis(50)))
     * }</pre>
     *
     * <p>If the target cannot be reached, the client is reset and the connection's
     * {@link RecordedConnection#error() error} is a {@link java.net.ConnectException} naming the
     * target. The host is resolved for each connection.
     *
     * @param host the target's host name or IP literal
     * @param port the target's port, 1 to 65535
     * @return the proxy handler
     */
    public static AcceptHandler proxy(String host, int port) {
        Objects.requireNonNull(host, "proxy(host, port): host must not be null; give the target's host name or IP address, e.g. \"127.0.0.1\"");
        if (host.isBlank()) {
            throw new IllegalArgumentException("proxy host must not be blank; use the target server's host, like 127.0.0.1");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("proxy port must be 1 to 65535, was " + port);
        }
        return new ProxyHandler(host.trim(), port);
    }

    private static String abbreviate(String text) {
        String shown = text.length() > 20 ? text.substring(0, 20) + "..." : text;
        return shown.replace("\r", "\\r").replace("\n", "\\n");
    }

    private static AcceptHandler named(String name, AcceptHandler handler) {
        return named(name, Launch.AT_ONCE, handler);
    }

    private static AcceptHandler named(String name, Launch launch, AcceptHandler handler) {
        return new NamedHandler(name, launch, handler);
    }

    /**
     * When the server may give a connection served by this handler its thread: later than the
     * accept only for the built-in handlers that wait for the client first.
     *
     * @param handler the server's handler
     * @return when its connections need a thread
     */
    static Launch launchOf(AcceptHandler handler) {
        return handler instanceof NamedHandler ? ((NamedHandler) handler).launch : Launch.AT_ONCE;
    }

    /** A built-in handler with a readable name for logs and summaries. */
    private static final class NamedHandler implements AcceptHandler {
        private final String name;
        private final Launch launch;
        private final AcceptHandler delegate;

        NamedHandler(String name, Launch launch, AcceptHandler delegate) {
            this.name = name;
            this.launch = launch;
            this.delegate = delegate;
        }

        @Override
        public void handle(Connection connection) throws Exception {
            delegate.handle(connection);
        }

        @Override
        public String toString() {
            return name;
        }
    }
}
