package dev.tcptest.maven;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.lang.reflect.Field;
import java.util.List;
import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.plugin.descriptor.MojoDescriptor;
import org.codehaus.plexus.util.xml.Xpp3DomBuilder;
import org.junit.jupiter.api.Test;

/**
 * An element whose {@code ${...}} Maven evaluated to nothing, caught by comparing what the POM
 * wrote (the execution's configuration, as Maven hands it to the goal) with what was injected.
 */
class WrittenConfigurationTest {

    @Test
    void aProxyTargetNamingTheAddressOfAServerOfTheSameExecutionFails() throws Exception {
        WrittenConfiguration written = written("<configuration><servers>"
                + "<server><id>echo</id></server>"
                + "<server><id>p</id><proxyTarget>${tcptest.echo.address}</proxyTarget></server>"
                + "</servers></configuration>");
        // Maven injected nothing for the expression: p looks like an echo server.
        List<Server> injected = List.of(server("echo"), server("p"));
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> written.checkServers(injected, "start-server"));
        assertEquals("tcptest server 'p', <proxyTarget>${tcptest.echo.address}</proxyTarget>: tcptest.echo.address is not set"
                + " yet, so Maven passes nothing for <proxyTarget>, as if the element were not there. start-server sets it once"
                + " it has started server 'echo', and Maven reads an execution's whole configuration before it runs (server"
                + " 'echo' is in this same execution): start server 'echo' in one <execution> of start-server, and move the"
                + " server that needs its address into a second <execution> declared after it", e.getMessage());
    }

    @Test
    void anUnsetPropertyOfTheProjectNamesTheProperty() throws Exception {
        WrittenConfiguration written = written("<configuration><servers>"
                + "<server><id>smtp</id><script>${chat.file}</script></server></servers></configuration>");
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> written.checkServers(List.of(server("smtp")), "start-server"));
        assertEquals("tcptest server 'smtp', <script>${chat.file}</script>: the property chat.file is not set, so Maven passes"
                + " nothing for <script>, as if the element were not there; set it in the POM's <properties> or with"
                + " -Dchat.file=..., or leave <script> out", e.getMessage());
    }

    @Test
    void tcptestRunIsToldToGiveTheValueItself() throws Exception {
        WrittenConfiguration written = written("<configuration><servers>"
                + "<server><id>p</id><response>${tcptest.banner.port}</response></server></servers></configuration>");
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> written.checkServers(List.of(server("p")), "run"));
        assertTrue(e.getMessage().contains("tcptest:run starts its servers without it, all at once"), e.getMessage());
    }

    @Test
    void evaluatedValuesAndTheShorthandsOwnDefaultsPass() throws Exception {
        WrittenConfiguration written = written("<configuration>"
                + "<port implementation=\"java.lang.Integer\">${tcptest.port}</port>"
                + "<servers><server><id>p</id><proxyTarget>${tcptest.echo.address}</proxyTarget></server></servers>"
                + "</configuration>");
        Server proxy = server("p");
        set(proxy, "proxyTarget", "127.0.0.1:4000");
        assertDoesNotThrow(() -> written.checkServers(List.of(proxy), "start-server"));
        assertDoesNotThrow(() -> written.checkShorthand(new Server(), "run"));
        assertDoesNotThrow(() -> WrittenConfiguration.of(null).checkServers(List.of(server("p")), "run"));
    }

    @Test
    void aShorthandParameterWrittenWithAnUnsetPropertyFails() throws Exception {
        WrittenConfiguration written = written("<configuration><proxyTarget>${redis.address}</proxyTarget></configuration>");
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> written.checkShorthand(new Server(), "run"));
        assertTrue(e.getMessage().startsWith("tcptest server 'default' (the single-server parameters),"
                + " <proxyTarget>${redis.address}</proxyTarget>: the property redis.address is not set"), e.getMessage());
    }

    @Test
    void anIdFromAnUnsetPropertyIsNamedAsWritten() throws Exception {
        WrittenConfiguration written = written("<configuration><servers><server><id>${db.name}</id></server></servers></configuration>");
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> written.checkServers(List.of(new Server()), "run"));
        assertTrue(e.getMessage().startsWith("tcptest server <id>${db.name}</id>: the property db.name is not set"), e.getMessage());
    }

    private static WrittenConfiguration written(String xml) throws Exception {
        MojoExecution execution = new MojoExecution(new MojoDescriptor(), "default");
        execution.setConfiguration(Xpp3DomBuilder.build(new StringReader(xml)));
        return WrittenConfiguration.of(execution);
    }

    private static Server server(String id) throws Exception {
        Server server = new Server();
        set(server, "id", id);
        return server;
    }

    private static void set(Server server, String element, Object value) throws Exception {
        Field field = Server.class.getDeclaredField(element);
        field.setAccessible(true);
        field.set(server, value);
    }
}
