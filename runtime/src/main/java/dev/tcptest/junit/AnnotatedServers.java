package dev.tcptest.junit;

import dev.tcptest.AcceptHandler;
import dev.tcptest.Handlers;
import dev.tcptest.InvalidSettingException;
import dev.tcptest.Script;
import dev.tcptest.ScriptSyntaxException;
import dev.tcptest.TcpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarEntry;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;

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
            if (annotation.tls()) {
                builder.tls();
            }
            builder.handler(handler(context));
            return builder.build();
        }

        private void set(String element, Runnable setter) {
            try {
                setter.run();
            } catch (InvalidSettingException e) {
                throw new ExtensionConfigurationException("@WithTcpServer " + element + " on " + where + " is invalid: "
                        + e.message(AnnotatedServers::attribute), e);
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
            if (type.isEnum()) {
                // An enum's constructor cannot be called, so "add a no-argument constructor" would be no fix.
                // Named from its fields, since reading the constants would run the enum's initializer.
                String constant = Arrays.stream(type.getDeclaredFields()).filter(Field::isEnumConstant).map(Field::getName)
                        .findFirst().map(name -> type.getSimpleName() + "." + name).orElse(type.getSimpleName() + ".INSTANCE");
                throw new ExtensionConfigurationException(prefix + " is an enum, and the extension creates its handler with a "
                        + "no-argument constructor, which an enum cannot have; pass the constant in code with "
                        + "TcpServerExtension.of(TcpServer.builder().handler(" + constant + ")), or make the handler a class");
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
            } catch (LinkageError e) {
                throw cannotLoad(prefix, e);
            }
            try {
                constructor.setAccessible(true);
                return constructor.newInstance();
            } catch (InvocationTargetException e) {
                throw new ExtensionConfigurationException(prefix + " could not be created: its constructor threw "
                        + e.getCause(), e.getCause());
            } catch (ReflectiveOperationException | RuntimeException e) {
                throw new ExtensionConfigurationException(prefix + " could not be created: " + e
                        + "; make the class and its no-argument constructor public (on the module path, or open"
                        + " its package to dev.tcptest)", e);
            } catch (ExceptionInInitializerError e) {
                // The class is initialized only now, by its first instance.
                throw new ExtensionConfigurationException(prefix + " could not be created: its static initializer threw "
                        + e.getCause() + "; fix the initializer", e.getCause());
            } catch (LinkageError e) {
                throw cannotLoad(prefix, e);
            }
        }

        /** A class that failed to initialize before, or that needs a class missing from the class path. */
        private static ExtensionConfigurationException cannotLoad(String prefix, LinkageError e) {
            return new ExtensionConfigurationException(prefix + " could not be loaded: " + e + "; check its static "
                    + "initializer and that the classes it uses are on the test class path", e);
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
            if (isDirectory(url)) {
                throw new ExtensionConfigurationException(element + ": " + url + " is a directory; name the chat script in "
                        + "it, such as script = \"" + name.replaceAll("/+$", "") + "/smtp.chat\"");
            }
            try {
                // Parsed now, so a syntax error fails the class or test before any client connects;
                // an include is relative to the resource's folder on the class path.
                return Script.parse(name, url);
            } catch (UncheckedIOException e) {
                throw new ExtensionConfigurationException(element + ": " + e.getMessage(), e);
            } catch (ScriptSyntaxException e) {
                throw new ExtensionConfigurationException(element + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * A setting as the annotation writes it, for the runtime's messages: {@code port = 0},
     * {@code bindAddress = "127.0.0.1"}.
     */
    static String attribute(String setting, String value) {
        if (value == null) {
            return setting;
        }
        boolean number = !value.isEmpty() && value.chars().allMatch(c -> c >= '0' && c <= '9');
        return setting + " = " + (number || value.equals("true") || value.equals("false") ? value : "\"" + value + "\"");
    }

    /** Whether a resource is a directory, which the JDK would read as a listing of its files. */
    private static boolean isDirectory(URL url) {
        try {
            if ("file".equals(url.getProtocol())) {
                return Files.isDirectory(Path.of(url.toURI()));
            }
            if (url.openConnection() instanceof JarURLConnection jar) {
                JarEntry entry = jar.getJarEntry();
                return entry != null && entry.isDirectory();
            }
        } catch (IOException | URISyntaxException | RuntimeException e) {
            // Not decidable: reading it will tell.
        }
        return false;
    }

    /**
     * The declarations on a class (including those of its superclasses and interfaces, and
     * meta-annotations) or a method, superclasses first, each with the class or method that
     * declares it.
     */
    static List<Declaration> declaredOn(AnnotatedElement element) {
        List<Declaration> result = new ArrayList<>();
        collect(element, result, new HashSet<>());
        return result;
    }

    private static void collect(AnnotatedElement element, List<Declaration> result, Set<Class<?>> visitedTypes) {
        if (element instanceof Class<?> type) {
            if (!visitedTypes.add(type)) {
                return;
            }
            // Where JUnit finds @ExtendWith, and in the same order: superclasses, then interfaces.
            Class<?> superclass = type.getSuperclass();
            if (superclass != null && superclass != Object.class) {
                collect(superclass, result, visitedTypes);
            }
            for (Class<?> implemented : type.getInterfaces()) {
                collect(implemented, result, visitedTypes);
            }
        }
        List<Declaration> here = new ArrayList<>();
        Set<Class<?>> visitedAnnotations = new HashSet<>();
        for (Annotation annotation : element.getDeclaredAnnotations()) {
            collect(annotation, where(element), null, here, visitedAnnotations);
        }
        List<Declaration> above = new ArrayList<>(result);
        for (Declaration declaration : here) {
            // The same annotation again further down (a base class and its subclass both carrying
            // @SmtpServer) declares the same server once; a repeat on one element is a duplicate id.
            if (above.stream().noneMatch(earlier -> earlier.annotation().equals(declaration.annotation()))) {
                result.add(declaration);
            }
        }
    }

    private static void collect(Annotation annotation, String where, Class<?> composed, List<Declaration> result,
            Set<Class<?>> visitedAnnotations) {
        String origin = composed == null ? where : where + " (through @" + composed.getSimpleName() + ")";
        if (annotation instanceof WithTcpServer server) {
            result.add(new Declaration(server, origin));
        } else if (annotation instanceof WithTcpServers servers) {
            for (WithTcpServer server : servers.value()) {
                result.add(new Declaration(server, origin));
            }
        } else {
            Class<? extends Annotation> type = annotation.annotationType();
            if (type.getName().startsWith("java.lang.annotation.") || !visitedAnnotations.add(type)) {
                return;
            }
            for (Annotation meta : type.getDeclaredAnnotations()) {
                collect(meta, where, composed == null ? type : composed, result, visitedAnnotations);
            }
        }
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
