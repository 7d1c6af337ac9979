package dev.tcptest.junit;

import static dev.tcptest.junit.Client.assertEchoes;
import static dev.tcptest.junit.Client.exchange;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcptest.AcceptHandler;
import dev.tcptest.Connection;
import dev.tcptest.TcpServer;
import java.io.IOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** TcpServer parameters of constructors, lifecycle methods and every kind of test method. */
class WithTcpServerInjectionTest {

    @Test
    void theClassServerIsInjectedEverywhere() {
        TestKit.assertAllPassed(TestKit.run(EveryPosition.class), 7);

        List<TcpServer> seen = Seen.get("everywhere");
        // beforeAll + 7 tests x (constructor, beforeEach, test, afterEach) + nested constructor + afterAll
        assertEquals(1 + 7 * 4 + 1 + 1, seen.size());
        seen.forEach(server -> assertSame(seen.get(0), server));
        assertFalse(seen.get(0).isRunning());
    }

    @Subject
    @WithTcpServer
    static class EveryPosition {
        EveryPosition(TcpServer server) {
            Seen.add("everywhere", server);
        }

        @BeforeAll
        static void beforeAll(TcpServer server, TestInfo info) {
            assertEquals(EveryPosition.class, info.getTestClass().orElseThrow());
            Seen.add("everywhere", server);
        }

        @BeforeEach
        void beforeEach(TcpServer server) {
            Seen.add("everywhere", server);
        }

        @Test
        void test(TestInfo info, TcpServer server, TestReporter reporter) throws IOException {
            assertEchoes(Seen.add("everywhere", server));
            reporter.publishEntry("test", info.getDisplayName());
        }

        @ParameterizedTest
        @ValueSource(strings = {"one", "two"})
        void parameterized(String word, TcpServer server) throws IOException {
            assertEquals(word, exchange(Seen.add("everywhere", server), word));
        }

        @RepeatedTest(2)
        void repeated(RepetitionInfo repetition, TcpServer server) throws IOException {
            assertEquals("#" + repetition.getCurrentRepetition(),
                    exchange(Seen.add("everywhere", server), "#" + repetition.getCurrentRepetition()));
        }

        @TestFactory
        Stream<DynamicTest> factory(TcpServer server) {
            Seen.add("everywhere", server);
            return Stream.of(DynamicTest.dynamicTest("dynamic", () -> assertEchoes(server)));
        }

        @Nested
        class Inner {
            private final TcpServer fromConstructor;

            Inner(TcpServer server) {
                fromConstructor = Seen.add("everywhere", server);
            }

            @Test
            void nested(TcpServer server) throws IOException {
                assertSame(fromConstructor, server);
                assertEchoes(Seen.add("everywhere", server));
            }
        }

        @AfterEach
        void afterEach(TcpServer server) {
            Seen.add("everywhere", server);
        }

        @AfterAll
        static void afterAll(TcpServer server) {
            assertTrue(Seen.add("everywhere", server).isRunning());
        }
    }

    @Test
    void lifecycleMethodsOfATestWithAMethodServerReceiveThatServer() {
        TestKit.assertAllPassed(TestKit.run(MethodServerLifecycle.class), 2);

        List<TcpServer> seen = Seen.get("lifecycle");
        assertEquals(6, seen.size(), "beforeEach, test and afterEach of two tests");
        assertSame(seen.get(0), seen.get(1));
        assertSame(seen.get(0), seen.get(2));
        assertSame(seen.get(3), seen.get(4));
        assertSame(seen.get(3), seen.get(5));
        assertNotSame(seen.get(0), seen.get(3));
    }

    @Subject
    static class MethodServerLifecycle {
        @BeforeEach
        void beforeEach(TcpServer server) {
            assertTrue(Seen.add("lifecycle", server).isRunning());
        }

        @Test
        @WithTcpServer
        void first(TcpServer server) throws IOException {
            assertEchoes(Seen.add("lifecycle", server));
        }

        @Test
        @WithTcpServer
        void second(TcpServer server) throws IOException {
            assertEchoes(Seen.add("lifecycle", server));
        }

        @AfterEach
        void afterEach(TcpServer server) {
            Seen.add("lifecycle", server);
        }
    }

    @Test
    void serverIdChoosesAmongSeveralServers() {
        TestKit.assertAllPassed(TestKit.run(SeveralServers.class), 2);
    }

    @Subject
    @WithTcpServer(id = "upper", handler = UpperCase.class)
    @WithTcpServer(id = "echo")
    static class SeveralServers {
        private final TcpServer upperFromConstructor;

        SeveralServers(@ServerId("upper") TcpServer upper) {
            this.upperFromConstructor = upper;
        }

        @Test
        void choosesByIdAmongClassServers(@ServerId("echo") TcpServer echo, @ServerId("upper") TcpServer upper)
                throws IOException {
            assertSame(upperFromConstructor, upper);
            assertEquals("hello", exchange(echo, "hello"));
            assertEquals("HELLO", exchange(upper, "hello"));
        }

        @Test
        @WithTcpServer(id = "method", handler = UpperCase.class)
        void choosesAMethodServerToo(@ServerId("method") TcpServer method, @ServerId("echo") TcpServer echo)
                throws IOException {
            assertNotSame(upperFromConstructor, method);
            assertEquals("MIXED", exchange(method, "mIxEd"));
            assertEquals("mIxEd", exchange(echo, "mIxEd"));
        }
    }

    @Test
    void aComposedAnnotationDeclaresAServerLikeWithTcpServerItself() {
        TestKit.assertAllPassed(TestKit.run(ComposedUser.class), 1);
    }

    /** A team's own annotation for the server its tests need. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.TYPE, ElementType.METHOD})
    @WithTcpServer(id = "shouting", handler = UpperCase.class)
    @interface ShoutingServer {
    }

    @Subject
    static class ComposedUser {
        @Test
        @ShoutingServer
        void shouts(@ServerId("shouting") TcpServer server) throws IOException {
            assertEquals("QUIET", exchange(server, "quiet"));
        }
    }

    @Test
    void serversDeclaredOnSuperclassesInterfacesAndComposedAnnotationsThereAreAllStarted() {
        TestKit.assertAllPassed(TestKit.run(InheritsServers.class), 1);
    }

    @ShoutingServer
    interface ShoutingTests {
    }

    @WithTcpServer(id = "base")
    abstract static class BaseWithServer implements ShoutingTests {
    }

    @Subject
    @WithTcpServer(id = "base") // the same declaration as the superclass's: one server
    @WithTcpServer(id = "own")
    static class InheritsServers extends BaseWithServer {
        @Test
        void seesEach(@ServerId("base") TcpServer base, @ServerId("shouting") TcpServer shouting,
                @ServerId("own") TcpServer own) throws IOException {
            assertEchoes(base);
            assertEquals("LOUD", exchange(shouting, "loud"));
            assertEchoes(own);
        }
    }

    /** Answers with the upper-cased input; package-private, like most handlers in tests. */
    static final class UpperCase implements AcceptHandler {
        @Override
        public void handle(Connection connection) throws IOException {
            String text = new String(connection.input().readAllBytes(), StandardCharsets.UTF_8);
            connection.output().write(text.toUpperCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
        }
    }
}
