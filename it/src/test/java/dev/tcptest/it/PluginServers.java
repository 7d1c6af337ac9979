package dev.tcptest.it;

/**
 * The addresses of the servers that tcptest-maven-plugin started for this build, as failsafe
 * hands them to the tests: {@code it/pom.xml} maps each exported {@code tcptest.<id>.host} and
 * {@code tcptest.<id>.port} to a system property of the same name.
 */
final class PluginServers {

    private PluginServers() {
    }

    /** The IP literal the server with this id is bound to, such as {@code 127.0.0.1}. */
    static String host(String id) {
        return property("tcptest." + id + ".host");
    }

    /** The port the server with this id listens on. */
    static int port(String id) {
        return Integer.parseInt(property("tcptest." + id + ".port"));
    }

    private static String property(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank() || value.startsWith("${")) {
            throw new IllegalStateException("System property " + name + " is not set (was " + value + "): run the ITs with"
                    + " ./mvnw verify, so that tcptest-maven-plugin starts the servers and failsafe passes their addresses");
        }
        return value;
    }
}
