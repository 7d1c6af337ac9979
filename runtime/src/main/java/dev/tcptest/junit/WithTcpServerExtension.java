package dev.tcptest.junit;

import dev.tcptest.TcpServer;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The extension behind {@link WithTcpServer}: starts the servers declared on a class in
 * {@code beforeAll} and those declared on a method in {@code beforeEach}, injects them, and
 * attaches their transcripts to failures. The servers live in the context's store, which stops
 * them when the class or test ends.
 */
final class WithTcpServerExtension implements BeforeAllCallback, BeforeEachCallback, ParameterResolver,
        TranscriptOnFailure {

    @Override
    public void beforeAll(ExtensionContext context) {
        Servers.scope(context);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        Servers.scope(Servers.classContext(context));
        Servers.scope(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return Servers.claims(this, parameter, context);
    }

    @Override
    public TcpServer resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return Servers.resolve(parameter, context);
    }
}
