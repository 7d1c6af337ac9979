package dev.tcptest.junit;

import dev.tcptest.AcceptHandler;
import dev.tcptest.Handlers;
import dev.tcptest.Script;
import dev.tcptest.ScriptSyntaxException;
import dev.tcptest.TcpServer;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/** Turns {@link WithTcpServer} annotations into servers, rejecting bad values with a message. */
final class AnnotatedServers {

    private AnnotatedServers() {
    }

    /** One {@link WithTcpServer} on a class or method. */
    record Declaration(WithTcpServer annotation, String where) {

        String id() {
            return annotation.id();
        }

        /** The annotation and where it is, such as {@code @WithTcpServer(id = "smtp") on class FooTest}. */
        String origin() {
            return "@WithTcpServer" + ("default".equals(annotation.id()) ? "" : "(id = \"" + annotation.id() + "\")")
                    + " on " + where;
        }

        /**
         * A server with the annotation's settings, not yet started.
         *
         * @throws ExtensionConfigurationException naming the element and the fix for a bad value
         */
        TcpServer build(ExtensionContext context) {
            if (annotation.id().isBlank()) {
                throw new ExtensionConfigurationException("@WithTcpServer id = \"" + annotation.id() + "\" on " + where
                        + " is invalid: an id must not be blank; leave id out for \"default\" or name the server, "
                        + "such as id = \"smtp\"");
            }
            TcpServer.Builder builder = TcpServer.builder().name(annotation.id());
            set("bindAddress = \"" + annotation.bindAddress() + "\"", () -> builder.bindAddress(annotation.bindAddress()));
            set("port = " + annotation.port(), () -> builder.port(annotation.port()));
            set("backlog = " + annotation.backlog(), () -> builder.backlog(annotation.backlog()));
            builder.acceptPaused(annotation.acceptPaused());
            builder.handler(handler(context));
            return builder.build();
        }

        private void set(String element, Runnable setter) {
            try {
                setter.run();
            } catch (IllegalArgumentException e) {
                throw new ExtensionConfigurationException("@WithTcpServer " + element + " on " + where + " is invalid: "
                        + e.getMessage(), e);
            }
        }

        private AcceptHandler handler(ExtensionContext context) {
            Class<? extends AcceptHandler> type = annotation.handler();
            String script = annotation.script();
            boolean hasHandler = type != AcceptHandler.class;
            if (hasHandler && !script.isEmpty()) {
                throw new ExtensionConfigurationException("@WithTcpServer on " + where + " sets both handler ["
                        + type.getName() + "] and script \"" + script + "\"; set only one of them");
            }
            if (hasHandler) {
                return instantiate(type);
            }
            if (!script.isEmpty()) {
                return script(script, context);
            }
            return Handlers.echo();
        }

        private AcceptHandler instantiate(Class<? extends AcceptHandler> type) {
            String prefix = "@WithTcpServer handler [" + type.getName() + "] on " + where;
            if (type.isInterface() || Modifier.isAbstract(type.getModifiers())) {
                throw new ExtensionConfigurationException(prefix + " must be a concrete class with a no-argument constructor, "
                        + "not an interface or an abstract class");
            }
            if (type.getEnclosingClass() != null && !Modifier.isStatic(type.getModifiers())) {
                throw new ExtensionConfigurationException(prefix + " must be a top-level or static nested class with a "
                        + "no-argument constructor; an inner class needs an instance of " + type.getEnclosingClass().getSimpleName()
                        + ", so declare it static");
            }
            Constructor<? extends AcceptHandler> constructor;
            try {
                constructor = type.getDeclaredConstructor();
            } catch (NoSuchMethodException e) {
                throw new ExtensionConfigurationException(prefix + " must have a no-argument constructor; add one, or "
                        + "pass a handler that needs arguments in code with "
                        + "TcpServerExtension.of(TcpServer.builder().handler(...))", e);
            }
            try {
                constructor.setAccessible(true);
                return constructor.newInstance();
            } catch (InvocationTargetException e) {
                throw new ExtensionConfigurationException(prefix + " could not be created: its constructor threw "
                        + e.getCause(), e.getCause());
            } catch (ReflectiveOperationException | RuntimeException e) {
                throw new ExtensionConfigurationException(prefix + " could not be created: " + e
                        + "; make the class and its no-argument constructor public", e);
            }
        }

        private AcceptHandler script(String resource, ExtensionContext context) {
            String name = resource.startsWith("/") ? resource.substring(1) : resource;
            ClassLoader loader = context.getTestClass().map(Class::getClassLoader)
                    .orElseGet(() -> Thread.currentThread().getContextClassLoader());
            URL url = loader == null ? ClassLoader.getSystemResource(name) : loader.getResource(name);
            String element = "@WithTcpServer script = \"" + resource + "\" on " + where;
            if (url == null) {
                throw new ExtensionConfigurationException(element + ": no such resource on the class path; put the file "
                        + "under src/test/resources/" + name
                        + " (the name is resolved from the class path root, not from the test's package)");
            }
            String text;
            try (InputStream in = url.openStream()) {
                text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(in.readAllBytes())).toString();
            } catch (CharacterCodingException e) {
                throw new ExtensionConfigurationException(element + ": " + url + " is not valid UTF-8; save it as UTF-8", e);
            } catch (IOException e) {
                throw new ExtensionConfigurationException(element + " could not be read from " + url + ": " + e, e);
            }
            try {
                // Parsed now, so a syntax error fails the class or test before any client connects.
                return Script.parse(name, text);
            } catch (ScriptSyntaxException e) {
                throw new ExtensionConfigurationException(element + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * The declarations on a class (including inherited and meta-annotations) or a method, in
     * declaration order.
     */
    static List<Declaration> declaredOn(AnnotatedElement element) {
        // JUnit's search finds meta-annotations too but folds equal annotations into one, which
        // would hide a repeated id; the JDK's keeps every directly present (or inherited) one.
        List<WithTcpServer> annotations = new ArrayList<>(Arrays.asList(element.getAnnotationsByType(WithTcpServer.class)));
        for (WithTcpServer found : AnnotationSupport.findRepeatableAnnotations(element, WithTcpServer.class)) {
            if (!annotations.contains(found)) {
                annotations.add(found);
            }
        }
        List<Declaration> result = new ArrayList<>();
        for (WithTcpServer annotation : annotations) {
            result.add(new Declaration(annotation, where(element)));
        }
        return result;
    }

    private static String where(AnnotatedElement element) {
        if (element instanceof Class<?> type) {
            return "class " + type.getSimpleName();
        }
        if (element instanceof Method method) {
            return "method " + method.getDeclaringClass().getSimpleName() + "." + method.getName() + "()";
        }
        return String.valueOf(element);
    }
}
