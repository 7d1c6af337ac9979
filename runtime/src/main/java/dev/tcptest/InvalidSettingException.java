package dev.tcptest;

import java.util.function.BiFunction;

/**
 * A setting whose value cannot be used, thrown at once by the setters of {@link TcpServer.Builder},
 * by {@link ServerSettings}, and by {@link Certificates}' builder and {@link Certificates#load}
 * (as {@code keyStore} and {@code keyStorePassword}). It carries the setting (named as the builder's method names it),
 * the value as given, what is wrong with it and the fix, so that a tool can say it in its own
 * terms with {@link #message(BiFunction)}; {@link #getMessage()} says it in Java's:
 * {@code backlog must be at least 1, was 0 (...); use backlog(1) for the smallest queue}.
 */
public final class InvalidSettingException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** The setting, as the builder's method names it. */
    private final String setting;
    /** The value as given, null when missing. */
    private final String value;
    /** What is wrong, with the settings it names kept apart. */
    private final Phrase problem;
    /** What to do, with the settings it names kept apart. */
    private final Phrase fix;

    InvalidSettingException(String setting, String value, Phrase problem, Phrase fix, Throwable cause) {
        super(message(setting, problem, fix, Phrase.JAVA), cause);
        this.setting = setting;
        this.value = value;
        this.problem = problem;
        this.fix = fix;
    }

    InvalidSettingException(String setting, Object value, String problem, String fix) {
        this(setting, value == null ? null : String.valueOf(value), Phrase.of(problem),
                fix.isEmpty() ? Phrase.NONE : Phrase.of(fix), null);
    }

    /**
     * The setting, named as the builder's method (or {@link ServerSettings}'s) names it.
     *
     * @return such as {@code backlog} or {@code proxyTarget}
     */
    public String setting() {
        return setting;
    }

    /**
     * The value as given.
     *
     * @return the value as text, or null when it was null or is missing
     */
    public String value() {
        return value;
    }

    /**
     * What is wrong with the value, without the setting's name, in Java's words.
     *
     * @return such as {@code must be at least 1, was 0}
     */
    public String problem() {
        return problem.render(Phrase.JAVA);
    }

    /**
     * What to do instead, in Java's words.
     *
     * @return such as {@code use backlog(1) for the smallest queue}; empty when the problem says it
     */
    public String fix() {
        return fix.render(Phrase.JAVA);
    }

    /**
     * The whole message with every setting it names written as a tool's users write it.
     *
     * <pre>{@code
     * e.message((setting, value) -> "--" + setting + (value == null ? "" : " " + value))
     * }</pre>
     *
     * @param naming given a setting (as {@link #setting()} names it) and a value to give it, or
     *     null for the setting alone, returns how the user writes it, such as {@code --port 0}
     * @return the setting, the problem and the fix, such as {@code --port must be between 0 and
     *     65535, was 70000; use --port 0 for a free port}
     */
    public String message(BiFunction<String, String, String> naming) {
        return message(setting, problem, fix, naming);
    }

    private static String message(String setting, Phrase problem, Phrase fix, BiFunction<String, String, String> naming) {
        return naming.apply(setting, null) + " " + problem.render(naming) + (fix.isEmpty() ? "" : "; " + fix.render(naming));
    }
}
