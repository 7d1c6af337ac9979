package dev.tcptest.maven;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.apache.maven.execution.ExecutionEvent;
import org.apache.maven.execution.ExecutionListener;
import org.apache.maven.execution.MavenExecutionRequest;
import org.apache.maven.execution.MavenSession;

/**
 * Stops at the end of the build every server whose {@code stop-server} never ran: a build that
 * ends before post-integration-test, fails in between, or runs in a JVM that goes on (embedded
 * Maven, a daemon). It wraps the build request's execution listener, which Maven reads each time
 * it fires an event (also the {@code SessionEnded} it fires in a {@code finally} once every
 * project is done), and hands every event on to the listener it wraps.
 */
final class BuildEndGuard implements ExecutionListener {

    private final ExecutionListener delegate;
    private final Set<ServerGroup> groups = ConcurrentHashMap.newKeySet();
    private final Consumer<String> warn;

    private BuildEndGuard(ExecutionListener delegate, Consumer<String> warn) {
        this.delegate = delegate;
        this.warn = warn;
    }

    /**
     * Watches a group of servers for this build; installs the guard on the build's first call.
     *
     * @param session the build
     * @param group the servers to stop at the end of the build if nothing else stops them
     * @param warn where to say that the end of the build stopped them
     */
    static void watch(MavenSession session, ServerGroup group, Consumer<String> warn) {
        MavenExecutionRequest request = session.getRequest();
        BuildEndGuard guard;
        synchronized (request) {
            ExecutionListener current = request.getExecutionListener();
            if (current instanceof BuildEndGuard) {
                guard = (BuildEndGuard) current;
            } else {
                guard = new BuildEndGuard(current, warn);
                request.setExecutionListener(guard);
            }
        }
        guard.groups.add(group);
    }

    @Override
    public void sessionEnded(ExecutionEvent event) {
        try {
            for (ServerGroup group : groups) {
                if (group.stop()) {
                    warn.accept("tcptest: stopped server(s) " + group.ids() + " of " + group.project()
                            + " at the end of the build, because tcptest:stop-server did not run for them: the build failed"
                            + " before it, or ended before post-integration-test (as mvn pre-integration-test does), so their"
                            + " connections are not reported. A build that reaches post-integration-test (mvn verify) runs"
                            + " stop-server, which reports them.");
                }
            }
            groups.clear();
        } finally {
            if (delegate != null) {
                delegate.sessionEnded(event);
            }
        }
    }

    @Override
    public void projectDiscoveryStarted(ExecutionEvent event) {
        if (delegate != null) {
            delegate.projectDiscoveryStarted(event);
        }
    }

    @Override
    public void sessionStarted(ExecutionEvent event) {
        if (delegate != null) {
            delegate.sessionStarted(event);
        }
    }

    @Override
    public void projectSkipped(ExecutionEvent event) {
        if (delegate != null) {
            delegate.projectSkipped(event);
        }
    }

    @Override
    public void projectStarted(ExecutionEvent event) {
        if (delegate != null) {
            delegate.projectStarted(event);
        }
    }

    @Override
    public void projectSucceeded(ExecutionEvent event) {
        if (delegate != null) {
            delegate.projectSucceeded(event);
        }
    }

    @Override
    public void projectFailed(ExecutionEvent event) {
        if (delegate != null) {
            delegate.projectFailed(event);
        }
    }

    @Override
    public void mojoSkipped(ExecutionEvent event) {
        if (delegate != null) {
            delegate.mojoSkipped(event);
        }
    }

    @Override
    public void mojoStarted(ExecutionEvent event) {
        if (delegate != null) {
            delegate.mojoStarted(event);
        }
    }

    @Override
    public void mojoSucceeded(ExecutionEvent event) {
        if (delegate != null) {
            delegate.mojoSucceeded(event);
        }
    }

    @Override
    public void mojoFailed(ExecutionEvent event) {
        if (delegate != null) {
            delegate.mojoFailed(event);
        }
    }

    @Override
    public void forkStarted(ExecutionEvent event) {
        if (delegate != null) {
            delegate.forkStarted(event);
        }
    }

    @Override
    public void forkSucceeded(ExecutionEvent event) {
        if (delegate != null) {
            delegate.forkSucceeded(event);
        }
    }

    @Override
    public void forkFailed(ExecutionEvent event) {
        if (delegate != null) {
            delegate.forkFailed(event);
        }
    }

    @Override
    public void forkedProjectStarted(ExecutionEvent event) {
        if (delegate != null) {
            delegate.forkedProjectStarted(event);
        }
    }

    @Override
    public void forkedProjectSucceeded(ExecutionEvent event) {
        if (delegate != null) {
            delegate.forkedProjectSucceeded(event);
        }
    }

    @Override
    public void forkedProjectFailed(ExecutionEvent event) {
        if (delegate != null) {
            delegate.forkedProjectFailed(event);
        }
    }
}
