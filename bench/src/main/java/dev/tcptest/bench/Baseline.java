package dev.tcptest.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The tcptest runtime of an older commit, as the extra server {@code tcptest-before} beside
 * today's in the same JVM. Its jar (system property {@code bench.baseline}, which
 * {@code bench/run.sh --baseline COMMIT} builds and sets) is loaded in a class loader of its own,
 * and the very classes that run today's tcptest in the bench, {@link TcptestEchoServer} and
 * {@link TcptestProxy}, are defined once more in that loader: both runtimes run with the same
 * settings through the same code, without reflection on the measured path. A server process of
 * the concurrency scenario inherits the property with the JVM's options.
 */
final class Baseline {

    /** The older runtime's column name. */
    static final String NAME = "tcptest-before";

    /** The system property that names the older runtime's jar. */
    static final String PROPERTY = "bench.baseline";

    private static final List<Class<?>> ADAPTERS = List.of(TcptestEchoServer.class, TcptestProxy.class,
            TcptestTlsEchoServer.class);

    private static ClassLoader loader;

    private Baseline() {
    }

    /**
     * Whether an older runtime was given.
     *
     * @return true if {@code bench.baseline} is set
     */
    static boolean present() {
        return System.getProperty(PROPERTY) != null;
    }

    /**
     * The older runtime's jar.
     *
     * @return the path {@code bench.baseline} names
     */
    static Path jar() {
        String jar = System.getProperty(PROPERTY);
        if (jar == null) {
            throw new IllegalStateException("no older runtime to compare with: run bench/run.sh --baseline COMMIT,"
                    + " or set -D" + PROPERTY + "=JAR to a tcptest-runtime jar");
        }
        return Path.of(jar);
    }

    /**
     * The older runtime's echo server, set up as today's.
     *
     * @return a new, unstarted server named {@code tcptest-before}
     */
    static EchoServer echoServer() {
        return EchoServer.class.cast(instance(TcptestEchoServer.class));
    }

    /**
     * The older runtime's TLS echo server, set up as today's; a runtime without TLS fails with a
     * {@code LinkageError}.
     *
     * @return a new, unstarted server named {@code tcptest-before}
     */
    static EchoServer tlsEchoServer() {
        return EchoServer.class.cast(instance(TcptestTlsEchoServer.class));
    }

    /**
     * The older runtime's proxy, set up as today's.
     *
     * @return a new, unstarted proxy named {@code tcptest-before}
     */
    static Proxy proxy() {
        return Proxy.class.cast(instance(TcptestProxy.class));
    }

    private static Object instance(Class<?> adapter) {
        try {
            Class<?> copy = Class.forName(adapter.getName(), true, loader());
            return copy.getConstructor(String.class).newInstance(NAME);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot make " + adapter.getSimpleName() + " on the runtime in " + jar()
                    + " (" + e + "); is it a tcptest-runtime jar?", e);
        }
    }

    private static synchronized ClassLoader loader() {
        if (loader == null) {
            Path jar = jar();
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException(PROPERTY + " names " + jar + ", which is not a file; build it with"
                        + " bench/run.sh --baseline COMMIT");
            }
            try {
                loader = new Isolating(jar.toUri().toURL(), Baseline.class.getClassLoader());
            } catch (MalformedURLException e) {
                throw new IllegalStateException(PROPERTY + " names " + jar + ", which is no URL: " + e, e);
            }
        }
        return loader;
    }

    /**
     * Takes the runtime's classes ({@code dev.tcptest} outside the bench) from the older jar only,
     * defines the adapters from the bench's own class files, and leaves everything else (the JDK,
     * the bench's interfaces) to the bench's loader, so that both sides share {@link EchoServer}
     * and {@link Proxy}.
     */
    private static final class Isolating extends URLClassLoader {

        static {
            registerAsParallelCapable();
        }

        private final ClassLoader bench;

        Isolating(URL jar, ClassLoader bench) {
            super(NAME, new URL[] {jar}, bench);
            this.bench = bench;
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!isAdapter(name) && !isRuntime(name)) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> loaded = findLoadedClass(name);
                if (loaded == null) {
                    loaded = isAdapter(name) ? defineAdapter(name) : findClass(name);
                }
                if (resolve) {
                    resolveClass(loaded);
                }
                return loaded;
            }
        }

        @Override
        public URL getResource(String name) {
            URL own = name.startsWith("dev/tcptest/") && !name.startsWith("dev/tcptest/bench/") ? findResource(name)
                    : null;
            return own != null ? own : super.getResource(name);
        }

        private static boolean isRuntime(String name) {
            return name.startsWith("dev.tcptest.") && !name.startsWith("dev.tcptest.bench.");
        }

        private static boolean isAdapter(String name) {
            for (Class<?> adapter : ADAPTERS) {
                if (name.equals(adapter.getName()) || name.startsWith(adapter.getName() + "$")) {
                    return true;
                }
            }
            return false;
        }

        private Class<?> defineAdapter(String name) throws ClassNotFoundException {
            String file = name.replace('.', '/') + ".class";
            try (InputStream in = bench.getResourceAsStream(file)) {
                if (in == null) {
                    throw new ClassNotFoundException(name + ": no " + file + " beside the bench's classes");
                }
                byte[] bytes = in.readAllBytes();
                return defineClass(name, bytes, 0, bytes.length);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file + " from the bench's classes", e);
            }
        }
    }
}
