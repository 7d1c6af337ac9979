package dev.tcptest.maven;

import dev.tcptest.TcpServer;
import java.io.IOException;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The servers one {@code start-server} execution started, stopped together exactly once: by
 * {@code stop-server}, at the end of the build, or when the JVM shuts down (Ctrl-C), whichever
 * comes first. While they run, a shutdown hook is registered; stopping removes it, so neither the
 * servers nor the plugin's classes outlive the build in a JVM that goes on running builds.
 */
final class ServerGroup {

    /** A running server, the names its address is exported under, its account, and its TLS files (null without TLS). */
    record Started(String id, String handler, String portProperty, TcpServer server, Transcripts transcripts,
            TlsFiles tls) {

        /** "server 'smtp' (script) listening on 127.0.0.1:40211", and whether it starts paused. */
        String listening() {
            return "server '" + id + "' (" + handler + (tls == null ? "" : server.isTls() ? ", TLS" : ", STARTTLS")
                    + (server.isAcceptPaused() ? ", accepting paused" : "") + ") listening on " + server.host() + ":"
                    + server.port();
        }
    }

    /** Where a TLS server's trust store (its CA) and certificate were written for the tests. */
    record TlsFiles(Path trustStore, String trustStorePassword, Path certificate) {
    }

    private final String project;
    private final List<Started> servers;
    private final URLClassLoader handlerLoader;
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final Thread shutdownHook;
    private final CountDownLatch reported = new CountDownLatch(1);
    private volatile Runnable onShutdown;
    private volatile Consumer<List<String>> onStopped = ids -> { };

    ServerGroup(String project, List<Started> servers, URLClassLoader handlerLoader) {
        this.project = project;
        this.servers = List.copyOf(servers);
        this.handlerLoader = handlerLoader;
        this.shutdownHook = new Thread(this::abort, "tcptest-shutdown-" + project);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    String project() {
        return project;
    }

    List<Started> servers() {
        return servers;
    }

    List<String> ids() {
        List<String> ids = new ArrayList<>();
        servers.forEach(started -> ids.add(started.id()));
        return ids;
    }

    boolean isStopped() {
        return stopped.get();
    }

    /**
     * Stops every server gracefully, unless that already happened.
     *
     * @return true if this call stopped them
     */
    boolean stop() {
        if (!stopped.compareAndSet(false, true)) {
            return false;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // The hook runs or has run; it aborts the servers itself.
        }
        RuntimeException failure = null;
        for (Started started : servers) {
            try {
                started.server().stop();
            } catch (RuntimeException e) {
                failure = failure == null ? e : failure;
            }
        }
        closeLoader();
        onStopped.accept(ids());
        if (failure != null) {
            throw failure;
        }
        return true;
    }

    /**
     * What to do once the servers stopped, whichever way they did: such as closing the project's
     * control endpoint.
     *
     * @param action given the ids of the stopped servers
     */
    void onStopped(Consumer<List<String>> action) {
        this.onStopped = action;
    }

    /**
     * Lets a goal that waits for Ctrl-C report before the JVM exits: on shutdown the servers are
     * reset, the action runs, and the shutdown waits (a few seconds at most) for {@link #reported()}.
     *
     * @param action what wakes the waiting goal
     */
    void onShutdown(Runnable action) {
        this.onShutdown = action;
    }

    /** Says that the servers' report is written, so a waiting shutdown may go on. */
    void reported() {
        reported.countDown();
    }

    /** On JVM shutdown: reset what is open and close the listeners at once. */
    private void abort() {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        servers.forEach(started -> started.server().abort());
        closeLoader();
        onStopped.accept(ids());
        Runnable action = onShutdown;
        if (action != null) {
            action.run();
            try {
                reported.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void closeLoader() {
        if (handlerLoader != null) {
            try {
                handlerLoader.close();
            } catch (IOException e) {
                // Only the jar files of the project's test class path stay open until collected.
            }
        }
    }
}
