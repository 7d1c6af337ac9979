package dev.tcptest.maven;

/** A server configuration that cannot work; its message names the server, the element, the value and the fix. */
final class ConfigurationException extends Exception {

    private static final long serialVersionUID = 1L;

    ConfigurationException(String message) {
        super(message);
    }

    ConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
