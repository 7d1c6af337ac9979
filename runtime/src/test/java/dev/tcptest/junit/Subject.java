package dev.tcptest.junit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Marks a test class that the extension's own tests run through {@link TestKit}, so that they can
 * look at what JUnit reports, failures included.
 *
 * <p>Subjects are static nested classes of the real tests. Surefire never runs them on their own:
 * its default excludes skip nested class files ({@code **}{@code /*$*}), and JUnit discovers only
 * {@code @Nested} inner classes of a selected class, not static ones. An IDE that runs a whole
 * package or a build tool with other filters would find them, though, and some fail on purpose;
 * so they are also disabled unless the launch carries the configuration parameter
 * {@value TestKit#ENABLED}, which only {@link TestKit} sets. A configuration parameter belongs to
 * one launch, unlike a system property, so concurrent launches cannot see each other's.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(Subject.OnlyThroughTestKit.class)
@interface Subject {

    /** Disables a subject outside of {@link TestKit}. */
    final class OnlyThroughTestKit implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return context.getConfigurationParameter(TestKit.ENABLED).map(Boolean::parseBoolean).orElse(false)
                    ? ConditionEvaluationResult.enabled("run through TestKit")
                    : ConditionEvaluationResult.disabled("a subject of the extension's own tests; runs only through TestKit");
        }
    }
}
