package dev.tcptest.junit;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * Attaches the transcripts of the servers in reach to whatever a test or lifecycle method
 * throws, for both extensions of this package.
 */
interface TranscriptOnFailure extends TestExecutionExceptionHandler, LifecycleMethodExecutionExceptionHandler {

    @Override
    default void handleTestExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        throw Servers.attachTranscripts(context, throwable);
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
