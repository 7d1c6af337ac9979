package dev.tcptest.maven;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.maven.plugin.MojoExecution;
import org.codehaus.plexus.util.xml.Xpp3Dom;

/**
 * A goal's configuration as the POM wrote it, before Maven evaluated its {@code ${...}}
 * expressions. Maven injects an element whose expression evaluates to nothing as if the element
 * were not there, so {@code <proxyTarget>${tcptest.echo.address}</proxyTarget>} read before
 * server {@code echo} exists would quietly make an echo server; comparing the written text with
 * what was injected catches that. The text comes from the goal's {@code MojoExecution}.
 */
final class WrittenConfiguration {

    /** Nothing known: every check passes. */
    static final WrittenConfiguration UNKNOWN = new WrittenConfiguration(Map.of(), List.of());

    private static final Pattern PROPERTY = Pattern.compile("\\$\\{([^${}]+)}");
    private static final Pattern EXPORTED = Pattern.compile("tcptest\\.([A-Za-z0-9][A-Za-z0-9_-]*)\\.(host|port|address)");

    /** The parameters' elements, such as {@code port}, to their text. */
    private final Map<String, String> parameters;
    /** Each {@code <server>} of {@code <servers>}, in order: its elements to their text. */
    private final List<Map<String, String>> servers;

    WrittenConfiguration(Map<String, String> parameters, List<Map<String, String>> servers) {
        this.parameters = parameters;
        this.servers = servers;
    }

    /**
     * Reads the configuration of a goal's execution.
     *
     * @param execution the goal's execution, or null
     * @return what the POM wrote, or {@link #UNKNOWN} if the execution has no configuration
     */
    static WrittenConfiguration of(MojoExecution execution) {
        Xpp3Dom root = execution == null ? null : execution.getConfiguration();
        if (root == null) {
            return UNKNOWN;
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        List<Map<String, String>> servers = new ArrayList<>();
        for (Xpp3Dom parameter : root.getChildren()) {
            parameters.put(parameter.getName(), parameter.getValue());
            if (parameter.getName().equals("servers")) {
                for (Xpp3Dom server : parameter.getChildren()) {
                    Map<String, String> elements = new LinkedHashMap<>();
                    for (Xpp3Dom element : server.getChildren()) {
                        elements.put(element.getName(), element.getValue());
                    }
                    servers.add(elements);
                }
            }
        }
        return new WrittenConfiguration(parameters, servers);
    }

    /**
     * Fails for a {@code <server>} element that the POM gave an expression but Maven injected nothing for.
     *
     * @param configured the servers as Maven injected them, in the POM's order
     * @param goal the goal that reads them, {@code start-server} or {@code run}
     * @throws ConfigurationException naming the server, the element, the expression and the fix
     */
    void checkServers(List<Server> configured, String goal) throws ConfigurationException {
        if (configured.size() != servers.size()) {
            return;
        }
        List<String> ids = new ArrayList<>();
        configured.forEach(server -> ids.add(server.getId()));
        for (int i = 0; i < configured.size(); i++) {
            Server server = configured.get(i);
            for (Map.Entry<String, Object> element : server.elements().entrySet()) {
                String written = servers.get(i).get(element.getKey());
                if (element.getValue() == null && written != null && written.contains("${")) {
                    String which = element.getKey().equals("id") ? "" : "'" + server.getId() + "', ";
                    throw new ConfigurationException("tcptest server " + which + unset(element.getKey(), written, ids, goal));
                }
            }
        }
    }

    /**
     * Fails for a single-server parameter that the POM gave an expression but Maven injected
     * nothing for; a parameter's own default, such as {@code ${tcptest.port}}, is no such expression.
     *
     * @param shorthand the single server as Maven injected its parameters
     * @param goal the goal that reads them
     * @throws ConfigurationException naming the server, the parameter, the expression and the fix
     */
    void checkShorthand(Server shorthand, String goal) throws ConfigurationException {
        for (Map.Entry<String, Object> element : shorthand.elements().entrySet()) {
            String name = element.getKey();
            String written = name.equals("id") || name.equals("portProperty") ? null : parameters.get(name);
            if (element.getValue() == null && written != null && written.contains("${")
                    && !written.trim().equals("${tcptest." + name + "}")) {
                throw new ConfigurationException("tcptest server '" + shorthand.getId() + "' (the single-server parameters), "
                        + unset(name, written, List.of(), goal));
            }
        }
    }

    /** The rest of the message: the element as written, why it came out empty, and what to do. */
    private static String unset(String element, String written, List<String> sameExecution, String goal) {
        String text = written.trim();
        String start = "<" + element + ">" + text + "</" + element + ">: ";
        String empty = ", so Maven passes nothing for <" + element + ">, as if the element were not there";
        Matcher property = PROPERTY.matcher(text);
        if (!property.matches()) {
            return start + "the expression evaluates to nothing" + empty + "; check that every property it uses is set";
        }
        String name = property.group(1).trim();
        Matcher exported = EXPORTED.matcher(name);
        if (!exported.matches()) {
            return start + "the property " + name + " is not set" + empty + "; set it in the POM's <properties> or with -D"
                    + name + "=..., or leave <" + element + "> out";
        }
        String other = exported.group(1);
        if (goal.equals("run")) {
            return start + name + " is exported by start-server, and tcptest:run starts its servers without it, all at once"
                    + empty + "; give the value itself, such as a fixed <port> on server '" + other
                    + "' and <proxyTarget>127.0.0.1:PORT</proxyTarget> here";
        }
        return start + name + " is not set yet" + empty + ". start-server sets it once it has started server '" + other
                + "', and Maven reads an execution's whole configuration before it runs"
                + (sameExecution.contains(other) ? " (server '" + other + "' is in this same execution)" : "")
                + ": start server '" + other + "' in one <execution> of start-server, and move the server that needs its "
                + "address into a second <execution> declared after it";
    }
}
