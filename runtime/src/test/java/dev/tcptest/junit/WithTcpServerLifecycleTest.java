package dev.tcptest.junit;

import static dev.tcptest.junit.Client.assertEchoes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.tcptest.TcpServer;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/** One server per class (shared by nested classes) or per test, started and stopped in every case. */
class WithTcpServerLifecycleTest {

    @Test
    void aClassLevelServerServesEveryTestOfTheClassAndStopsAfterTheLast() {
        TestKit.assertAllPassed(TestKit.run(ClassLevel.class), 4);

        List<TcpServer> seen = Seen.get("class");
        assertEquals(4, seen.size());
        seen.forEach(server -> assertSame(seen.get(0), server, "every test gets the class's server"));
        assertFalse(seen.get(0).isRunning(), "stopped after the class");
    }

    @Subject
    @WithTcpServer
    static class ClassLevel {
        @Test
        void first(TcpServer server) throws IOException {
            assertEchoes(Seen.add("class", server));
        }

        @Test
        void second(TcpServer server) throws IOException {
            assertEchoes(Seen.add("class", server));
        }

        @RepeatedTest(2)
        void repeated(TcpServer server) throws IOException {
            assertEchoes(Seen.add("class", server));
        }
    }

    @Test
    void aMethodLevelServerIsNewForEachTestAndStopsAfterItsAfterEachMethods() {
        TestKit.assertAllPassed(TestKit.run(MethodLevel.class), 4);

        List<TcpServer> seen = Seen.get("method");
        assertEquals(4, seen.size());
        assertEquals(4, new HashSet<>(seen).size(), "a new server for each test and each repetition");
        seen.forEach(server -> assertFalse(server.isRunning(), "stopped after its test"));
        assertEquals(seen, Seen.get("afterEach"), "@AfterEach still sees its test's server");
    }

    @Subject
    static class MethodLevel {
        @Test
        @WithTcpServer
        void first(TcpServer server) throws IOException {
            assertEchoes(Seen.add("method", server));
        }

        @Test
        @WithTcpServer(backlog = 3, acceptPaused = true)
        void second(TcpServer server) {
            assertTrue(Seen.add("method", server).isAcceptPaused());
        }

        @RepeatedTest(2)
        @WithTcpServer
        void repeated(TcpServer server) throws IOException {
            assertEchoes(Seen.add("method", server));
        }

        @AfterEach
        void afterEach(TcpServer server) throws IOException {
            assertTrue(Seen.add("afterEach", server).isRunning(), "running in @AfterEach");
        }
    }

    @Test
    void nestedClassesShareTheEnclosingClassServerWhichOutlivesEachOfThem() {
        TestKit.assertAllPassed(TestKit.run(Outer.class), 5);

        List<TcpServer> outer = Seen.get("outer");
        assertEquals(5, outer.size(), "every test of the outer and the nested classes");
        outer.forEach(server -> assertSame(outer.get(0), server, "one server for the outer class and all nested ones"));
        assertFalse(outer.get(0).isRunning());
        List<TcpServer> inner = Seen.get("inner");
        assertEquals(2, inner.size());
        assertSame(inner.get(0), inner.get(1), "one server for the nested class that declares it");
        assertNotSame(outer.get(0), inner.get(0));
        assertFalse(inner.get(0).isRunning());
    }

    @Subject
    @WithTcpServer
    static class Outer {
        @Test
        void outer(TcpServer server) throws IOException {
            assertEchoes(Seen.add("outer", server));
        }

        @Nested
        class First {
            @Test
            void first(TcpServer server) throws IOException {
                assertEchoes(Seen.add("outer", server));
            }
        }

        @Nested
        class Second {
            @Test
            void runsAfterAnotherNestedClassHasFinished(TcpServer server) throws IOException {
                assertEchoes(Seen.add("outer", server));
            }
        }

        @Nested
        @WithTcpServer(id = "inner")
        class WithItsOwn {
            @Test
            void seesBoth(@ServerId("default") TcpServer outer, @ServerId("inner") TcpServer inner) throws IOException {
                assertEchoes(Seen.add("outer", outer));
                assertEchoes(Seen.add("inner", inner));
            }

            @Nested
            class Deeper {
                @Test
                void seesBothToo(@ServerId("default") TcpServer outer, @ServerId("inner") TcpServer inner) throws IOException {
                    assertEchoes(Seen.add("outer", outer));
                    assertEchoes(Seen.add("inner", inner));
                }
            }
        }
    }

    @Test
    void perClassInstancesReceiveARunningServerInTheirConstructorBeforeAnyBeforeAllCallback() {
        TestKit.assertAllPassed(TestKit.run(PerClass.class), 3);

        List<TcpServer> seen = Seen.get("perClass");
        assertEquals(6, seen.size(), "constructor, @BeforeAll, two tests, nested test, @AfterAll");
        seen.forEach(server -> assertSame(seen.get(0), server));
        assertFalse(seen.get(0).isRunning());
    }

    @Subject
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    @WithTcpServer
    static class PerClass {
        private final TcpServer fromConstructor;

        PerClass(TcpServer server) throws IOException {
            assertEchoes(Seen.add("perClass", server));
            fromConstructor = server;
        }

        @BeforeAll
        void beforeAll(TcpServer server) {
            assertSame(fromConstructor, Seen.add("perClass", server));
        }

        @Test
        void first(TcpServer server) throws IOException {
            assertSame(fromConstructor, Seen.add("perClass", server));
            assertEchoes(server);
        }

        @Test
        void second(TcpServer server) throws IOException {
            assertSame(fromConstructor, Seen.add("perClass", server));
            assertEchoes(server);
        }

        @Nested
        @TestInstance(TestInstance.Lifecycle.PER_CLASS)
        class Inner {
            @Test
            void shares(TcpServer server) throws IOException {
                assertSame(fromConstructor, Seen.add("perClass", server));
                assertEchoes(server);
            }
        }

        @AfterAll
        void afterAll(TcpServer server) {
            assertTrue(Seen.add("perClass", server).isRunning(), "running in @AfterAll");
        }
    }

    @Test
    void serversStopAlsoWhenJUnitClosesOnlyCloseableResources() {
        // JUnit 5.13+ can be told to close only the old CloseableResource values; 5.10 knows no other kind.
        TestKit.assertAllPassed(TestKit.run(
                java.util.Map.of("junit.jupiter.extensions.store.close.autocloseable.enabled", "false"), ClassLevel.class), 4);

        assertFalse(Seen.get("class").get(0).isRunning());
    }

    @Test
    void serversAreStoppedWhenTestsAndLifecycleMethodsFail() {
        EngineExecutionResults results = TestKit.run(FailingMethods.class, FailingBeforeAll.class);

        assertEquals(3, TestKit.failures(results).size(), "two tests and one class fail");
        Set<TcpServer> seen = new HashSet<>(Seen.get("failing"));
        assertEquals(3, seen.size(), "class server, method server, class server of the second class");
        seen.forEach(server -> assertFalse(server.isRunning(), server + " was left running"));
    }

    @Subject
    @WithTcpServer
    static class FailingMethods {
        @Test
        void fails(TcpServer server) {
            Seen.add("failing", server);
            fail("the client's assertion failed");
        }

        @Test
        @WithTcpServer(id = "method")
        void failsWithAMethodServer(@ServerId("method") TcpServer server) {
            Seen.add("failing", server);
            throw new IllegalStateException("the client crashed");
        }
    }

    @Subject
    @WithTcpServer
    static class FailingBeforeAll {
        @BeforeAll
        static void beforeAll(TcpServer server) {
            Seen.add("failing", server);
            throw new IllegalStateException("setup failed");
        }

        @Test
        void neverRuns() {
            fail("not reached");
        }
    }
}
