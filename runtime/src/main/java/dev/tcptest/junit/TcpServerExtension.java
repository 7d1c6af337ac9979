package dev.tcptest.junit;

import dev.tcptest.TcpServer;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestInstanceFactoryContext;
import org.junit.jupiter.api.extension.TestInstancePreConstructCallback;

/**
 * A server built in code, for {@code @RegisterExtension}: in a static field one server serves the
 * whole class (and its {@code @Nested} classes), in an instance field each test gets its own.
 *
 * <pre>{@code
 * class SmtpClientTest {
 *     @RegisterExtension
 *     static TcpServerExtension smtp = TcpServerExtension.of(TcpServer.builder()
 *             .handler(Handlers.respond("220 localhost ready\r\n")));
 *
 *     @Test
 *     void readsTheGreeting() throws Exception {
 *         SmtpClient client = new SmtpClient(smtp.server().host(), smtp.server().port());
 *         ...
 *     }
 * }
 * }</pre>
 *
 * <p>The server starts in {@code beforeAll} for a static field and in {@code beforeEach} for an
 * instance field; under {@code @TestInstance(PER_CLASS)} a static field's server starts before the
 * instance is created, so its constructor and field initializers can call {@link #server()}, and an
 * instance field lives as long as the class, so it gets one server for the class too. JUnit stops the server when its class or test
 * ends, also when the test fails. It is injected into {@link TcpServer} parameters like the
 * servers of {@link WithTcpServer}, under its id, and its connections' transcripts are attached
 * to failures.
 *
 * <p>The builder is used for every server this extension starts, so it should not be changed
 * afterwards.
 */
public final class TcpServerExtension implements BeforeAllCallback, BeforeEachCallback,
        TestInstancePreConstructCallback, ParameterResolver, TranscriptOnFailure {

    private final String id;
    private final TcpServer.Builder builder;
    /** The servers of this extension that are running now: one, unless classes share the field. */
    private final Set<TcpServer> running = ConcurrentHashMap.newKeySet();

    private TcpServerExtension(String id, TcpServer.Builder builder) {
        this.id = id;
        this.builder = builder;
    }

    /** The name a builder gives its server unless told otherwise. */
    private static final String UNNAMED = "default"; // TcpServer.Builder's default name

    /**
     * An extension that starts servers from the builder, with the id {@code "default"}. Its
     * servers are named after the id unless the builder names them.
     *
     * @param builder the configured builder, not null
     * @return the extension
     */
    public static TcpServerExtension of(TcpServer.Builder builder) {
        return of("default", builder);
    }

    /**
     * An extension that starts servers from the builder, with an id for {@link ServerId} when
     * several servers are in reach of a test.
     *
     * @param id a non-blank id, unique among the servers of a test
     * @param builder the configured builder, not null
     * @return the extension
     */
    public static TcpServerExtension of(String id, TcpServer.Builder builder) {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("TcpServerExtension id must not be blank, was "
                    + (id == null ? "null" : "'" + id + "'") + "; use a name such as \"smtp\"");
        }
        Objects.requireNonNull(builder, "builder must not be null; pass TcpServer.builder() with the settings");
        return new TcpServerExtension(id, builder);
    }

    /**
     * The id that {@link ServerId} refers to.
     *
     * @return the id
     */
    public String id() {
        return id;
    }

    /**
     * The running server.
     *
     * @return the server, started and listening
     * @throws IllegalStateException outside of the class or test the server belongs to, or when
     *     a static field is shared by classes running at the same time (then take the server as a
     *     {@link TcpServer} parameter)
     */
    public TcpServer server() {
        Object[] servers = running.toArray();
        if (servers.length == 1) {
            return (TcpServer) servers[0];
        }
        if (servers.length == 0) {
            throw new IllegalStateException("TcpServerExtension '" + id + "' has no running server: it starts in beforeAll "
                    + "for a static @RegisterExtension field and in beforeEach for an instance field, and stops when the "
                    + "class or test ends; call server() from a test or a lifecycle method, and make sure the field is "
                    + "annotated with @RegisterExtension");
        }
        throw new IllegalStateException("TcpServerExtension '" + id + "' has " + servers.length + " running servers, "
                + "since test classes that share this static field run at the same time; take the server as a TcpServer "
                + "parameter of the test method instead");
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        startUnlessInReach(Servers.classContext(context));
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        startUnlessInReach(context);
    }

    /**
     * Starts a static field's server before a {@code PER_CLASS} instance is created, which happens
     * before the {@code beforeAll} callbacks; only extensions registered by then, static fields,
     * are called. A {@code PER_METHOD} instance is created after {@code beforeAll}.
     */
    @Override
    public void preConstructTestInstance(TestInstanceFactoryContext factory, ExtensionContext context) {
        ExtensionContext classContext = Servers.classContext(context);
        if (classContext.getTestInstanceLifecycle().orElse(null) == TestInstance.Lifecycle.PER_CLASS) {
            startUnlessInReach(classContext);
        }
    }

    private void startUnlessInReach(ExtensionContext context) {
        Servers.scope(Servers.classContext(context));
        ServerScope scope = Servers.scope(context);
        for (ManagedServer managed : Servers.visible(context)) {
            if (managed.owner() == this) {
                return;
            }
        }
        Servers.register(context, scope, id, "TcpServerExtension '" + id + "'", this, () -> {
            synchronized (builder) {
                TcpServer server = builder.build();
                if (!UNNAMED.equals(server.name())) {
                    return server;
                }
                // Named after its id, as @WithTcpServer's are, so that its log lines and threads
                // tell it apart; the builder's own name(...) wins. The builder is left as it was.
                String given = server.name();
                try {
                    return builder.name(id).build();
                } finally {
                    builder.name(given);
                }
            }
        });
    }

    /** Called when the store closes the scope of a server of this extension. */
    void stopped(TcpServer server) {
        running.remove(server);
    }

    /** Called once a server of this extension is started and in its scope. */
    void started(TcpServer server) {
        running.add(server);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return Servers.claims(this, parameter, context);
    }

    @Override
    public TcpServer resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return Servers.resolve(parameter, context);
    }

    @Override
    public String toString() {
        return "TcpServerExtension[" + id + "]";
    }
}
