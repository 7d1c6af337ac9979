package dev.tcptest.junit;

import dev.tcptest.BindFailedException;
import dev.tcptest.TcpServer;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.opentest4j.TestAbortedException;

/**
 * What both extensions share: the servers of each context, parameter resolution and the
 * transcripts attached to failures. Stateless; all state lives in the contexts' stores.
 */
final class Servers {

    static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(Servers.class);

    private Servers() {
    }

    /** The store key of the scope owned by one context; unique ids keep parents' scopes apart. */
    private record ScopeKey(String uniqueId) {
    }

    /** The store key of the resolver that answers for one parameter in one context. */
    private record ClaimKey(Parameter parameter) {
    }

    /**
     * The scope of the context, created on first use; creating it starts the servers declared by
     * {@link WithTcpServer} on the context's class or method.
     *
     * @param context a class or test context
     * @return the scope
     */
    @SuppressWarnings("deprecation") // computeIfAbsent, which replaces it, does not exist in 5.10
    static ServerScope scope(ExtensionContext context) {
        AnnotatedElement element = context.getElement().orElse(null);
        ServerScope scope = context.getStore(NAMESPACE)
                .getOrComputeIfAbsent(new ScopeKey(context.getUniqueId()), key -> new ServerScope(element), ServerScope.class);
        if (element != null && scope.claimAnnotations() && !declaredByAncestor(context, element)) {
            try {
                for (AnnotatedServers.Declaration declaration : AnnotatedServers.declaredOn(element)) {
                    register(context, scope, declaration.id(), declaration.origin(), null,
                            () -> declaration.build(context));
                }
            } catch (RuntimeException e) {
                scope.startFailed(e);
                throw e;
            }
        }
        return scope;
    }

    /**
     * Builds and starts one server in the scope, after checking that its id is not taken by a
     * server in reach.
     */
    static ManagedServer register(ExtensionContext context, ServerScope scope, String id, String origin,
            TcpServerExtension owner, Supplier<TcpServer> factory) {
        for (ManagedServer other : visible(context)) {
            if (other.id().equals(id)) {
                throw new ExtensionConfigurationException("tcptest server id '" + id + "' is used twice: by "
                        + other.origin() + " and by " + origin + "; give each server its own id, such as "
                        + "@WithTcpServer(id = \"" + id + "2\") or TcpServerExtension.of(\"" + id + "2\", builder)");
            }
        }
        TcpServer server = factory.get();
        try {
            server.start();
        } catch (BindFailedException e) {
            // An annotation's fix names its attributes; an extension's builder, its methods.
            String message = owner == null ? e.message(AnnotatedServers::attribute) : e.getMessage();
            throw new ExtensionConfigurationException(origin + " could not start: " + message, e);
        } catch (RuntimeException e) {
            throw new ExtensionConfigurationException(origin + " could not start: " + e.getMessage(), e);
        }
        ManagedServer managed = new ManagedServer(id, origin, owner, server);
        scope.add(managed);
        if (owner != null) {
            owner.started(server);
        }
        return managed;
    }

    private static boolean declaredByAncestor(ExtensionContext context, AnnotatedElement element) {
        for (ExtensionContext c = context.getParent().orElse(null); c != null; c = c.getParent().orElse(null)) {
            ServerScope scope = existingScope(c);
            if (scope != null && element.equals(scope.element())) {
                return true;
            }
        }
        return false;
    }

    private static ServerScope existingScope(ExtensionContext context) {
        return context.getStore(NAMESPACE).get(new ScopeKey(context.getUniqueId()), ServerScope.class);
    }

    /**
     * Every server in reach of the context: its own and those of its enclosing contexts, the
     * outermost first.
     */
    static List<ManagedServer> visible(ExtensionContext context) {
        List<List<ManagedServer>> levels = new ArrayList<>();
        for (ExtensionContext c = context; c != null; c = c.getParent().orElse(null)) {
            ServerScope scope = existingScope(c);
            if (scope != null) {
                levels.add(scope.servers());
            }
        }
        Collections.reverse(levels);
        List<ManagedServer> result = new ArrayList<>();
        levels.forEach(result::addAll);
        return result;
    }

    /** The nearest context, the given one or an enclosing one, that runs a class. */
    static ExtensionContext classContext(ExtensionContext context) {
        for (ExtensionContext c = context; c != null; c = c.getParent().orElse(null)) {
            if (c.getElement().orElse(null) instanceof Class) {
                return c;
            }
        }
        return context;
    }

    /** Whether the parameter is one this extension injects, or one it must reject with a message. */
    static boolean isServerParameter(ParameterContext parameter) {
        return parameter.getParameter().getType() == TcpServer.class || parameter.isAnnotated(ServerId.class);
    }

    /**
     * Whether the given resolver answers for the parameter. Several of this package's resolvers
     * may be registered at once (the annotation's and any number of {@link TcpServerExtension}s);
     * JUnit rejects a parameter that two resolvers support, so the first one asked claims it in
     * the context's store and the others decline.
     */
    @SuppressWarnings("deprecation") // computeIfAbsent, which replaces it, does not exist in 5.10
    static boolean claims(Object resolver, ParameterContext parameter, ExtensionContext context) {
        if (!isServerParameter(parameter)) {
            return false;
        }
        Object claimer = context.getStore(NAMESPACE)
                .getOrComputeIfAbsent(new ClaimKey(parameter.getParameter()), key -> resolver);
        return claimer == resolver;
    }

    /**
     * The server for a parameter: the one named by {@link ServerId}, or the only one in reach. A
     * constructor receives only servers of classes, since its instance may serve several tests.
     */
    static TcpServer resolve(ParameterContext parameter, ExtensionContext context) {
        Executable executable = parameter.getDeclaringExecutable();
        ExtensionContext from = executable instanceof Constructor ? classContext(context) : context;
        if (from.getElement().orElse(null) instanceof Method) {
            scope(from);
        }
        scope(classContext(from));
        String where = describe(parameter);
        Optional<ServerId> serverId = parameter.findAnnotation(ServerId.class);
        if (parameter.getParameter().getType() != TcpServer.class) {
            throw new ParameterResolutionException("@ServerId(\"" + serverId.map(ServerId::value).orElse("")
                    + "\") is only for parameters of type TcpServer, but " + where + " is of type "
                    + parameter.getParameter().getType().getName() + "; remove @ServerId or change the type to TcpServer");
        }
        List<ManagedServer> servers = visible(from);
        if (serverId.isPresent()) {
            String id = serverId.get().value();
            for (ManagedServer server : servers) {
                if (server.id().equals(id)) {
                    return server.server();
                }
            }
            throw new ParameterResolutionException("@ServerId(\"" + id + "\") on " + where + " names no server in reach"
                    + (servers.isEmpty()
                            ? ", since there is none; declare @WithTcpServer(id = \"" + id + "\") on the test class or method, "
                                    + "or register TcpServerExtension.of(\"" + id + "\", builder)"
                            : ": there is only " + list(servers) + "; use one of their ids or declare @WithTcpServer(id = \""
                                    + id + "\")")
                    + constructorHint(executable));
        }
        if (servers.size() == 1) {
            return servers.get(0).server();
        }
        if (servers.isEmpty()) {
            throw new ParameterResolutionException("No tcptest server is in reach of " + where
                    + ": annotate the test class or method with @WithTcpServer, or register a TcpServerExtension"
                    + constructorHint(executable));
        }
        throw new ParameterResolutionException("@WithTcpServer: " + where + " is ambiguous, since several servers are in reach: "
                + list(servers) + "; choose one with @ServerId, such as @ServerId(\"" + servers.get(0).id()
                + "\") TcpServer server");
    }

    private static String constructorHint(Executable executable) {
        return executable instanceof Constructor
                ? " (a constructor receives only the servers of its class and enclosing classes, not those of a method, nor "
                        + "that of a TcpServerExtension in an instance field, which starts after the instance is created; "
                        + "make the field static)"
                : "";
    }

    private static String list(List<ManagedServer> servers) {
        return servers.stream().map(ManagedServer::describe).collect(Collectors.joining(", "));
    }

    private static String describe(ParameterContext parameter) {
        Executable executable = parameter.getDeclaringExecutable();
        String owner = executable.getDeclaringClass().getSimpleName();
        String name = executable instanceof Constructor ? "constructor " + owner : "method " + owner + "." + executable.getName();
        String types = java.util.Arrays.stream(executable.getParameterTypes()).map(Class::getSimpleName)
                .collect(Collectors.joining(", "));
        return "parameter " + parameter.getIndex() + " [" + parameter.getParameter().getType().getSimpleName()
                + "] of " + name + "(" + types + ")";
    }

    /**
     * Adds the transcripts of the servers in reach to a failure as a suppressed
     * {@link TcpServerTranscript}, once per failure; aborted tests are left alone.
     *
     * @return the same throwable, to rethrow
     */
    static Throwable attachTranscripts(ExtensionContext context, Throwable failure) {
        if (failure instanceof TestAbortedException) {
            return failure;
        }
        for (Throwable suppressed : failure.getSuppressed()) {
            if (suppressed instanceof TcpServerTranscript) {
                return failure;
            }
        }
        List<ManagedServer> servers = visible(context);
        if (!servers.isEmpty()) {
            failure.addSuppressed(new TcpServerTranscript(servers));
        }
        return failure;
    }
}
