package dev.tcptest.maven;

import dev.tcptest.remote.ControlEndpoint;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A project's control endpoint, which lets its integration tests drive its servers: opened with
 * the project's first servers, and closed when the last of them stop, by stop-server, the end of
 * the build or the JVM's shutdown. Each project has its own, also in a parallel build.
 */
final class ProjectControl {

    private static final String KEY = "dev.tcptest.maven.control";

    private final ControlEndpoint endpoint;
    private final Set<String> ids = new LinkedHashSet<>();
    private boolean closed;

    private ProjectControl(ControlEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    /**
     * Registers a group's servers with the project's endpoint, opening it when none is open.
     *
     * @param pluginContext the context Maven keeps for this plugin, per project and build
     * @param group the servers just started
     * @return the endpoint's URL
     */
    static String register(Map<Object, Object> pluginContext, ServerGroup group) {
        ProjectControl control;
        synchronized (pluginContext) {
            control = (ProjectControl) pluginContext.get(KEY);
            if (control == null || control.isClosed()) {
                control = new ProjectControl(ControlEndpoint.start("127.0.0.1", 0));
                pluginContext.put(KEY, control);
            }
        }
        control.add(group);
        return control.endpoint.url();
    }

    private synchronized void add(ServerGroup group) {
        for (ServerGroup.Started started : group.servers()) {
            endpoint.register(started.id(), started.server());
            ids.add(started.id());
        }
        group.onStopped(this::release);
    }

    /** Forgets stopped servers; the last ones close the endpoint. */
    private synchronized void release(List<String> stopped) {
        for (String id : stopped) {
            if (ids.remove(id)) {
                endpoint.unregister(id);
            }
        }
        if (ids.isEmpty() && !closed) {
            closed = true;
            endpoint.close();
        }
    }

    private synchronized boolean isClosed() {
        return closed;
    }
}
