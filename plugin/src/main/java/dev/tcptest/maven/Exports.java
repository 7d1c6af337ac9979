package dev.tcptest.maven;

import java.io.IOException;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The addresses of running servers and the URL of their control endpoint, as project properties
 * and as {@code target/tcptest/servers.properties}.
 */
final class Exports {

    private Exports() {
    }

    /**
     * {@code host:port} with the IP literal, an IPv6 one in brackets.
     *
     * @param address a socket address, or null
     * @return such as {@code 127.0.0.1:6379} or {@code [0:0:0:0:0:0:0:1]:6379}; {@code ?} for null
     */
    static String address(InetSocketAddress address) {
        if (address == null) {
            return "?";
        }
        String host = address.getAddress() == null ? address.getHostString() : address.getAddress().getHostAddress();
        int scope = host.indexOf('%');
        host = scope >= 0 ? host.substring(0, scope) : host;
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + address.getPort();
    }

    /**
     * The properties of the servers, in a stable order.
     *
     * @param servers the running servers
     * @return name to value
     */
    static Map<String, String> of(List<ServerGroup.Started> servers) {
        Map<String, String> properties = new TreeMap<>();
        for (ServerGroup.Started started : servers) {
            String id = started.id();
            properties.put(PropertyNames.host(id), started.server().host());
            properties.put(PropertyNames.port(id), String.valueOf(started.server().port()));
            properties.put(PropertyNames.address(id), address(started.server().address()));
            if (started.tls() != null) {
                properties.put(PropertyNames.trustStore(id), started.tls().trustStore().toString());
                properties.put(PropertyNames.trustStorePassword(id), started.tls().trustStorePassword());
                properties.put(PropertyNames.certificate(id), started.tls().certificate().toString());
            }
            if (started.portProperty() != null) {
                properties.put(started.portProperty(), String.valueOf(started.server().port()));
            }
        }
        return properties;
    }

    /**
     * Sets the properties on the project and writes them to {@code servers.properties}.
     *
     * @param projectProperties the project's properties
     * @param directory the plugin's output directory, {@code target/tcptest}
     * @param servers every server the project runs now
     * @param controlUrl the URL of the project's control endpoint, or null when it has none
     * @return the file written
     * @throws IOException if the file cannot be written
     */
    static Path export(Properties projectProperties, Path directory, List<ServerGroup.Started> servers, String controlUrl)
            throws IOException {
        Map<String, String> properties = of(servers);
        if (controlUrl != null) {
            properties.put(PropertyNames.CONTROL_URL, controlUrl);
        }
        properties.forEach(projectProperties::setProperty);
        Files.createDirectories(directory);
        Path file = directory.resolve("servers.properties");
        StringBuilder text = new StringBuilder("# The servers tcptest:start-server started; rewritten by each start-server.\n");
        properties.forEach((name, value) -> text.append(name).append('=').append(value.replace(":", "\\:")).append('\n'));
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.ISO_8859_1)) {
            out.write(text.toString());
        }
        return file;
    }
}
