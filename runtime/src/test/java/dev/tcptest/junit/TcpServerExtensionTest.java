package dev.tcptest.junit;

import static dev.tcptest.junit.Client.assertEchoes;
import static dev.tcptest.junit.Client.exchange;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcptest.Handlers;
import dev.tcptest.TcpServer;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Servers built in code with {@code @RegisterExtension}: static per class, instance per test. */
class TcpServerExtensionTest {

    @Test
    void aStaticFieldServesTheWholeClassIncludingNestedClasses() {
        TestKit.assertAllPassed(TestKit.run(StaticField.class), 3);

        List<TcpServer> seen = Seen.get("static");
        assertEquals(4, seen.size(), "@BeforeAll and three tests");
        seen.forEach(server -> assertSame(seen.get(0), server));
        assertFalse(seen.get(0).isRunning());
        IllegalStateException outside = assertThrows(IllegalStateException.class, StaticField.greeter::server);
        assertTrue(outside.getMessage().startsWith("TcpServerExtension 'default' has no running server: it starts in "
                + "beforeAll for a static @RegisterExtension field"), outside.getMessage());
    }

    @Subject
    static class StaticField {
        @RegisterExtension
        static TcpServerExtension greeter = TcpServerExtension.of(TcpServer.builder().handler(Handlers.respond("hello\n")));

        @BeforeAll
        static void beforeAll() {
            assertTrue(Seen.add("static", greeter.server()).isRunning());
        }

        @Test
        void injected(TcpServer server) throws IOException {
            assertSame(greeter.server(), Seen.add("static", server));
            assertEquals("hello\n", exchange(server, ""));
        }

        @Test
        void fromTheField() throws IOException {
            assertEquals("hello\n", exchange(Seen.add("static", greeter.server()), ""));
        }

        @Nested
        class Inner {
            @Test
            void shares(TcpServer server) throws IOException {
                assertSame(greeter.server(), Seen.add("static", server));
                assertEquals("hello\n", exchange(server, ""));
            }
        }
    }

    @Test
    void itsServersAreNamedAfterTheIdUnlessTheBuilderNamesThem() {
        TestKit.assertAllPassed(TestKit.run(Named.class), 1);

        List<TcpServer> seen = Seen.get("named");
        assertEquals("default", seen.get(0).name());
        assertEquals("smtp", seen.get(1).name());
        assertEquals("mine", seen.get(2).name());
        assertEquals("default", Named.builder.build().name(), "the builder is left as it was");
    }

    @Subject
    static class Named {
        static final TcpServer.Builder builder = TcpServer.builder();

        @RegisterExtension
        static TcpServerExtension unnamed = TcpServerExtension.of(TcpServer.builder());

        @RegisterExtension
        static TcpServerExtension smtp = TcpServerExtension.of("smtp", builder);

        @RegisterExtension
        static TcpServerExtension mine = TcpServerExtension.of("other", TcpServer.builder().name("mine"));

        @Test
        void seen() {
            Seen.add("named", unnamed.server());
            Seen.add("named", smtp.server());
            Seen.add("named", mine.server());
        }
    }

    @Test
    void anInstanceFieldStartsAServerForEachTest() {
        TestKit.assertAllPassed(TestKit.run(InstanceField.class), 3);

        List<TcpServer> seen = Seen.get("instance");
        assertEquals(6, seen.size(), "@BeforeEach and test of three tests");
        assertSame(seen.get(0), seen.get(1));
        assertSame(seen.get(2), seen.get(3));
        assertSame(seen.get(4), seen.get(5));
        assertEquals(3, new HashSet<>(seen).size(), "a server for each test");
        seen.forEach(server -> assertFalse(server.isRunning()));
    }

    @Subject
    static class InstanceField {
        @RegisterExtension
        TcpServerExtension echo = TcpServerExtension.of(TcpServer.builder().backlog(5));

        @BeforeEach
        void beforeEach(TcpServer server) {
            assertSame(echo.server(), Seen.add("instance", server));
        }

        @Test
        void first() throws IOException {
            assertEchoes(Seen.add("instance", echo.server()));
        }

        @Test
        void second(TcpServer server) throws IOException {
            assertEchoes(Seen.add("instance", server));
        }

        @Nested
        class Inner {
            @Test
            void third(TcpServer server) throws IOException {
                assertEchoes(Seen.add("instance", server));
            }
        }
    }

    @Test
    void underPerClassAStaticFieldServerReachesTheConstructorAndAnInstanceFieldServesTheClass() {
        TestKit.assertAllPassed(TestKit.run(PerClass.class), 2);

        List<TcpServer> fromStatic = Seen.get("perClass static");
        assertEquals(3, fromStatic.size(), "constructor and two tests");
        fromStatic.forEach(server -> assertSame(fromStatic.get(0), server));
        List<TcpServer> fromInstance = Seen.get("perClass instance");
        assertEquals(2, fromInstance.size());
        assertSame(fromInstance.get(0), fromInstance.get(1), "the instance lives as long as the class");
        assertNotSame(fromStatic.get(0), fromInstance.get(0));
        assertFalse(fromStatic.get(0).isRunning());
        assertFalse(fromInstance.get(0).isRunning());
    }

    @Subject
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    static class PerClass {
        @RegisterExtension
        static TcpServerExtension smtp = TcpServerExtension.of("smtp", TcpServer.builder());

        @RegisterExtension
        TcpServerExtension pop3 = TcpServerExtension.of("pop3", TcpServer.builder());

        private final TcpServer fromConstructor;

        PerClass(@ServerId("smtp") TcpServer server) throws IOException {
            assertEchoes(Seen.add("perClass static", server));
            fromConstructor = server;
        }

        @Test
        void first(@ServerId("smtp") TcpServer smtpServer, @ServerId("pop3") TcpServer pop3Server) throws IOException {
            assertSame(fromConstructor, Seen.add("perClass static", smtpServer));
            assertSame(pop3.server(), Seen.add("perClass instance", pop3Server));
            assertEchoes(pop3Server);
        }

        @Test
        void second(@ServerId("smtp") TcpServer smtpServer) throws IOException {
            assertSame(smtp.server(), Seen.add("perClass static", smtpServer));
            assertEchoes(Seen.add("perClass instance", pop3.server()));
        }
    }

    @Test
    void underPerClassAFieldInitializerAndAConstructorCanAlreadyAskAStaticFieldForItsServer() {
        TestKit.assertAllPassed(TestKit.run(PerClassInitializer.class), 2);

        List<TcpServer> seen = Seen.get("initializer");
        assertEquals(4, seen.size(), "field initializer, constructor and two tests");
        seen.forEach(server -> assertSame(seen.get(0), server));
        assertFalse(seen.get(0).isRunning());
    }

    @Subject
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    static class PerClassInitializer {
        @RegisterExtension
        static TcpServerExtension echo = TcpServerExtension.of(TcpServer.builder());

        // A client built once for the class, as PER_CLASS tests tend to do.
        private final TcpServer fromInitializer = Seen.add("initializer", echo.server());

        PerClassInitializer() throws IOException {
            assertEchoes(Seen.add("initializer", echo.server()));
        }

        @Test
        void first(TcpServer server) throws IOException {
            assertSame(fromInitializer, Seen.add("initializer", server));
        }

        @Test
        void second() throws IOException {
            assertEchoes(Seen.add("initializer", echo.server()));
        }
    }

    @Test
    void extensionServersAndAnnotatedServersAreChosenByIdAlike() {
        TestKit.assertAllPassed(TestKit.run(Mixed.class), 1);
    }

    @Subject
    @WithTcpServer(id = "annotated")
    static class Mixed {
        @RegisterExtension
        static TcpServerExtension greeter = TcpServerExtension.of("greeter", TcpServer.builder()
                .handler(Handlers.respond("hi\n")));

        @RegisterExtension
        TcpServerExtension perTest = TcpServerExtension.of("perTest", TcpServer.builder().handler(Handlers.close()));

        @Test
        void choosesEach(@ServerId("annotated") TcpServer annotated, @ServerId("greeter") TcpServer greeting,
                @ServerId("perTest") TcpServer closing) throws IOException {
            assertEquals("ping", exchange(annotated, "ping"));
            assertEquals("hi\n", exchange(greeting, "ping"));
            assertEquals("", exchange(closing, ""));
            assertSame(greeter.server(), greeting);
            assertSame(perTest.server(), closing);
        }
    }

    @Test
    void aNestedConstructorCannotTakeTheServerOfAnOuterInstanceField() {
        String message = TestKit.onlyFailureMessage(TestKit.run(OuterInstanceField.class));
        assertTrue(message.startsWith("No tcptest server is in reach of parameter 1 [TcpServer] of constructor Inner("),
                message);
        assertEquals(1, Seen.get("outer instance").size(), "the outer class's own test passed");
    }

    @Subject
    static class OuterInstanceField {
        @RegisterExtension
        TcpServerExtension perTest = TcpServerExtension.of(TcpServer.builder());

        @Test
        void outer(TcpServer server) throws IOException {
            assertEchoes(Seen.add("outer instance", server));
        }

        @Nested
        class Inner {
            Inner(TcpServer server) {
                Seen.add("inner constructor", server);
            }

            @Test
            void inner() {
            }
        }
    }

    @Test
    void ofRejectsABlankIdAndANullBuilder() {
        assertEquals("TcpServerExtension id must not be blank, was ' '; use a name such as \"smtp\"",
                assertThrows(IllegalArgumentException.class, () -> TcpServerExtension.of(" ", TcpServer.builder()))
                        .getMessage());
        assertEquals("builder must not be null; pass TcpServer.builder() with the settings",
                assertThrows(NullPointerException.class, () -> TcpServerExtension.of(null)).getMessage());
        assertEquals("smtp", TcpServerExtension.of("smtp", TcpServer.builder()).id());
        assertEquals("default", TcpServerExtension.of(TcpServer.builder()).id());
    }
}
