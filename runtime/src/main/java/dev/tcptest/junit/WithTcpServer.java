package dev.tcptest.junit;

import dev.tcptest.AcceptHandler;
import dev.tcptest.TcpServer;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Starts a real TCP server for a test class or a test method and stops it afterwards, also when
 * the test fails.
 *
 * <pre>{@code
 * @WithTcpServer(backlog = 1, handler = GreetingHandler.class)
 * class MyClientTest {
 *
 *     @Test
 *     void readsTheGreeting(TcpServer server) throws Exception {
 *         MyClient client = new MyClient(server.host(), server.port());
 *         assertEquals("hello", client.readGreeting());
 *     }
 * }
 * }</pre>
 *
 * <p>On a class, one server is started before the class's {@code @BeforeAll} methods (or before
 * its constructor, when a {@code PER_CLASS} instance takes the server) and stopped after its
 * {@code @AfterAll} methods; {@code @Nested} classes inside it share that server. On a method, each
 * run of the method gets a server of its own, stopped after the method's {@code @AfterEach}
 * methods. The annotation also works as a meta-annotation, for a team's own
 * {@code @SmtpServer}.
 *
 * <p>Parameters of type {@link TcpServer} of test methods, lifecycle methods and test
 * constructors receive the server. With several servers in reach, give each its own
 * {@link #id()} and choose with {@link ServerId}. A constructor receives the servers of its class
 * (and of enclosing classes), never those of a method.
 *
 * <p>When a test or a lifecycle method fails, the transcripts of the servers' connections are
 * attached to the failure as a suppressed exception, so a failed build shows what the server
 * received and sent.
 */
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@Repeatable(WithTcpServers.class)
@ExtendWith(WithTcpServerExtension.class)
public @interface WithTcpServer {

    /**
     * The server's id, which {@link ServerId} refers to; every server in reach of a test needs
     * its own.
     *
     * @return the id; {@code "default"} by default
     */
    String id() default "default";

    /**
     * The local address to bind: an IP literal or a host name.
     *
     * @return the address; loopback {@code 127.0.0.1} by default
     */
    String bindAddress() default "127.0.0.1";

    /**
     * The port to bind; 0 picks a free ephemeral port, which {@link TcpServer#port()} reports.
     *
     * @return the port, 0 to 65535; 0 by default
     */
    int port() default 0;

    /**
     * The listen(2) backlog: how many connections the kernel queues before they are accepted.
     *
     * @return 1 or more; 50 by default
     */
    int backlog() default 50;

    /**
     * What serves each accepted connection: a concrete class with a no-argument constructor
     * (which need not be public). One instance serves every connection of the server. Left at
     * {@code AcceptHandler.class}, the server echoes, or runs {@link #script()} when that is set.
     *
     * @return the handler class
     */
    Class<? extends AcceptHandler> handler() default AcceptHandler.class;

    /**
     * A chat script that serves each connection, as a classpath resource resolved from the root
     * of the class path, like {@link ClassLoader#getResource(String)} (a leading {@code /} is
     * allowed): {@code "smtp.chat"} is {@code src/test/resources/smtp.chat}. Not together with
     * {@link #handler()}.
     *
     * @return the resource name; empty (no script) by default
     */
    String script() default "";

    /**
     * Whether the server starts with accepting paused, as after
     * {@link TcpServer#pauseAccepting()}: clients' connects complete into the backlog queue only.
     *
     * @return true to start paused; false by default
     */
    boolean acceptPaused() default false;

    /**
     * Whether every connection speaks TLS from its first byte, presenting the JVM's throwaway
     * certificates, which the injected server's {@code certificates().clientContext()} trusts.
     * Without it, a script's {@code starttls} upgrades a connection with those same certificates.
     *
     * @return true for TLS from the first byte; false by default
     */
    boolean tls() default false;
}
