package dev.tcptest.maven;

import dev.tcptest.BindFailedException;
import dev.tcptest.InvalidSettingException;
import dev.tcptest.ServerSettings;
import dev.tcptest.TcpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * Turns configured {@link Server}s into running {@link TcpServer}s, all or none: the values are
 * checked for every server first, and if one server cannot bind, the ones already started are
 * stopped again.
 */
final class ServerLauncher {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*");

    /**
     * The runtime logs through {@code System.Logger}, which in Maven's JVM is java.util.logging on
     * standard error. The plugin prints its own start and stop lines, so the runtime's are limited
     * to warnings unless the JVM's logging configuration sets a level; held here because
     * java.util.logging forgets the level of a logger nobody references.
     */
    private static final Logger RUNTIME_LOG = Logger.getLogger("dev.tcptest");

    /** The project's test class path, read only when a handler is a class name. */
    interface TestClassPath {
        List<String> elements() throws Exception;
    }

    /** A server this project already runs, started by an earlier start-server: the names it exports. */
    record Running(String id, String portProperty) {
    }

    /**
     * Where the servers start.
     *
     * @param project the project's name for messages
     * @param goal the goal that starts them, {@code start-server} or {@code run}
     * @param directory the project's directory, which relative paths are resolved against
     * @param running the servers this project already runs
     * @param classPath where handler classes come from
     */
    record Context(String project, String goal, Path directory, Path output, List<Running> running,
            TestClassPath classPath) {
    }

    /** The password of the trust stores written for TLS servers: they hold a throwaway CA, nothing secret. */
    private static final String TRUST_STORE_PASSWORD = "tcptest";
    private static final int RUN_RETAINED_CONNECTIONS = 1_000;
    private static final long RUN_RETAINED_BYTES = 64L * 1024 * 1024;

    private ServerLauncher() {
    }

    /**
     * Starts the servers.
     *
     * @param context the project they start in
     * @param servers the configured servers
     * @param shorthand whether they came from the single-server shorthand ({@code -Dtcptest.port} and friends)
     * @return the started servers
     * @throws ConfigurationException if a value is bad or a server cannot bind
     */
    static ServerGroup start(Context context, List<Server> servers, boolean shorthand) throws ConfigurationException {
        checkNames(servers, context.running());
        synchronized (RUNTIME_LOG) {
            if (RUNTIME_LOG.getLevel() == null) {
                RUNTIME_LOG.setLevel(Level.WARNING);
            }
        }
        URLClassLoader loader = needsClasses(servers) ? loader(context.classPath()) : null;
        List<ServerGroup.Started> started = new ArrayList<>();
        try {
            List<ServerSettings> settings = new ArrayList<>();
            List<TcpServer.Builder> builders = new ArrayList<>();
            List<Transcripts> transcripts = new ArrayList<>();
            for (Server server : servers) {
                Transcripts account = new Transcripts(server.getId(), context.output().resolve(server.getId()));
                transcripts.add(account);
                ServerSettings described = settings(server, loader).onConnectionFinished(account);
                settings.add(described);
                TcpServer.Builder builder = builder(context, server, shorthand, described);
                if (context.goal().equals("run")) {
                    // A server that serves until Ctrl-C keeps less in memory; the files keep it all.
                    builder.retention(RUN_RETAINED_CONNECTIONS, RUN_RETAINED_BYTES);
                }
                builders.add(builder);
            }
            for (int i = 0; i < servers.size(); i++) {
                started.add(startOne(context, servers.get(i), shorthand, settings.get(i), builders.get(i), transcripts.get(i)));
            }
            return new ServerGroup(context.project(), started, loader);
        } catch (ConfigurationException e) {
            stopAll(started, loader);
            if (started.isEmpty()) {
                throw e;
            }
            String message = e.getMessage();
            throw new ConfigurationException(message + (message.endsWith(".") ? " " : ". ") + "The server(s) " + ids(started)
                    + " that this " + context.goal() + " had started before it were stopped again.", e.getCause());
        } catch (RuntimeException e) {
            stopAll(started, loader);
            throw e;
        }
    }

    /** The one place where a configured server becomes the runtime's settings, and so a builder. */
    private static ServerSettings settings(Server server, ClassLoader loader) {
        return new ServerSettings()
                .name(server.getId())
                .bindAddress(server.getBindAddress())
                .port(server.getPort())
                .backlog(server.getBacklog())
                .handler(server.getHandler())
                .response(server.getResponse())
                .script(server.getScript() == null ? null : server.getScript().toPath())
                .proxyTarget(server.getProxyTarget())
                .faults(server.getFaults())
                .acceptPaused(server.isAcceptPaused())
                .tls(server.getTls())
                .keyStore(server.getKeyStore() == null ? null : server.getKeyStore().toPath())
                .keyStorePassword(server.getKeyStorePassword())
                .recordScripts(server.getRecordScripts() == null ? null : server.getRecordScripts().toPath())
                .handlerClassLoader(loader);
    }

    private static TcpServer.Builder builder(Context context, Server server, boolean shorthand, ServerSettings settings)
            throws ConfigurationException {
        try {
            return settings.toBuilder();
        } catch (InvalidSettingException e) {
            throw new ConfigurationException(Wording.server(server.getId()) + reason(context, server, e,
                    Wording.naming(shorthand)), e);
        }
    }

    /** What was wrong with a setting and what to do; the plugin's own words where it knows more than the runtime. */
    private static String reason(Context context, Server server, InvalidSettingException e,
            BiFunction<String, String, String> naming) {
        String setting = naming.apply(e.setting(), null);
        if (e.setting().equals("script") && server.getScript() != null && !server.getScript().exists()) {
            return naming.apply("script", server.getScript().toString()) + ": no such file (a relative " + setting
                    + " is resolved against the project directory, " + context.directory() + "); check the name, or give"
                    + " the path from the project directory, such as " + naming.apply("script", "src/test/resources/smtp.chat");
        }
        if (e.setting().equals("handler") && has(e, ClassNotFoundException.class)) {
            return unknownHandler(setting, e.value(), context.goal());
        }
        if (e.setting().equals("handler") && has(e, LinkageError.class)) {
            return setting + " names class " + e.value() + ", which is on the project's test class path but cannot be loaded ("
                    + e.getCause() + "); add what it needs to the project's test dependencies";
        }
        return e.message(naming);
    }

    private static String unknownHandler(String setting, String name, String goal) {
        String builtIn = String.join(", ", ServerSettings.handlerNames());
        if (!name.contains(".")) {
            return setting + " '" + name + "' names no built-in handler; use one of " + builtIn + ", or the fully qualified"
                    + " name of an AcceptHandler class on the project's test class path";
        }
        String compile = goal.equals("run") ? "run mvn test-compile tcptest:run"
                : "run start-server in a phase after test-compile, as its default pre-integration-test is (mvn verify),"
                        + " not as mvn tcptest:start-server alone";
        return setting + " '" + name + "' names no built-in handler, and the project's test class path (its test classes"
                + " and test dependencies) has no class of that name. If it is one of the project's test classes, compile"
                + " them first: " + compile + ". Otherwise check the package and the spelling, or use one of " + builtIn;
    }

    private static boolean has(Throwable error, Class<? extends Throwable> type) {
        for (Throwable cause = error.getCause(); cause != null && cause != error; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }

    /** Binds one server and writes its TLS files; one that bound but cannot write them is stopped again. */
    private static ServerGroup.Started startOne(Context context, Server server, boolean shorthand, ServerSettings settings,
            TcpServer.Builder builder, Transcripts transcripts) throws ConfigurationException {
        TcpServer bound = bind(server, shorthand, builder);
        try {
            return new ServerGroup.Started(server.getId(), settings.handlerName(), server.getPortProperty(), bound, transcripts,
                    tlsFiles(context, server.getId(), settings, bound));
        } catch (ConfigurationException e) {
            bound.stop();
            throw e;
        }
    }

    /** For a TLS server, its CA's trust store and its certificate, written for the tests; null without TLS. */
    private static ServerGroup.TlsFiles tlsFiles(Context context, String id, ServerSettings settings, TcpServer server)
            throws ConfigurationException {
        if (settings.tlsMode().equals("false")) {
            return null;
        }
        Path directory = context.output().resolve(id);
        try {
            Files.createDirectories(directory);
            Path trustStore = directory.resolve("truststore.p12");
            server.certificates().writeTrustStore(trustStore, TRUST_STORE_PASSWORD);
            Path certificate = Files.writeString(directory.resolve("certificate.pem"), server.certificates().certificatePem());
            return new ServerGroup.TlsFiles(trustStore, TRUST_STORE_PASSWORD, certificate);
        } catch (IOException e) {
            throw new ConfigurationException(Wording.server(id) + "cannot write its trust store and certificate under "
                    + directory + ": " + e.getMessage() + "; check that the directory is writable", e);
        }
    }

    private static TcpServer bind(Server server, boolean shorthand, TcpServer.Builder builder) throws ConfigurationException {
        try {
            return builder.start();
        } catch (BindFailedException e) {
            throw new ConfigurationException(Wording.server(server.getId()) + e.message(Wording.naming(shorthand)), e);
        } catch (UncheckedIOException e) {
            throw new ConfigurationException(Wording.server(server.getId()) + "cannot start: " + e.getMessage(), e);
        }
    }

    private static void checkNames(List<Server> servers, List<Running> running) throws ConfigurationException {
        Set<String> runningIds = new HashSet<>();
        running.forEach(earlier -> runningIds.add(earlier.id()));
        Set<String> seen = new HashSet<>(runningIds);
        // Every name a server's address is exported under, to the id of the server that sets it.
        Map<String, String> owners = new HashMap<>();
        for (Running earlier : running) {
            exports(owners, earlier.id());
            if (earlier.portProperty() != null) {
                owners.put(earlier.portProperty(), earlier.id());
            }
        }
        for (Server server : servers) {
            String id = server.getId();
            if (!ID.matcher(id).matches()) {
                throw new ConfigurationException("tcptest server <id>" + server.rawId() + "</id>: an id is used in property"
                        + " names (tcptest.<id>.port), so it takes only letters, digits, '-' and '_', starting with a letter"
                        + " or digit; rename it, e.g. <id>smtp</id>");
            }
            if (!seen.add(id)) {
                throw new ConfigurationException("tcptest server <id>" + id + "</id> is configured twice"
                        + (runningIds.contains(id) ? " (an earlier start-server of this project already started it)" : "")
                        + ": every server needs its own id, since its address is exported as tcptest." + id
                        + ".port; give each <server> a different <id>");
            }
            exports(owners, id);
        }
        for (Server server : servers) {
            checkPortProperty(server, owners, runningIds);
        }
    }

    /** A portProperty must not shadow an input or another exported name; it joins {@code owners}. */
    private static void checkPortProperty(Server server, Map<String, String> owners, Set<String> runningIds)
            throws ConfigurationException {
        String id = server.getId();
        String name = server.getPortProperty();
        if (name == null || name.equals(PropertyNames.port(id))) {
            return;
        }
        String where = "tcptest server '" + id + "', <portProperty>" + name + "</portProperty>: ";
        String fix = "; give it a name of its own, e.g. <portProperty>" + id + ".port</portProperty>, or leave it out";
        String owner = owners.get(name);
        if (PropertyNames.INPUTS.contains(name)) {
            throw new ConfigurationException(where + "that is the name of an input (-D" + name + "), which would"
                    + " shadow the exported port" + fix);
        }
        if (owner != null) {
            String earlier = runningIds.contains(owner) ? ", started by an earlier start-server of this project," : "";
            String clash = owner.equals(id) ? "server '" + id + "' exports its own " + name.substring(name.lastIndexOf('.') + 1)
                    + " under that name"
                    : isExport(name, owner) ? "server '" + owner + "'" + earlier + " exports its own "
                            + name.substring(name.lastIndexOf('.') + 1) + " under that name"
                    : "server '" + owner + "'" + earlier + " already exports its port as " + name;
            throw new ConfigurationException(where + clash + ", so one of the two values would be lost" + fix);
        }
        if (name.startsWith("tcptest.")) {
            throw new ConfigurationException(where + "names under tcptest. are the plugin's own (tcptest.<id>.host, .port"
                    + " and .address, and its -D inputs)" + fix);
        }
        owners.put(name, id);
    }

    private static void exports(Map<String, String> owners, String id) {
        owners.put(PropertyNames.host(id), id);
        owners.put(PropertyNames.port(id), id);
        owners.put(PropertyNames.address(id), id);
    }

    private static boolean isExport(String name, String id) {
        return name.equals(PropertyNames.host(id)) || name.equals(PropertyNames.port(id)) || name.equals(PropertyNames.address(id));
    }

    private static boolean needsClasses(List<Server> servers) {
        for (Server server : servers) {
            String handler = server.getHandler();
            if (handler != null && !handler.isBlank()
                    && !ServerSettings.handlerNames().contains(handler.trim().toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }

    private static URLClassLoader loader(TestClassPath classPath) throws ConfigurationException {
        List<String> elements;
        try {
            elements = classPath.elements();
        } catch (Exception e) {
            throw new ConfigurationException("tcptest: the project's test class path, where <handler> classes are loaded"
                    + " from, cannot be resolved: " + e.getMessage() + "; fix the project's dependencies", e);
        }
        try {
            return HandlerClassLoader.of(elements);
        } catch (MalformedURLException e) {
            throw new ConfigurationException("tcptest: the test class path entry cannot be used as a URL: " + e.getMessage(), e);
        }
    }

    private static void stopAll(List<ServerGroup.Started> started, URLClassLoader loader) {
        started.forEach(running -> running.server().stop());
        close(loader);
    }

    private static String ids(List<ServerGroup.Started> started) {
        List<String> ids = new ArrayList<>();
        started.forEach(running -> ids.add("'" + running.id() + "'"));
        return String.join(", ", ids);
    }

    private static void close(URLClassLoader loader) {
        if (loader != null) {
            try {
                loader.close();
            } catch (java.io.IOException e) {
                // Nothing was loaded from it that outlives this failed start.
            }
        }
    }
}
