package dev.tcptest.internal.settings;

import dev.tcptest.AcceptHandler;
import dev.tcptest.Faults;
import dev.tcptest.Handlers;
import dev.tcptest.TcpServer;
import dev.tcptest.ScriptSyntaxException;
import dev.tcptest.internal.script.Program;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A server described by plain values, as a command line or a POM gives them, turned into a
 * {@link TcpServer.Builder}. This is the one place where a handler name and its response, script,
 * proxy target and faults become an {@link AcceptHandler}; the standalone server and the Maven
 * plugin both use it. Every bad value throws {@link SettingException}, which names the setting,
 * the value and the fix in the words of the {@link Dialect} the values came in.
 */
public final class ServerSettings {

    /** The built-in handler names, in the order messages list them. */
    public static final List<String> HANDLER_NAMES =
            List.of("echo", "discard", "respond", "close", "reset", "silent", "script", "proxy");

    private final Dialect dialect;
    private String name = "tcptest";
    private String bindAddress;
    private Integer port;
    private Integer backlog;
    private String handler;
    private String response;
    private Path script;
    private String proxyTarget;
    private String faults;
    private boolean acceptPaused;
    private ClassLoader handlerClassLoader;

    /**
     * Empty settings: every value left unset keeps the builder's default.
     *
     * @param dialect how messages name the settings
     */
    public ServerSettings(Dialect dialect) {
        this.dialect = dialect;
    }

    /**
     * The server's name for logs and threads.
     *
     * @param name a non-blank name
     * @return these settings
     */
    public ServerSettings name(String name) {
        this.name = name;
        return this;
    }

    /**
     * The address to bind; null keeps the default (127.0.0.1).
     *
     * @param bindAddress an IP literal or host name, or null
     * @return these settings
     */
    public ServerSettings bindAddress(String bindAddress) {
        this.bindAddress = bindAddress;
        return this;
    }

    /**
     * The port to bind; null keeps the default (0, a free port).
     *
     * @param port 0 to 65535, or null
     * @return these settings
     */
    public ServerSettings port(Integer port) {
        this.port = port;
        return this;
    }

    /**
     * The listen backlog; null keeps the default (50).
     *
     * @param backlog 1 or more, or null
     * @return these settings
     */
    public ServerSettings backlog(Integer backlog) {
        this.backlog = backlog;
        return this;
    }

    /**
     * The handler: a built-in name, or (with a {@link #handlerClassLoader}) a class name. Null
     * picks {@code respond}, {@code script} or {@code proxy} when exactly one of their values is
     * set, and {@code echo} when none is.
     *
     * @param handler the handler name, or null
     * @return these settings
     */
    public ServerSettings handler(String handler) {
        this.handler = handler;
        return this;
    }

    /**
     * What {@code respond} sends, with the chat scripts' string escapes.
     *
     * @param response the escaped response, or null
     * @return these settings
     */
    public ServerSettings response(String response) {
        this.response = response;
        return this;
    }

    /**
     * The chat script file {@code script} plays.
     *
     * @param script the file, or null
     * @return these settings
     */
    public ServerSettings script(Path script) {
        this.script = script;
        return this;
    }

    /**
     * Where {@code proxy} forwards to.
     *
     * @param proxyTarget {@code host:port}, IPv6 hosts in brackets, or null
     * @return these settings
     */
    public ServerSettings proxyTarget(String proxyTarget) {
        this.proxyTarget = proxyTarget;
        return this;
    }

    /**
     * Faults applied to the handler, in the string form of {@link Faults#parse(String)}.
     *
     * @param faults the faults, or null or blank for none
     * @return these settings
     */
    public ServerSettings faults(String faults) {
        this.faults = faults;
        return this;
    }

    /**
     * Whether the server starts with accepting paused.
     *
     * @param acceptPaused true to start paused
     * @return these settings
     */
    public ServerSettings acceptPaused(boolean acceptPaused) {
        this.acceptPaused = acceptPaused;
        return this;
    }

    /**
     * Where a handler given as a class name is loaded from; null (the default) allows only the
     * built-in names.
     *
     * @param loader the class loader, or null
     * @return these settings
     */
    public ServerSettings handlerClassLoader(ClassLoader loader) {
        this.handlerClassLoader = loader;
        return this;
    }

    /**
     * The name of the handler these settings serve with, after inferring an unset one.
     *
     * @return a built-in name or a class name
     * @throws SettingException if the handler cannot be inferred
     */
    public String handlerName() {
        if (handler != null && !handler.isBlank()) {
            String trimmed = handler.trim();
            String lower = trimmed.toLowerCase(Locale.ROOT);
            return HANDLER_NAMES.contains(lower) ? lower : trimmed;
        }
        List<String> implied = new ArrayList<>();
        if (response != null) {
            implied.add("respond");
        }
        if (script != null) {
            implied.add("script");
        }
        if (proxyTarget != null) {
            implied.add("proxy");
        }
        if (implied.size() > 1) {
            throw new SettingException(Setting.HANDLER, "", dialect.name(Setting.HANDLER) + " is not set and "
                    + implied + " are all implied by the values given; set it to one of them");
        }
        return implied.isEmpty() ? "echo" : implied.get(0);
    }

    /**
     * A builder with these settings and the handler they describe, not yet started.
     *
     * @return the builder
     * @throws SettingException naming the first setting whose value is bad
     */
    public TcpServer.Builder toBuilder() {
        TcpServer.Builder builder = TcpServer.builder().name(name);
        set(dialect, Setting.BIND_ADDRESS, bindAddress, () -> builder.bindAddress(bindAddress));
        set(dialect, Setting.PORT, port, () -> builder.port(port));
        set(dialect, Setting.BACKLOG, backlog, () -> builder.backlog(backlog));
        AcceptHandler handler = handler();
        if (faults != null && !faults.isBlank()) {
            try {
                handler = handler.with(Faults.parse(faults));
            } catch (IllegalArgumentException e) {
                throw new SettingException(Setting.FAULTS, faults, e.getMessage(), e);
            }
        }
        return builder.handler(handler).acceptPaused(acceptPaused);
    }

    /**
     * The handler these settings describe, with no faults applied.
     *
     * @return the handler
     * @throws SettingException if the handler, or a value it needs, is bad
     */
    public AcceptHandler handler() {
        String chosen = handlerName();
        requireOnlyWith(Setting.RESPONSE, response, "respond", chosen);
        requireOnlyWith(Setting.SCRIPT, script, "script", chosen);
        requireOnlyWith(Setting.PROXY_TARGET, proxyTarget, "proxy", chosen);
        switch (chosen) {
            case "echo":
                return Handlers.echo();
            case "discard":
                return Handlers.discard();
            case "close":
                return Handlers.close();
            case "reset":
                return Handlers.reset();
            case "silent":
                return Handlers.silent();
            case "respond":
                return respond();
            case "script":
                return script();
            case "proxy":
                return proxy();
            default:
                return handlerClass(chosen);
        }
    }

    private AcceptHandler respond() {
        if (response == null) {
            throw new SettingException(Setting.RESPONSE, "", needs("respond", Setting.RESPONSE, "HTTP/1.0 200 OK\\r\\n\\r\\n"));
        }
        try {
            return Handlers.respond(Program.unescape(dialect.name(Setting.RESPONSE), response));
        } catch (ScriptSyntaxException e) {
            throw new SettingException(Setting.RESPONSE, response, dialect.name(Setting.RESPONSE)
                    + " has a bad escape at character " + e.column() + ": " + e.reason(), e);
        }
    }

    private AcceptHandler script() {
        if (script == null) {
            throw new SettingException(Setting.SCRIPT, "", needs("script", Setting.SCRIPT, "smtp.chat"));
        }
        try {
            return Handlers.script(script);
        } catch (IllegalArgumentException | UncheckedIOException e) {
            throw new SettingException(Setting.SCRIPT, script.toString(), e.getMessage(), e);
        }
    }

    private AcceptHandler proxy() {
        String target = proxyTarget == null ? null : proxyTarget.trim();
        int colon = target == null ? -1 : target.lastIndexOf(':');
        if (colon <= 0 || colon == target.length() - 1) {
            throw new SettingException(Setting.PROXY_TARGET, target == null ? "" : target,
                    needs("proxy", Setting.PROXY_TARGET, "127.0.0.1:6379") + (target == null ? "" : ", was '" + target + "'"));
        }
        String host = target.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(target.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new SettingException(Setting.PROXY_TARGET, target, dialect.name(Setting.PROXY_TARGET)
                    + " needs HOST:PORT with a numeric port, was '" + target + "'", e);
        }
        try {
            return Handlers.proxy(host, port);
        } catch (IllegalArgumentException e) {
            throw new SettingException(Setting.PROXY_TARGET, target, dialect.name(Setting.PROXY_TARGET) + " '" + target
                    + "': " + e.getMessage(), e);
        }
    }

    private AcceptHandler handlerClass(String className) {
        String choices = "use one of " + String.join(", ", HANDLER_NAMES);
        if (handlerClassLoader == null) {
            throw new SettingException(Setting.HANDLER, className, "unknown handler '" + className + "'; " + choices);
        }
        Class<?> type;
        try {
            type = Class.forName(className, false, handlerClassLoader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new SettingException(Setting.HANDLER, className, "unknown handler '" + className + "': it is no built-in "
                    + "name and no class of that name can be loaded (" + e + "); " + choices
                    + ", or the fully qualified name of an AcceptHandler class on the class path", e);
        }
        if (!AcceptHandler.class.isAssignableFrom(type)) {
            throw new SettingException(Setting.HANDLER, className, "handler class " + className + " does not implement "
                    + AcceptHandler.class.getName() + "; implement it, or " + choices);
        }
        if (Modifier.isAbstract(type.getModifiers())) {
            throw new SettingException(Setting.HANDLER, className, "handler class " + className
                    + " is abstract or an interface; name a concrete class that implements AcceptHandler");
        }
        try {
            return (AcceptHandler) type.getConstructor().newInstance();
        } catch (NoSuchMethodException e) {
            throw new SettingException(Setting.HANDLER, className, "handler class " + className
                    + " needs a public no-argument constructor; add one", e);
        } catch (InvocationTargetException e) {
            throw new SettingException(Setting.HANDLER, className, "handler class " + className
                    + " failed in its constructor: " + e.getCause() + "; fix the constructor", e.getCause());
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new SettingException(Setting.HANDLER, className, "handler class " + className
                    + " cannot be instantiated (" + e + "); make the class and its no-argument constructor public", e);
        }
    }

    private String needs(String handlerName, Setting setting, String example) {
        return dialect.assigned(Setting.HANDLER, handlerName) + " needs " + dialect.placeholder(setting)
                + ", e.g. " + dialect.example(setting, example);
    }

    private void requireOnlyWith(Setting setting, Object value, String handlerName, String chosen) {
        if (value != null && !chosen.equals(handlerName)) {
            throw new SettingException(setting, value.toString(), dialect.name(setting) + " only goes with "
                    + dialect.assigned(Setting.HANDLER, handlerName) + ", not with " + dialect.assigned(Setting.HANDLER, chosen));
        }
    }

    private static void set(Dialect dialect, Setting setting, Object value, Runnable apply) {
        if (value == null) {
            return;
        }
        try {
            apply.run();
        } catch (IllegalArgumentException e) {
            // The builder names its own method ("bindAddress must ..."); a command line says --bind.
            String message = String.valueOf(e.getMessage());
            if (dialect == Dialect.COMMAND_LINE && message.startsWith(setting.element + " ")) {
                message = setting.option + message.substring(setting.element.length());
            }
            throw new SettingException(setting, String.valueOf(value), message, e);
        }
    }

    /** The settings, with the name each has as a POM element and as a command-line option. */
    public enum Setting {
        /** The address to bind. */
        BIND_ADDRESS("bindAddress", "--bind", "ADDRESS"),
        /** The port to bind. */
        PORT("port", "--port", "N"),
        /** The listen backlog. */
        BACKLOG("backlog", "--backlog", "N"),
        /** The handler name or class. */
        HANDLER("handler", "--handler", "NAME"),
        /** What {@code respond} sends. */
        RESPONSE("response", "--response", "TEXT"),
        /** The chat script file. */
        SCRIPT("script", "--script", "FILE"),
        /** Where {@code proxy} forwards to. */
        PROXY_TARGET("proxyTarget", "--target", "HOST:PORT"),
        /** The faults on the handler. */
        FAULTS("faults", "--faults", "LIST");

        private final String element;
        private final String option;
        private final String metavar;

        Setting(String element, String option, String metavar) {
            this.element = element;
            this.option = option;
            this.metavar = metavar;
        }

        /**
         * The name as a POM element, without brackets.
         *
         * @return such as {@code proxyTarget}
         */
        public String element() {
            return element;
        }
    }

    /** How messages write a setting: as a command-line option or as a POM element. */
    public enum Dialect {
        /** {@code --handler respond}. */
        COMMAND_LINE,
        /** {@code <handler>respond</handler>}. */
        POM;

        /**
         * The setting as the user writes it.
         *
         * @param setting the setting
         * @return such as {@code --target} or {@code <proxyTarget>}
         */
        public String name(Setting setting) {
            return this == COMMAND_LINE ? setting.option : "<" + setting.element + ">";
        }

        String assigned(Setting setting, String value) {
            return this == COMMAND_LINE ? setting.option + " " + value : "<" + setting.element + ">" + value + "</" + setting.element + ">";
        }

        String placeholder(Setting setting) {
            return this == COMMAND_LINE ? setting.option + " " + setting.metavar : "<" + setting.element + ">";
        }

        String example(Setting setting, String value) {
            if (this == POM) {
                return assigned(setting, value);
            }
            return setting.option + " " + (value.contains("\\") || value.contains(" ") ? "'" + value + "'" : value);
        }
    }

    /** A setting whose value cannot be used: names the setting and the value, and says what to do. */
    public static final class SettingException extends IllegalArgumentException {

        private static final long serialVersionUID = 1L;

        private final Setting setting;
        private final String value;

        /**
         * A bad value.
         *
         * @param setting the setting
         * @param value the value as given, empty if it was missing
         * @param message what was wrong and what to do
         */
        public SettingException(Setting setting, String value, String message) {
            this(setting, value, message, null);
        }

        /**
         * A bad value, with the failure that showed it.
         *
         * @param setting the setting
         * @param value the value as given, empty if it was missing
         * @param message what was wrong and what to do
         * @param cause the failure, or null
         */
        public SettingException(Setting setting, String value, String message, Throwable cause) {
            super(message, cause);
            this.setting = setting;
            this.value = value;
        }

        /**
         * The setting whose value is bad.
         *
         * @return the setting
         */
        public Setting setting() {
            return setting;
        }

        /**
         * The bad value as given.
         *
         * @return the value, empty if it was missing
         */
        public String value() {
            return value;
        }
    }
}
