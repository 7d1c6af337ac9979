package dev.tcptest.maven;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A goal's configuration as the POM wrote it, before Maven evaluated its {@code ${...}}
 * expressions. Maven injects an element whose expression evaluates to nothing as if the element
 * were not there, so {@code <proxyTarget>${tcptest.echo.address}</proxyTarget>} read before
 * server {@code echo} exists would quietly make an echo server; comparing the written text with
 * what was injected catches that. The text comes from the goal's {@code MojoExecution}, read
 * reflectively so that the plugin links against no Maven class for it (its {@code Xpp3Dom} has
 * the same methods on Maven 3.6.3 and 3.9).
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
     * @param mojoExecution Maven's {@code MojoExecution} for the goal, or null
     * @return what the POM wrote, or {@link #UNKNOWN} if it cannot be read
     */
    static WrittenConfiguration of(Object mojoExecution) {
        try {
            Object root = mojoExecution == null ? null : call(mojoExecution, "getConfiguration");
            if (root == null) {
                return UNKNOWN;
            }
            Map<String, String> parameters = new LinkedHashMap<>();
            List<Map<String, String>> servers = new ArrayList<>();
            for (Object parameter : children(root)) {
                String name = (String) call(parameter, "getName");
                parameters.put(name, (String) call(parameter, "getValue"));
                if (name.equals("servers")) {
                    for (Object server : children(parameter)) {
                        Map<String, String> elements = new LinkedHashMap<>();
                        for (Object element : children(server)) {
                            elements.put((String) call(element, "getName"), (String) call(element, "getValue"));
                        }
                        servers.add(elements);
                    }
                }
            }
            return new WrittenConfiguration(parameters, servers);
        } catch (ReflectiveOperationException | RuntimeException e) {
            // Another Maven's types: the check is a help, not a condition for starting.
            return UNKNOWN;
        }
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

    private static Object call(Object target, String method) throws ReflectiveOperationException {
        return target.getClass().getMethod(method).invoke(target);
    }

    private static List<Object> children(Object node) throws ReflectiveOperationException {
        Object array = call(node, "getChildren");
        List<Object> children = new ArrayList<>();
        for (int i = 0; array != null && i < Array.getLength(array); i++) {
            children.add(Array.get(array, i));
        }
        return children;
    }
}
