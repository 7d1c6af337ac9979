package dev.tcptest.maven;

import dev.tcptest.internal.settings.ServerSettings.Setting;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a message names a setting: as the POM element ({@code <backlog> -1}) for a
 * {@code <server>}, and as the {@code -D} option ({@code -Dtcptest.backlog=-1}) for the
 * single-server shorthand, whose values come from the command line. The runtime words its
 * messages for the POM; for the shorthand, every element they name is rewritten.
 */
final class Wording {

    private static final Pattern ASSIGNED;
    private static final Pattern NAMED;
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9._:/@,=+%\\[\\]-]*");

    static {
        List<String> elements = new ArrayList<>();
        for (Setting setting : Setting.values()) {
            elements.add(Pattern.quote(setting.element()));
        }
        String names = String.join("|", elements);
        ASSIGNED = Pattern.compile("<(" + names + ")>([^<]*)</\\1>");
        NAMED = Pattern.compile("<(" + names + ")>");
    }

    private Wording() {
    }

    /**
     * The start of a message about a server's setting, up to and with ": ".
     *
     * @param id the server id
     * @param element the setting's element, such as {@code backlog}
     * @param value the value as given, null or empty when it is missing (the reason then names the element)
     * @param shorthand whether the value came from the single-server shorthand
     * @param reason the rest of the message; a value it starts with (a script's file:line) is not repeated
     * @return such as {@code tcptest server 'db', <backlog> -1: }
     */
    static String where(String id, String element, String value, boolean shorthand, String reason) {
        String server = "tcptest server '" + id + "'";
        if (value == null || value.isEmpty()) {
            return server + ": ";
        }
        if (reason.startsWith(value)) {
            return server + ", " + (shorthand ? "-D" + PropertyNames.PREFIX + element : "<" + element + ">") + ": ";
        }
        return server + ", " + (shorthand ? option(element, value) : "<" + element + "> " + value) + ": ";
    }

    /**
     * A message in the POM's words, reworded for the shorthand.
     *
     * @param text what was wrong and what to do, naming elements as {@code <port>}
     * @param shorthand whether to name them as {@code -Dtcptest.port} instead
     * @return the text
     */
    static String text(String text, boolean shorthand) {
        if (!shorthand) {
            return text;
        }
        Matcher assigned = ASSIGNED.matcher(text);
        StringBuilder out = new StringBuilder();
        while (assigned.find()) {
            assigned.appendReplacement(out, Matcher.quoteReplacement(option(assigned.group(1), assigned.group(2))));
        }
        assigned.appendTail(out);
        return NAMED.matcher(out.toString()).replaceAll("-D" + PropertyNames.PREFIX + "$1");
    }

    /** {@code -Dtcptest.response='220 ready\r\n'}: quoted for a shell when it needs to be. */
    private static String option(String element, String value) {
        return "-D" + PropertyNames.PREFIX + element + "=" + (PLAIN.matcher(value).matches() ? value : "'" + value + "'");
    }
}
