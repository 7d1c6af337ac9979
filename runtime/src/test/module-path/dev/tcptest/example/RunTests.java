package dev.tcptest.example;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.PrintWriter;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/** Runs {@link ModularTest} on the JUnit Platform and exits with 0 only when all its tests passed. */
public final class RunTests {

    private RunTests() {
    }

    /**
     * Runs the tests and prints the summary.
     *
     * @param args none
     */
    public static void main(String[] args) {
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(ModularTest.class)).build(), listener);
        TestExecutionSummary summary = listener.getSummary();
        PrintWriter out = new PrintWriter(System.out, true);
        summary.printTo(out);
        summary.printFailuresTo(out, 20);
        boolean passed = summary.getTotalFailureCount() == 0 && summary.getTestsSucceededCount() == 4;
        System.exit(passed ? 0 : 1);
    }
}
