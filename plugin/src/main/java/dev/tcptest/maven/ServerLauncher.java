package dev.tcptest.maven;

import dev.tcptest.TcpServer;
import dev.tcptest.internal.settings.ServerSettings;
import dev.tcptest.internal.settings.ServerSettings.Dialect;
import dev.tcptest.internal.settings.ServerSettings.Setting;
import dev.tcptest.internal.settings.ServerSettings.SettingException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
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

    private ServerLauncher() {
    }

    /**
     * Starts the servers.
     *
     * @param project the project's name for messages
     * @param servers the configured servers
     * @param shorthand whether they came from the single-server shorthand ({@code -Dtcptest.port} and friends)
     * @param runningIds the ids this project already runs
     * @param classPath where handler classes come from
     * @return the started servers
     * @throws ConfigurationException if a value is bad or a server cannot bind
     */
    static ServerGroup start(String project, List<Server> servers, boolean shorthand, Collection<String> runningIds,
            TestClassPath classPath) throws ConfigurationException {
        checkIds(servers, runningIds);
        synchronized (RUNTIME_LOG) {
            if (RUNTIME_LOG.getLevel() == null) {
                RUNTIME_LOG.setLevel(Level.WARNING);
            }
        }
        URLClassLoader loader = needsClasses(servers) ? loader(classPath) : null;
        List<ServerGroup.Started> started = new ArrayList<>();
        try {
            List<ServerSettings> settings = new ArrayList<>();
            List<TcpServer.Builder> builders = new ArrayList<>();
            for (Server server : servers) {
                ServerSettings described = settings(server, loader);
                settings.add(described);
                builders.add(builder(server, shorthand, described));
            }
            for (int i = 0; i < servers.size(); i++) {
                Server server = servers.get(i);
                started.add(new ServerGroup.Started(server.getId(), settings.get(i).handlerName(), server.getPortProperty(),
                        bind(server, shorthand, builders.get(i))));
            }
            return new ServerGroup(project, started, loader);
        } catch (ConfigurationException e) {
            stopAll(started, loader);
            throw started.isEmpty() ? e : new ConfigurationException(e.getMessage() + " (stopped again: " + ids(started)
                    + ", started before it by the same start-server)", e.getCause());
        } catch (RuntimeException e) {
            stopAll(started, loader);
            throw e;
        }
    }

    /** The one place where a configured server becomes the runtime's settings, and so a builder. */
    private static ServerSettings settings(Server server, ClassLoader loader) {
        return new ServerSettings(Dialect.POM)
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
                .handlerClassLoader(loader);
    }

    private static TcpServer.Builder builder(Server server, boolean shorthand, ServerSettings settings) throws ConfigurationException {
        try {
            return settings.toBuilder();
        } catch (SettingException e) {
            throw new ConfigurationException(describe(server.getId(), e.setting(), e.value(), shorthand) + e.getMessage()
                    + hint(e.setting(), e.getMessage()), e);
        }
    }

    private static TcpServer bind(Server server, boolean shorthand, TcpServer.Builder builder) throws ConfigurationException {
        try {
            return builder.start();
        } catch (UncheckedIOException e) {
            boolean inUse = String.valueOf(e.getMessage()).contains("in use");
            Setting setting = inUse ? Setting.PORT : Setting.BIND_ADDRESS;
            String value = inUse ? String.valueOf(server.getPort())
                    : server.getBindAddress() == null ? "127.0.0.1" : server.getBindAddress();
            String reason = e.getCause() == null ? e.getMessage() : e.getCause().getMessage();
            throw new ConfigurationException(describe(server.getId(), setting, value, shorthand) + reason, e);
        }
    }

    private static void checkIds(List<Server> servers, Collection<String> runningIds) throws ConfigurationException {
        Set<String> seen = new HashSet<>(runningIds);
        Set<String> exported = new HashSet<>();
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
            exported.add(PropertyNames.port(id));
        }
        for (Server server : servers) {
            String name = server.getPortProperty();
            if (name != null && (PropertyNames.INPUTS.contains(name) || name.startsWith("tcptest.") && !exported.contains(name))) {
                throw new ConfigurationException("tcptest server '" + server.getId() + "', <portProperty>" + name
                        + "</portProperty>: that name is the plugin's own (an input such as -D" + PropertyNames.PORT
                        + " would shadow it, or it looks like another server's output); choose a name outside tcptest.*,"
                        + " e.g. <portProperty>" + server.getId() + ".port</portProperty>");
            }
        }
    }

    private static boolean needsClasses(List<Server> servers) {
        for (Server server : servers) {
            String handler = server.getHandler();
            if (handler != null && !handler.isBlank()
                    && !ServerSettings.HANDLER_NAMES.contains(handler.trim().toLowerCase(Locale.ROOT))) {
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

    private static String describe(String id, Setting setting, String value, boolean shorthand) {
        String element = setting.element();
        String where = "tcptest server '" + id + "', <" + element + ">"
                + (shorthand ? " (-Dtcptest." + element + ")" : "");
        return value == null || value.isEmpty() ? where + ": " : where + " " + value + ": ";
    }

    private static String hint(Setting setting, String message) {
        switch (setting) {
            case BACKLOG:
                return message.contains(";") ? "" : "; use 1 or more, or leave <backlog> out for the default of 50";
            default:
                return "";
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
