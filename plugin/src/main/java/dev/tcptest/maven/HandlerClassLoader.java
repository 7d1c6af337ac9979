package dev.tcptest.maven;

import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads handler classes from the project's test class path. Classes of the runtime
 * ({@code dev.tcptest.*}) come from the plugin, so a project handler implements the very
 * {@code AcceptHandler} the plugin's servers call, also when the project depends on a
 * tcptest-runtime of its own; a {@code dev.tcptest} class the plugin does not have (a project's
 * own package under it) is still found on the test class path. Nothing else of Maven or the plugin
 * is visible to the project's classes.
 */
final class HandlerClassLoader extends URLClassLoader {

    static {
        ClassLoader.registerAsParallelCapable();
    }

    private HandlerClassLoader(URL[] urls, ClassLoader parent) {
        super("tcptest-handlers", urls, parent);
    }

    static HandlerClassLoader of(List<String> classpathElements) throws MalformedURLException {
        List<URL> urls = new ArrayList<>();
        for (String element : classpathElements) {
            urls.add(new File(element).toURI().toURL());
        }
        return new HandlerClassLoader(urls.toArray(new URL[0]), new SharedRuntime(HandlerClassLoader.class.getClassLoader()));
    }

    /** The parent: the JDK's platform classes, and the runtime's classes from the plugin. */
    private static final class SharedRuntime extends ClassLoader {

        static {
            ClassLoader.registerAsParallelCapable();
        }

        private final ClassLoader plugin;

        SharedRuntime(ClassLoader plugin) {
            super("tcptest-shared-runtime", ClassLoader.getPlatformClassLoader());
            this.plugin = plugin;
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (name.startsWith("dev.tcptest.") && !name.startsWith("dev.tcptest.maven.")) {
                return plugin.loadClass(name);
            }
            return super.loadClass(name, resolve);
        }
    }
}
