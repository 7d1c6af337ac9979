package dev.tcptest.maven;

import java.io.File;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One {@code <server>} of the plugin's {@code <servers>}: what to bind and how to serve each
 * accepted connection. Every element is optional; an empty {@code <server/>} is an echo server
 * with id {@code default} on a free port of 127.0.0.1.
 */
public class Server {

    /**
     * The server's name in exported properties ({@code tcptest.<id>.port}) and messages: letters,
     * digits, {@code -} and {@code _}, unique in the project.
     */
    private String id;

    /** The address to listen on, an IP literal or a host name of this machine; default 127.0.0.1. */
    private String bindAddress;

    /** The port to listen on; default 0, a free ephemeral port, which is then exported. */
    private Integer port;

    /** The listen backlog, 1 or more; default 50. */
    private Integer backlog;

    /**
     * What serves each connection: {@code echo}, {@code discard}, {@code respond}, {@code close},
     * {@code reset}, {@code silent}, {@code script}, {@code proxy}, or the name of an
     * {@code dev.tcptest.AcceptHandler} class on the project's test class path. Default:
     * {@code respond}, {@code script} or {@code proxy} when only its value is given, else {@code echo}.
     */
    private String handler;

    /** The chat script file that {@code script} plays, relative to the project's directory. */
    private File script;

    /**
     * What {@code respond} sends, with the chat-script escapes {@code \r \n \t \\ \" \xHH} (Maven
     * trims element text, so write a trailing line end as {@code \r\n}).
     */
    private String response;

    /** Where {@code proxy} forwards each connection: {@code host:port}, an IPv6 host in brackets. */
    private String proxyTarget;

    /** Faults applied to the handler, such as {@code latency=50ms,bandwidth=10KiB/s}. */
    private String faults;

    /** Whether the server starts with accepting paused, so clients queue in the backlog. */
    private boolean acceptPaused;

    /** An extra project property that receives the port, such as {@code smtp.port}. */
    private String portProperty;

    /**
     * TLS: {@code true} from the first byte, {@code starttls} for plain connections that the
     * handler or script upgrades, {@code false} (the default) for none. With either, the CA's trust
     * store and the certificate's PEM are written under target/tcptest/ID/ and exported.
     */
    private String tls;

    /** A PKCS12 file with your own key and certificate chain for TLS, instead of throwaway ones. */
    private File keyStore;

    /** The password of {@code keyStore}. */
    private String keyStorePassword;

    /**
     * With {@code proxy}: a folder where each connection is written, as it ends, as a chat script
     * that replays it ({@code connection-<n>.chat}).
     */
    private File recordScripts;

    /** An echo server with the id {@code default}; Maven fills in the configured elements. */
    public Server() {
    }

    Server(String id, String bindAddress, Integer port, Integer backlog, String handler, File script, String response,
            String proxyTarget, String faults, boolean acceptPaused) {
        this.id = id;
        this.bindAddress = bindAddress;
        this.port = port;
        this.backlog = backlog;
        this.handler = handler;
        this.script = script;
        this.response = response;
        this.proxyTarget = proxyTarget;
        this.faults = faults;
        this.acceptPaused = acceptPaused;
    }

    /**
     * The id, {@code default} when none is configured.
     *
     * @return the id
     */
    public String getId() {
        return id == null || id.isBlank() ? "default" : id.trim();
    }

    String getBindAddress() {
        return bindAddress;
    }

    Integer getPort() {
        return port;
    }

    Integer getBacklog() {
        return backlog;
    }

    String getHandler() {
        return handler;
    }

    File getScript() {
        return script;
    }

    String getResponse() {
        return response;
    }

    String getProxyTarget() {
        return proxyTarget;
    }

    String getFaults() {
        return faults;
    }

    boolean isAcceptPaused() {
        return acceptPaused;
    }

    String getTls() {
        return tls;
    }

    File getKeyStore() {
        return keyStore;
    }

    String getKeyStorePassword() {
        return keyStorePassword;
    }

    File getRecordScripts() {
        return recordScripts;
    }

    String getPortProperty() {
        return portProperty == null || portProperty.isBlank() ? null : portProperty.trim();
    }

    String rawId() {
        return id;
    }

    /**
     * The value Maven injected for each element that can be left unset, null where it set none;
     * {@code acceptPaused} is left out, since a boolean is never unset.
     */
    Map<String, Object> elements() {
        Map<String, Object> elements = new LinkedHashMap<>();
        elements.put("id", id);
        elements.put("bindAddress", bindAddress);
        elements.put("port", port);
        elements.put("backlog", backlog);
        elements.put("handler", handler);
        elements.put("script", script);
        elements.put("response", response);
        elements.put("proxyTarget", proxyTarget);
        elements.put("faults", faults);
        elements.put("portProperty", portProperty);
        elements.put("tls", tls);
        elements.put("keyStore", keyStore);
        elements.put("keyStorePassword", keyStorePassword);
        elements.put("recordScripts", recordScripts);
        return elements;
    }
}
