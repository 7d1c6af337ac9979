package dev.tcptest.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.EventType;

/** Runs {@link Subject} classes on the Jupiter engine and reads what a user would see. */
final class TestKit {

    /** The configuration parameter that enables {@link Subject} classes. */
    static final String ENABLED = "dev.tcptest.junit.subjects";

    private TestKit() {
    }

    /** Runs the classes with the default configuration. */
    static EngineExecutionResults run(Class<?>... classes) {
        return run(Map.of(), classes);
    }

    /** Runs the classes with extra configuration parameters, such as parallel execution. */
    static EngineExecutionResults run(Map<String, String> configuration, Class<?>... classes) {
        Seen.clear();
        Map<String, String> parameters = new HashMap<>(configuration);
        parameters.put(ENABLED, "true");
        return EngineTestKit.engine("junit-jupiter")
                .configurationParameters(parameters)
                .selectors(Arrays.stream(classes).map(DiscoverySelectors::selectClass).toArray(DiscoverySelector[]::new))
                .execute();
    }

    /** Asserts that every container and test succeeded and that {@code tests} tests ran. */
    static void assertAllPassed(EngineExecutionResults results, int tests) {
        List<Throwable> failures = failures(results);
        if (!failures.isEmpty()) {
            fail("expected no failures, got " + failures.size() + ":\n" + failures.stream().map(TestKit::stackTrace)
                    .collect(Collectors.joining("\n")));
        }
        assertEquals(tests, results.testEvents().succeeded().count(), "tests that succeeded");
        assertEquals(0, results.testEvents().skipped().count(), "tests that were skipped");
    }

    /** What failed tests and containers threw, in the order they finished. */
    static List<Throwable> failures(EngineExecutionResults results) {
        return throwables(results, TestExecutionResult.Status.FAILED);
    }

    /** What aborted tests and containers threw, in the order they finished. */
    static List<Throwable> aborted(EngineExecutionResults results) {
        return throwables(results, TestExecutionResult.Status.ABORTED);
    }

    private static List<Throwable> throwables(EngineExecutionResults results, TestExecutionResult.Status status) {
        List<Throwable> result = new ArrayList<>();
        for (Event event : results.allEvents().list()) {
            if (event.getType() == EventType.FINISHED) {
                TestExecutionResult outcome = event.getRequiredPayload(TestExecutionResult.class);
                if (outcome.getStatus() == status) {
                    result.add(outcome.getThrowable().orElseThrow());
                }
            }
        }
        return result;
    }

    /** The single failure of the run, checked to be of the given type. */
    static <T extends Throwable> T onlyFailure(EngineExecutionResults results, Class<T> type) {
        List<Throwable> failures = failures(results);
        if (failures.size() != 1) {
            fail("expected one failure, got " + failures.size() + ":\n" + failures.stream().map(TestKit::stackTrace)
                    .collect(Collectors.joining("\n")));
        }
        return assertInstanceOf(type, failures.get(0), () -> stackTrace(failures.get(0)));
    }

    /** The message of the single failure of the run. */
    static String onlyFailureMessage(EngineExecutionResults results) {
        return onlyFailure(results, Throwable.class).getMessage();
    }

    /** The transcript attached to a failure, if any. */
    static Optional<String> transcript(Throwable failure) {
        return Arrays.stream(failure.getSuppressed()).filter(TcpServerTranscript.class::isInstance)
                .map(Throwable::getMessage).findFirst();
    }

    /** The values the tests published under a key with a {@code TestReporter}, in order. */
    static List<String> reported(EngineExecutionResults results, String key) {
        return results.allEvents().reportingEntryPublished().stream()
                .map(event -> event.getRequiredPayload(ReportEntry.class).getKeyValuePairs().get(key))
                .filter(value -> value != null)
                .collect(Collectors.toList());
    }

    static String stackTrace(Throwable throwable) {
        StringWriter out = new StringWriter();
        throwable.printStackTrace(new PrintWriter(out));
        return out.toString();
    }
}
