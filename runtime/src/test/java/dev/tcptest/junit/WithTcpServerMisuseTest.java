package dev.tcptest.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcptest.AcceptHandler;
import dev.tcptest.Connection;
import dev.tcptest.TcpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/** Misuse fails with a message that names the annotation, the element and the fix. */
class WithTcpServerMisuseTest {

    private static String classFailure(Class<?> subject) {
        EngineExecutionResults results = TestKit.run(subject);
        return TestKit.onlyFailure(results, ExtensionConfigurationException.class).getMessage();
    }

    private static String parameterFailure(Class<?> subject) {
        EngineExecutionResults results = TestKit.run(subject);
        return TestKit.onlyFailure(results, ParameterResolutionException.class).getMessage();
    }

    @Test
    void aHandlerWithoutANoArgumentConstructor() {
        assertEquals("@WithTcpServer handler [" + NeedsGreeting.class.getName() + "] on class HandlerWithArguments must "
                + "have a no-argument constructor; add one, or pass a handler that needs arguments in code with "
                + "TcpServerExtension.of(TcpServer.builder().handler(...))", classFailure(HandlerWithArguments.class));
    }

    static final class NeedsGreeting implements AcceptHandler {
        private final String greeting;

        NeedsGreeting(String greeting) {
            this.greeting = greeting;
        }

        @Override
        public void handle(Connection connection) throws Exception {
            connection.output().write(greeting.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }
    }

    @Subject
    @WithTcpServer(handler = NeedsGreeting.class)
    static class HandlerWithArguments {
        @Test
        void test() {
        }
    }

    @Test
    void anAbstractOrInnerOrFailingHandler() {
        assertEquals("@WithTcpServer handler [" + AbstractHandler.class.getName() + "] on class AbstractHandlerUser must "
                + "be a concrete class with a no-argument constructor, not an interface or an abstract class",
                classFailure(AbstractHandlerUser.class));
        assertEquals("@WithTcpServer handler [" + InnerHandler.class.getName() + "] on method InnerHandlerUser.test() must "
                + "be a top-level or static nested class with a no-argument constructor; an inner class needs an instance "
                + "of WithTcpServerMisuseTest, so declare it static",
                TestKit.onlyFailure(TestKit.run(InnerHandlerUser.class), ExtensionConfigurationException.class).getMessage());
        EngineExecutionResults results = TestKit.run(FailingHandlerUser.class);
        ExtensionConfigurationException failure = TestKit.onlyFailure(results, ExtensionConfigurationException.class);
        assertEquals("@WithTcpServer handler [" + FailingHandler.class.getName() + "] on class FailingHandlerUser could not "
                + "be created: its constructor threw java.lang.IllegalStateException: no configuration", failure.getMessage());
        assertInstanceOf(IllegalStateException.class, failure.getCause());
    }

    @Test
    void anEnumHandlerIsToldHowToPassItsConstant() {
        assertEquals("@WithTcpServer handler [" + SingletonHandler.class.getName() + "] on class EnumHandlerUser is an "
                + "enum, and the extension creates its handler with a no-argument constructor, which an enum cannot have; "
                + "pass the constant in code with TcpServerExtension.of(TcpServer.builder().handler(SingletonHandler.INSTANCE)), "
                + "or make the handler a class", classFailure(EnumHandlerUser.class));
    }

    enum SingletonHandler implements AcceptHandler {
        INSTANCE;

        @Override
        public void handle(Connection connection) {
        }
    }

    @Subject
    @WithTcpServer(handler = SingletonHandler.class)
    static class EnumHandlerUser {
        @Test
        void test() {
        }
    }

    @Test
    void aHandlerWhoseStaticInitializerFailsNamesTheDeclaration() {
        assertEquals("@WithTcpServer handler [" + UnconfiguredHandler.class.getName() + "] on class UnconfiguredHandlerUser "
                + "could not be created: its static initializer threw java.lang.IllegalStateException: no smtp.properties "
                + "on the class path; fix the initializer", classFailure(UnconfiguredHandlerUser.class));
        // The JVM initializes a class once: a later user gets NoClassDefFoundError instead, named just as well.
        String again = classFailure(UnconfiguredHandlerUser.class);
        assertTrue(again.startsWith("@WithTcpServer handler [" + UnconfiguredHandler.class.getName() + "] on class "
                + "UnconfiguredHandlerUser could not be loaded: java.lang.NoClassDefFoundError: "), again);
    }

    static final class UnconfiguredHandler implements AcceptHandler {
        private static final String GREETING = load();

        private static String load() {
            throw new IllegalStateException("no smtp.properties on the class path");
        }

        @Override
        public void handle(Connection connection) throws Exception {
            connection.output().write(GREETING.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }
    }

    @Subject
    @WithTcpServer(handler = UnconfiguredHandler.class)
    static class UnconfiguredHandlerUser {
        @Test
        void test() {
        }
    }

    abstract static class AbstractHandler implements AcceptHandler {
    }

    final class InnerHandler implements AcceptHandler {
        @Override
        public void handle(Connection connection) {
        }
    }

    static final class FailingHandler implements AcceptHandler {
        FailingHandler() {
            throw new IllegalStateException("no configuration");
        }

        @Override
        public void handle(Connection connection) {
        }
    }

    @Subject
    @WithTcpServer(handler = AbstractHandler.class)
    static class AbstractHandlerUser {
        @Test
        void test() {
        }
    }

    @Subject
    static class InnerHandlerUser {
        @Test
        @WithTcpServer(handler = InnerHandler.class)
        void test() {
        }
    }

    @Subject
    @WithTcpServer(handler = FailingHandler.class)
    static class FailingHandlerUser {
        @Test
        void test() {
        }
    }

    @Test
    void badValuesNameTheElementAndTheValue() {
        assertEquals("@WithTcpServer backlog = 0 on class ZeroBacklog is invalid: backlog must be at least 1, was 0 (the JDK "
                + "would silently use 50 for 0); use backlog = 1 for the smallest queue", classFailure(ZeroBacklog.class));
        assertEquals("@WithTcpServer port = 70000 on class PortTooLarge is invalid: port must be between 0 and 65535, was "
                + "70000; use port = 0 for a free port", classFailure(PortTooLarge.class));
        String unresolvable = classFailure(UnresolvableAddress.class);
        assertTrue(unresolvable.startsWith("@WithTcpServer bindAddress = \"no-such-host.invalid\" on class "
                + "UnresolvableAddress is invalid: bindAddress 'no-such-host.invalid' cannot be resolved"), unresolvable);
        assertEquals("@WithTcpServer on class HandlerAndScript sets both handler [" + NeedsGreeting.class.getName()
                + "] and script \"junit-greeting.chat\"; set only one of them", classFailure(HandlerAndScript.class));
        assertEquals("@WithTcpServer id = \" \" on class BlankId is invalid: an id must not be blank; leave id out for "
                + "\"default\" or name the server, such as id = \"smtp\"", classFailure(BlankId.class));
    }

    @Subject
    @WithTcpServer(id = " ")
    static class BlankId {
        @Test
        void test() {
        }
    }

    @Subject
    @WithTcpServer(backlog = 0)
    static class ZeroBacklog {
        @Test
        void test() {
        }
    }

    @Subject
    @WithTcpServer(port = 70000)
    static class PortTooLarge {
        @Test
        void test() {
        }
    }

    @Subject
    @WithTcpServer(bindAddress = "no-such-host.invalid")
    static class UnresolvableAddress {
        @Test
        void test() {
        }
    }

    @Subject
    @WithTcpServer(handler = NeedsGreeting.class, script = "junit-greeting.chat")
    static class HandlerAndScript {
        @Test
        void test() {
        }
    }

    @Test
    void aPortInUseNamesTheDeclaration() {
        // Both servers ask for the same fixed port (outside the ephemeral range): the second one
        // cannot bind, or, if another program holds the port, already the first one cannot.
        String message = TestKit.onlyFailure(TestKit.run(BindsTwice.class), ExtensionConfigurationException.class)
                .getMessage();
        assertTrue(message.matches("(?s)@WithTcpServer\\(id = \"(first\"\\) on class BindsTwice|second\"\\) on method "
                + "BindsTwice\\.test\\(\\)) could not start: .*" + BindsTwice.PORT + ".*"), message);
        // The fix is given in the annotation's terms.
        assertTrue(message.contains("; use port = 0 for a free port, or stop what listens there"), message);
    }

    @Subject
    @WithTcpServer(id = "first", port = BindsTwice.PORT)
    static class BindsTwice {
        static final int PORT = 20613;

        @Test
        @WithTcpServer(id = "second", port = BindsTwice.PORT)
        void test() {
        }
    }

    @Test
    void aMissingScriptResourceNamesTheElementAndWhereToPutIt() {
        assertEquals("@WithTcpServer script = \"/no/such.chat\" on class MissingScript: no such resource on the class path; "
                + "put the file under src/test/resources/no/such.chat (the name is resolved from the class path root, not "
                + "from the test's package)", classFailure(MissingScript.class));
    }

    @Test
    void aScriptThatNamesADirectorySaysSo() {
        // The test classes' own package directory is on the class path in every build.
        assertEquals("@WithTcpServer script = \"dev/tcptest/junit\" on class DirectoryScript: "
                + DirectoryScript.class.getClassLoader().getResource("dev/tcptest/junit") + " is a directory; name the "
                + "chat script in it, such as script = \"dev/tcptest/junit/smtp.chat\"", classFailure(DirectoryScript.class));
    }

    @Subject
    @WithTcpServer(script = "dev/tcptest/junit")
    static class DirectoryScript {
        @Test
        void test() {
        }
    }

    @Subject
    @WithTcpServer(script = "/no/such.chat")
    static class MissingScript {
        @Test
        void test() {
        }
    }

    @Test
    void severalServersWithoutServerIdAreAmbiguous() {
        assertEquals("@WithTcpServer: parameter 0 [TcpServer] of method TwoServers.test(TcpServer) is ambiguous, since "
                + "several servers are in reach: 'smtp' (@WithTcpServer(id = \"smtp\") on class TwoServers), 'pop3' "
                + "(@WithTcpServer(id = \"pop3\") on class TwoServers); choose one with @ServerId, such as "
                + "@ServerId(\"smtp\") TcpServer server", parameterFailure(TwoServers.class));
    }

    @Subject
    @WithTcpServer(id = "smtp")
    @WithTcpServer(id = "pop3")
    static class TwoServers {
        @Test
        void test(TcpServer server) {
        }
    }

    @Test
    void anUnknownIdListsTheServersInReach() {
        assertEquals("@ServerId(\"imap\") on parameter 1 [TcpServer] of method UnknownId.test(TcpServer, TcpServer) names "
                + "no server in reach: there is only 'smtp' (@WithTcpServer(id = \"smtp\") on class UnknownId); use one of "
                + "their ids or declare @WithTcpServer(id = \"imap\")", parameterFailure(UnknownId.class));
    }

    @Subject
    @WithTcpServer(id = "smtp")
    static class UnknownId {
        @Test
        void test(@ServerId("smtp") TcpServer smtp, @ServerId("imap") TcpServer imap) {
        }
    }

    @Test
    void aDuplicateIdNamesBothDeclarations() {
        assertEquals("tcptest server id 'default' is used twice: by @WithTcpServer on class ClassAndMethod and by "
                + "@WithTcpServer on method ClassAndMethod.test(); give each server its own id, such as "
                + "@WithTcpServer(id = \"default2\") or TcpServerExtension.of(\"default2\", builder)",
                TestKit.onlyFailure(TestKit.run(ClassAndMethod.class), ExtensionConfigurationException.class).getMessage());
        assertEquals("tcptest server id 'x' is used twice: by @WithTcpServer(id = \"x\") on class SameIdTwice and by "
                + "@WithTcpServer(id = \"x\") on class SameIdTwice; give each server its own id, such as "
                + "@WithTcpServer(id = \"x2\") or TcpServerExtension.of(\"x2\", builder)", classFailure(SameIdTwice.class));
        String withExtension = classFailure(AnnotationAndExtension.class);
        assertTrue(withExtension.startsWith("tcptest server id 'default' is used twice: by "), withExtension);
        assertTrue(withExtension.contains("@WithTcpServer on class AnnotationAndExtension"), withExtension);
        assertTrue(withExtension.contains("TcpServerExtension 'default'"), withExtension);
    }

    @Test
    void aDuplicateIdNamesTheClassOrComposedAnnotationThatDeclaresEachServer() {
        assertEquals("tcptest server id 'smtp' is used twice: by @WithTcpServer(id = \"smtp\") on class SmtpTestBase and by "
                + "@WithTcpServer(id = \"smtp\") on class RedeclaresTheBaseServer; give each server its own id, such as "
                + "@WithTcpServer(id = \"smtp2\") or TcpServerExtension.of(\"smtp2\", builder)",
                classFailure(RedeclaresTheBaseServer.class));
        assertEquals("tcptest server id 'smtp' is used twice: by @WithTcpServer(id = \"smtp\") on class "
                + "ComposedAndDirect (through @SmtpServer) and by @WithTcpServer(id = \"smtp\") on class ComposedAndDirect; "
                + "give each server its own id, such as @WithTcpServer(id = \"smtp2\") or "
                + "TcpServerExtension.of(\"smtp2\", builder)", classFailure(ComposedAndDirect.class));
    }

    @WithTcpServer(id = "smtp")
    abstract static class SmtpTestBase {
    }

    @Subject
    @WithTcpServer(id = "smtp", backlog = 5)
    static class RedeclaresTheBaseServer extends SmtpTestBase {
        @Test
        void test() {
        }
    }

    @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
    @java.lang.annotation.Target(java.lang.annotation.ElementType.TYPE)
    @WithTcpServer(id = "smtp", script = "junit-greeting.chat")
    @interface SmtpServer {
    }

    @Subject
    @SmtpServer
    @WithTcpServer(id = "smtp")
    static class ComposedAndDirect {
        @Test
        void test() {
        }
    }

    @Subject
    @WithTcpServer
    static class ClassAndMethod {
        @Test
        @WithTcpServer
        void test() {
        }
    }

    @Subject
    @WithTcpServer(id = "x")
    @WithTcpServer(id = "x")
    static class SameIdTwice {
        @Test
        void test() {
        }
    }

    @Subject
    @WithTcpServer
    static class AnnotationAndExtension {
        @RegisterExtension
        static TcpServerExtension server = TcpServerExtension.of(TcpServer.builder());

        @Test
        void test() {
        }
    }

    @Test
    void serverIdOnAnotherTypeAndNoServerInReach() {
        assertEquals("@ServerId(\"smtp\") is only for parameters of type TcpServer, but parameter 0 [String] of method "
                + "WrongType.test(String) is of type java.lang.String; remove @ServerId or change the type to TcpServer",
                parameterFailure(WrongType.class));
        assertEquals("No tcptest server is in reach of parameter 0 [TcpServer] of constructor ConstructorOfMethodServer"
                + "(TcpServer): annotate the test class or method with @WithTcpServer, or register a TcpServerExtension "
                + "(a constructor receives only the servers of its class and enclosing classes, not those of a method, nor "
                + "that of a TcpServerExtension in an instance field, which starts after the instance is created; make the "
                + "field static)", parameterFailure(ConstructorOfMethodServer.class));
    }

    @Test
    void serverIdWithoutAnyServerDeclaredNamesTheFix() {
        assertEquals("@ServerId(\"smtp\") on parameter 0 [TcpServer] of method NoServerAnywhere.test(TcpServer) names no "
                + "server in reach, since there is none; declare @WithTcpServer(id = \"smtp\") on the test class or method, "
                + "or register TcpServerExtension.of(\"smtp\", builder)", parameterFailure(NoServerAnywhere.class));
        assertEquals("@ServerId(\"smtp\") on parameter 0 [TcpServer] of constructor InstanceFieldInConstructor(TcpServer) "
                + "names no server in reach, since there is none; declare @WithTcpServer(id = \"smtp\") on the test class or "
                + "method, or register TcpServerExtension.of(\"smtp\", builder) (a constructor receives only the servers of "
                + "its class and enclosing classes, not those of a method, nor that of a TcpServerExtension in an instance "
                + "field, which starts after the instance is created; make the field static)",
                parameterFailure(InstanceFieldInConstructor.class));
    }

    @Subject
    static class NoServerAnywhere {
        @Test
        void test(@ServerId("smtp") TcpServer server) {
        }
    }

    @Subject
    static class InstanceFieldInConstructor {
        @RegisterExtension
        TcpServerExtension smtp = TcpServerExtension.of("smtp", TcpServer.builder());

        InstanceFieldInConstructor(@ServerId("smtp") TcpServer server) {
        }

        @Test
        void test() {
        }
    }

    @Subject
    @WithTcpServer(id = "smtp")
    static class WrongType {
        @Test
        void test(@ServerId("smtp") String server) {
        }
    }

    @Subject
    static class ConstructorOfMethodServer {
        ConstructorOfMethodServer(TcpServer server) {
        }

        @Test
        @WithTcpServer
        void test() {
        }
    }
}
