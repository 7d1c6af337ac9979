package dev.tcptest.junit;

import dev.tcptest.TcpServer;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Chooses which server a {@link TcpServer} parameter receives when several are in reach.
 *
 * <pre>{@code
 * @WithTcpServer(id = "primary")
 * @WithTcpServer(id = "replica", handler = ReadOnlyHandler.class)
 * class FailoverTest {
 *     @Test
 *     void failsOver(@ServerId("primary") TcpServer primary, @ServerId("replica") TcpServer replica) { ... }
 * }
 * }</pre>
 *
 * <p>The id is that of a {@link WithTcpServer#id()} or of a
 * {@link TcpServerExtension#of(String, TcpServer.Builder)}. An id that names no server in reach
 * fails the test with a message that lists the servers there are.
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
// So that a parameter whose server was never declared, or is not running yet, is answered with
// the fix instead of JUnit's "No ParameterResolver registered".
@ExtendWith(WithTcpServerExtension.class)
public @interface ServerId {

    /**
     * The id of the server to inject.
     *
     * @return the server id
     */
    String value();
}
