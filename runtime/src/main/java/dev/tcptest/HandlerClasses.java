package dev.tcptest;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;

/** A handler given by its class name, as {@link ServerSettings#handler(String)} takes it. */
final class HandlerClasses {

    private HandlerClasses() {
    }

    /**
     * A new instance of the named {@link AcceptHandler} class.
     *
     * @param className a fully qualified class name, or an unknown built-in name
     * @param loader where to load it from; null allows no class at all
     * @return the handler
     * @throws InvalidSettingException for {@code handler}, saying what the class lacks
     */
    static AcceptHandler instantiate(String className, ClassLoader loader) {
        String builtIn = String.join(", ", ServerSettings.handlerNames());
        if (loader == null) {
            throw bad(className, "'" + className + "' names no built-in handler", "use one of " + builtIn, null);
        }
        Class<?> type;
        try {
            type = Class.forName(className, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw bad(className, "'" + className + "' names no built-in handler and no class that can be loaded (" + e + ")",
                    "use one of " + builtIn + ", or the fully qualified name of an AcceptHandler class on the class path", e);
        }
        String named = "names class " + className + ", which ";
        if (!AcceptHandler.class.isAssignableFrom(type)) {
            throw bad(className, named + "does not implement " + AcceptHandler.class.getName(),
                    "implement it, or use one of " + builtIn, null);
        }
        if (Modifier.isAbstract(type.getModifiers())) {
            throw bad(className, named + "is abstract or an interface",
                    "name a concrete class that implements AcceptHandler", null);
        }
        try {
            return (AcceptHandler) type.getConstructor().newInstance();
        } catch (NoSuchMethodException e) {
            throw bad(className, named + "has no public no-argument constructor", "add one", e);
        } catch (InvocationTargetException e) {
            throw bad(className, named + "failed in its constructor: " + e.getCause(), "fix the constructor", e.getCause());
        } catch (ReflectiveOperationException | LinkageError e) {
            throw bad(className, named + "cannot be instantiated (" + e + ")",
                    "make the class and its no-argument constructor public", e);
        }
    }

    private static InvalidSettingException bad(String className, String problem, String fix, Throwable cause) {
        return new InvalidSettingException("handler", className, Phrase.of(problem), Phrase.of(fix), cause);
    }
}
