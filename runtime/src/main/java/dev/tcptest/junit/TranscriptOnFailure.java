package dev.tcptest.junit;

import org.junit.jupiter.api.extension.DynamicTestInvocationContext;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * Attaches the transcripts of the servers in reach to whatever a test, a dynamic test or a
 * lifecycle method throws, for both extensions of this package.
 */
interface TranscriptOnFailure extends TestExecutionExceptionHandler, LifecycleMethodExecutionExceptionHandler,
        InvocationInterceptor {

    @Override
    default void handleTestExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        throw Servers.attachTranscripts(context, throwable);
    }

    /** JUnit does not call exception handlers for dynamic tests, so their failures are caught here. */
    @Override
    default void interceptDynamicTest(Invocation<Void> invocation, DynamicTestInvocationContext invocationContext,
            ExtensionContext context) throws Throwable {
        try {
            invocation.proceed();
        } catch (Throwable failure) {
            throw Servers.attachTranscripts(context, failure);
        }
    }

    @Override
    default void handleBeforeAllMethodExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        throw Servers.attachTranscripts(context, throwable);
    }

    @Override
    default void handleBeforeEachMethodExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        throw Servers.attachTranscripts(context, throwable);
    }

    @Override
    default void handleAfterEachMethodExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        throw Servers.attachTranscripts(context, throwable);
    }

    @Override
    default void handleAfterAllMethodExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        throw Servers.attachTranscripts(context, throwable);
    }
}
