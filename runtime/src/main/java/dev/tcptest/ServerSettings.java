package dev.tcptest;

import dev.tcptest.internal.script.Program;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * A server described by text, as a build file or a command line gives it, turned into a
 * {@link TcpServer.Builder}: the handler by name ({@code echo}, {@code discard}, {@code respond},
 * {@code close}, {@code reset}, {@code silent}, {@code script}, {@code proxy}, or a class name),
 * the response with the chat scripts' string escapes, the script file, the proxy target as
 * {@code host:port} and the faults in the string form of {@link Faults#parse(String)}. The Maven
 * plugin and the command line are built on it; in Java code, {@link TcpServer#builder()} says the
 * same with types. Every bad value throws {@link InvalidSettingException}, its setting named as
 * the setter here names it, so that each tool can say it in its own terms.
 *
 * <pre>{@code
 * TcpServer server = new ServerSettings().handler("proxy").proxyTarget("localhost:6379")
 *         .faults("latency=50ms").toBuilder().start();
 * }</pre>
 */
public final class ServerSettings {

    private static final List<String> HANDLER_NAMES =
            List.of("echo", "discard", "respond", "close", "reset", "silent", "script", "proxy");

    private String name;
    private String bindAddress;
    private Integer port;
    private Integer backlog;
    private String handler;
    private String response;
    private Path script;
    private String proxyTarget;
    private String faults;
    private boolean acceptPaused;
    private String tls;
    private Path keyStore;
    private String keyStorePassword;
    private Path recordScripts;
    private Consumer<RecordedConnection> listener;
    private ClassLoader handlerClassLoader;

    /** Empty settings: every value left unset keeps the builder's default. */
    public ServerSettings() {
    }

    /**
     * The built-in handler names, in the order messages list them.
     *
     * @return {@code echo}, {@code discard}, {@code respond}, {@code close}, {@code reset},
     *     {@code silent}, {@code script} and {@code proxy}
     */
    public static List<String> handlerNames() {
        return HANDLER_NAMES;
    }

    /**
     * The server's name for logs and threads; null keeps the default ({@code default}).
     *
     * @param name a non-blank name, or null
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
     * The handler: a built-in name (any case), or, with a {@link #handlerClassLoader}, the name of
     * an {@link AcceptHandler} class with a public no-argument constructor. Null or blank picks
     * {@code respond}, {@code script} or {@code proxy} when the value of exactly one of them is
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
     * What {@code respond} sends, with the chat scripts' string escapes ({@code \r \n \t \\ \"
     * \xHH}); a plain {@code "} is a quote.
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
     * @param proxyTarget {@code host:port}, an IPv6 host in brackets, or null
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
     * TLS: {@code true} from the first byte ({@link TcpServer.Builder#tls(Certificates)}),
     * {@code starttls} for plain connections that a handler or a script upgrades
     * ({@link TcpServer.Builder#certificates(Certificates)}), {@code false} (or null) for none.
     *
     * @param tls {@code true}, {@code starttls}, {@code false} or null
     * @return these settings
     */
    public ServerSettings tls(String tls) {
        this.tls = tls;
        return this;
    }

    /**
     * A PKCS12 file with the key and certificate chain TLS presents, instead of the JVM's
     * throwaway ones ({@link Certificates#load(Path, String)}).
     *
     * @param keyStore the file, or null for the throwaway certificates
     * @return these settings
     */
    public ServerSettings keyStore(Path keyStore) {
        this.keyStore = keyStore;
        return this;
    }

    /**
     * The password of {@link #keyStore(Path)}.
     *
     * @param password the password, or null for none
     * @return these settings
     */
    public ServerSettings keyStorePassword(String password) {
        this.keyStorePassword = password;
        return this;
    }

    /**
     * A folder where a {@code proxy} writes each connection, as it ends, as a chat script that
     * replays it ({@code connection-<id>.chat}, {@link RecordedConnection#toScript()}).
     *
     * @param directory the folder, created if need be; null to write none
     * @return these settings
     */
    public ServerSettings recordScripts(Path directory) {
        this.recordScripts = directory;
        return this;
    }

    /**
     * Something to tell of each finished connection, as {@link TcpServer.Builder#onConnectionFinished} says;
     * a {@link #recordScripts(Path)} folder is written as well.
     *
     * @param listener the listener, or null for none
     * @return these settings
     */
    public ServerSettings onConnectionFinished(Consumer<RecordedConnection> listener) {
        this.listener = listener;
        return this;
    }

    /**
     * The TLS these settings ask for, checked.
     *
     * @return {@code true}, {@code starttls} or {@code false}
     * @throws InvalidSettingException if the value is none of them
     */
    public String tlsMode() {
        String mode = tls == null || tls.isBlank() ? "false" : tls.trim().toLowerCase(Locale.ROOT);
        if (!mode.equals("true") && !mode.equals("false") && !mode.equals("starttls")) {
            throw new InvalidSettingException("tls", tls, Phrase.of("is '" + tls + "', which is not true, false or starttls"),
                    Phrase.of("use ").setting("tls", "true").then(" for TLS from the first byte, or ").setting("tls", "starttls")
                            .then(" for connections the handler or script upgrades"), null);
        }
        return mode;
    }

    /** The certificates TLS presents: the key store's, or the JVM's throwaway ones; null without TLS. */
    private Certificates certificates(String mode) {
        if (mode.equals("false")) {
            if (keyStore != null) {
                throw new InvalidSettingException("keyStore", keyStore.toString(), Phrase.of("is set, but tls is not"),
                        Phrase.of("set ").setting("tls", "true").then(" or ").setting("tls", "starttls").then(", or leave ")
                                .setting("keyStore", null).then(" out"), null);
            }
            return null;
        }
        return keyStore == null ? Certificates.throwaway() : Certificates.load(keyStore, keyStorePassword);
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
     * @return a built-in name in lower case, or a class name
     * @throws InvalidSettingException if the handler is unset and several values imply one
     */
    public String handlerName() {
        if (handler != null && !handler.isBlank()) {
            String trimmed = handler.trim();
            String lower = trimmed.toLowerCase(Locale.ROOT);
            return HANDLER_NAMES.contains(lower) ? lower : trimmed;
        }
        List<String> settings = new ArrayList<>();
        List<String> implied = new ArrayList<>();
        imply(settings, implied, "response", response, "respond");
        imply(settings, implied, "script", script, "script");
        imply(settings, implied, "proxyTarget", proxyTarget, "proxy");
        if (implied.size() > 1) {
            Phrase problem = Phrase.of("is not set, and ");
            Phrase fix = Phrase.of("choose one: ");
            for (int i = 0; i < implied.size(); i++) {
                problem = problem.then(i == 0 ? "" : " and ").setting(settings.get(i), null);
                fix = fix.then(i == 0 ? "" : " or ").setting("handler", implied.get(i));
            }
            throw new InvalidSettingException("handler", null, problem.then(" imply different handlers"), fix, null);
        }
        return implied.isEmpty() ? "echo" : implied.get(0);
    }

    private static void imply(List<String> settings, List<String> implied, String setting, Object value, String handler) {
        if (value != null) {
            settings.add(setting);
            implied.add(handler);
        }
    }

    /**
     * A builder with these settings and the handler they describe, not yet started.
     *
     * @return the builder
     * @throws InvalidSettingException naming the first setting whose value is bad
     */
    public TcpServer.Builder toBuilder() {
        TcpServer.Builder builder = TcpServer.builder();
        if (name != null) {
            builder.name(name);
        }
        if (bindAddress != null) {
            builder.bindAddress(bindAddress);
        }
        if (port != null) {
            builder.port(port);
        }
        if (backlog != null) {
            builder.backlog(backlog);
        }
        String mode = tlsMode();
        Certificates certificates = certificates(mode);
        if (mode.equals("true")) {
            builder.tls(certificates);
        } else if (certificates != null) {
            builder.certificates(certificates);
        }
        builder.handler(handler()).faults(faults).acceptPaused(acceptPaused);
        Consumer<RecordedConnection> finished = listener;
        if (recordScripts != null) {
            ScriptRecorder recorder = ScriptRecorder.into(recordScripts);
            finished = finished == null ? recorder : finished.andThen(recorder);
        }
        return finished == null ? builder : builder.onConnectionFinished(finished);
    }

    /**
     * The handler these settings describe, with no faults applied.
     *
     * @return the handler
     * @throws InvalidSettingException if the handler, or a value it needs, is bad
     */
    public AcceptHandler handler() {
        String chosen = handlerName();
        requireOnlyWith("response", response, "respond", chosen);
        requireOnlyWith("script", script, "script", chosen);
        requireOnlyWith("proxyTarget", proxyTarget, "proxy", chosen);
        requireOnlyWith("recordScripts", recordScripts, "proxy", chosen);
        return switch (chosen) {
            case "echo" -> Handlers.echo();
            case "discard" -> Handlers.discard();
            case "close" -> Handlers.close();
            case "reset" -> Handlers.reset();
            case "silent" -> Handlers.silent();
            case "respond" -> respond();
            case "script" -> script();
            case "proxy" -> proxy();
            default -> HandlerClasses.instantiate(chosen, handlerClassLoader);
        };
    }

    private AcceptHandler respond() {
        if (response == null) {
            throw missing("response", "respond", "HTTP/1.0 200 OK\\r\\n\\r\\n");
        }
        try {
            return Handlers.respond(Program.unescape("response", response));
        } catch (ScriptSyntaxException e) {
            throw new InvalidSettingException("response", response, Phrase.of("has a bad escape at character " + e.column()
                    + ": " + e.reason()), Phrase.NONE, e);
        }
    }

    private AcceptHandler script() {
        if (script == null) {
            throw missing("script", "script", "smtp.chat");
        }
        try {
            return Handlers.script(script);
        } catch (ScriptSyntaxException e) {
            throw new InvalidSettingException("script", script.toString(),
                    Phrase.of("is not a valid chat script: " + e.getMessage()), Phrase.NONE, e);
        } catch (UncheckedIOException e) {
            boolean text = e.getCause() instanceof CharacterCodingException;
            throw new InvalidSettingException("script", script.toString(), Phrase.of("'" + script + "' "
                    + (text ? "is not valid UTF-8" : "cannot be read: " + e.getCause())),
                    Phrase.of(text ? "save it as UTF-8" : "check the name, or give the path of a readable chat script"), e);
        }
    }

    private AcceptHandler proxy() {
        String target = proxyTarget == null ? null : proxyTarget.trim();
        if (target == null) {
            throw missing("proxyTarget", "proxy", "127.0.0.1:6379");
        }
        int colon = target.lastIndexOf(':');
        if (target.startsWith(":") && target.length() > 1) {
            throw badTarget(target, "has no host before the ':'", "127.0.0.1" + target, null);
        }
        if (colon < 0 || target.endsWith(":") || target.endsWith("]")) {
            String host = target.endsWith(":") ? target.substring(0, target.length() - 1) : target;
            throw badTarget(target, "has no port", (host.isEmpty() ? "127.0.0.1" : host) + ":6379", null);
        }
        String host = target.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int targetPort;
        try {
            targetPort = Integer.parseInt(target.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw badTarget(target, "has no numeric port", target.substring(0, colon) + ":6379", e);
        }
        try {
            return Handlers.proxy(host, targetPort);
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException("proxyTarget", target, Phrase.of("'" + target + "' cannot be used: "
                    + e.getMessage()), Phrase.NONE, e);
        }
    }

    private static InvalidSettingException badTarget(String target, String problem, String example, Throwable cause) {
        return new InvalidSettingException("proxyTarget", target, Phrase.of("'" + target + "' " + problem),
                Phrase.of("write host:port, such as ").setting("proxyTarget", example), cause);
    }

    /** A value the chosen handler needs; the handler was named, since the value would have implied it. */
    private static InvalidSettingException missing(String setting, String handlerName, String example) {
        return new InvalidSettingException(setting, null, Phrase.of("is missing: ").setting("handler", handlerName)
                .then(" needs it"), Phrase.of("set it, such as ").setting(setting, example), null);
    }

    private static void requireOnlyWith(String setting, Object value, String handlerName, String chosen) {
        if (value != null && !chosen.equals(handlerName)) {
            throw new InvalidSettingException(setting, value.toString(), Phrase.of("only goes with ")
                    .setting("handler", handlerName).then(", not with ").setting("handler", chosen),
                    Phrase.of("remove it, or use ").setting("handler", handlerName), null);
        }
    }
}
