package dev.tcptest.maven;

import java.util.function.BiFunction;

/**
 * How the plugin's messages name a setting: as the POM element ({@code <backlog>},
 * {@code <port>0</port>}) for a {@code <server>}, and as the {@code -D} option
 * ({@code -Dtcptest.backlog}, {@code -Dtcptest.port=0}) for the single-server shorthand, whose
 * values come from the command line. The runtime's errors carry the settings they name apart from
 * their words, so the plugin writes each one in the terms its user wrote.
 */
final class Wording {

    private static final BiFunction<String, String, String> POM = Wording::element;
    private static final BiFunction<String, String, String> SHORTHAND = Wording::option;

    private Wording() {
    }

    /**
     * How a server's settings are written.
     *
     * @param shorthand whether the values came from the single-server shorthand
     * @return given a setting and a value, or null for the setting alone, how the user writes it
     */
    static BiFunction<String, String, String> naming(boolean shorthand) {
        return shorthand ? SHORTHAND : POM;
    }

    /**
     * The start of a message about a server.
     *
     * @param id the server id
     * @return such as {@code tcptest server 'db': }
     */
    static String server(String id) {
        return "tcptest server '" + id + "': ";
    }

    /** {@code <backlog>}, or {@code <backlog>1</backlog>}. */
    static String element(String setting, String value) {
        return value == null ? "<" + setting + ">" : "<" + setting + ">" + value + "</" + setting + ">";
    }

    /** {@code -Dtcptest.response='220 ready\r\n'}: quoted for a shell when it needs to be. */
    static String option(String setting, String value) {
        String name = "-D" + PropertyNames.PREFIX + setting;
        return value == null ? name : name + "=" + (isPlain(value) ? value : "'" + value.replace("'", "'\\''") + "'");
    }

    private static boolean isPlain(String value) {
        for (char c : value.toCharArray()) {
            if (!Character.isLetterOrDigit(c) && "._:/@,=+%-[]".indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }
}
