package dev.tcptest.junit;

import static dev.tcptest.junit.Client.assertEchoes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcptest.TcpServer;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/**
 * Under JUnit's parallel execution, with classes and methods running at once, every test gets
 * the right server and every server is stopped.
 */
class WithTcpServerParallelTest {

    /** Parallel execution with enough threads for eight tests to wait for each other. */
    private static final Map<String, String> PARALLEL = Map.of(
            "junit.jupiter.execution.parallel.enabled", "true",
            "junit.jupiter.execution.parallel.mode.default", "concurrent",
            "junit.jupiter.execution.parallel.mode.classes.default", "concurrent",
            "junit.jupiter.execution.parallel.config.strategy", "fixed",
            "junit.jupiter.execution.parallel.config.fixed.parallelism", "16");

    /** How many tests of {@link EightAtOnce} wait until all of them run. */
    private static final int AT_ONCE = 8;

    @Test
    void eightMethodServersRunAtOnceBesideClassServersOfConcurrentClasses() {
        EngineExecutionResults results = TestKit.run(PARALLEL, EightAtOnce.class, SharedA.class, SharedB.class);

        TestKit.assertAllPassed(results, AT_ONCE + 4 + 4);
        List<TcpServer> eight = Seen.get("eight");
        assertEquals(AT_ONCE, new HashSet<>(eight).size(), "a server of its own for each test");
        for (String label : List.of("sharedA", "sharedB")) {
            List<TcpServer> shared = Seen.get(label);
            assertEquals(4, shared.size());
            shared.forEach(server -> assertSame(shared.get(0), server, label + " shares one server among its tests"));
        }
        assertNotEquals(Seen.get("sharedA").get(0), Seen.get("sharedB").get(0));
        Set<Integer> ports = new HashSet<>();
        for (String label : List.of("eight", "sharedA", "sharedB")) {
            for (TcpServer server : Seen.get(label)) {
                assertFalse(server.isRunning(), server + " was left running");
                ports.add(server.port());
            }
        }
        assertEquals(AT_ONCE + 2, ports.size(), "every server had its own port");
    }

    @Subject
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    @Execution(ExecutionMode.CONCURRENT) // PER_CLASS classes run their methods in one thread unless told
    static class EightAtOnce {
        private final CyclicBarrier allRunning = new CyclicBarrier(AT_ONCE);

        private void meet(TcpServer server) throws Exception {
            Seen.add("eight", server);
            assertEchoes(server);
            // Each test holds its server until all eight hold theirs: eight servers run at once.
            allRunning.await(60, TimeUnit.SECONDS);
            assertTrue(server.isRunning());
            assertEchoes(server);
        }

        @Test
        @WithTcpServer
        void t1(TcpServer server) throws Exception {
            meet(server);
        }

        @Test
        @WithTcpServer
        void t2(TcpServer server) throws Exception {
            meet(server);
        }

        @Test
        @WithTcpServer
        void t3(TcpServer server) throws Exception {
            meet(server);
        }

        @Test
        @WithTcpServer
        void t4(TcpServer server) throws Exception {
            meet(server);
        }

        @Test
        @WithTcpServer
        void t5(TcpServer server) throws Exception {
            meet(server);
        }

        @Test
        @WithTcpServer
        void t6(TcpServer server) throws Exception {
            meet(server);
        }

        @Test
        @WithTcpServer
        void t7(TcpServer server) throws Exception {
            meet(server);
        }

        @Test
        @WithTcpServer
        void t8(TcpServer server) throws Exception {
            meet(server);
        }
    }

    @Subject
    @WithTcpServer
    static class SharedA {
        @BeforeAll
        static void beforeAll(TcpServer server) {
            assertTrue(server.isRunning());
        }

        @Test
        void a1(TcpServer server) throws Exception {
            assertEchoes(Seen.add("sharedA", server));
        }

        @Test
        void a2(TcpServer server) throws Exception {
            assertEchoes(Seen.add("sharedA", server));
        }

        @Nested
        class Inner {
            @Test
            void a3(TcpServer server) throws Exception {
                assertEchoes(Seen.add("sharedA", server));
            }

            @Test
            void a4(TcpServer server) throws Exception {
                assertEchoes(Seen.add("sharedA", server));
            }
        }
    }

    @Subject
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    @Execution(ExecutionMode.CONCURRENT)
    @WithTcpServer
    static class SharedB {
        private final TcpServer fromConstructor;

        SharedB(TcpServer server) {
            fromConstructor = server;
        }

        @Test
        void b1(TcpServer server) throws Exception {
            assertSame(fromConstructor, server);
            assertEchoes(Seen.add("sharedB", server));
        }

        @Test
        void b2(TcpServer server) throws Exception {
            assertEchoes(Seen.add("sharedB", server));
        }

        @Test
        void b3(TcpServer server) throws Exception {
            assertEchoes(Seen.add("sharedB", server));
        }

        @Test
        void b4(TcpServer server) throws Exception {
            assertEchoes(Seen.add("sharedB", server));
        }
    }
}
