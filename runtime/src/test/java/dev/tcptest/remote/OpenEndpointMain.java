package dev.tcptest.remote;

import dev.tcptest.TcpServer;
import java.time.Duration;
import java.util.Arrays;

/**
 * A program whose {@code main} returns with a server, its control endpoint and a remote take
 * still open, as a build's JVM may leave them: run by {@link JvmExitTest} in a JVM of its own,
 * which must then exit. Exit status 2 says the take never reached the endpoint.
 */
public final class OpenEndpointMain {

    private OpenEndpointMain() {
    }

    public static void main(String[] args) throws Exception {
        TcpServer server = TcpServer.builder().start();
        ControlEndpoint endpoint = ControlEndpoint.start("127.0.0.1", 0);
        endpoint.register("default", server);
        RemoteTcpServer remote = RemoteServers.connect(endpoint.url()).server("default");
        Thread taker = new Thread(() -> {
            try {
                remote.takeConnection(Duration.ofMinutes(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        taker.setDaemon(true);
        taker.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!aTakeWaitsAtTheEndpoint()) {
            if (System.nanoTime() > deadline) {
                System.exit(2);
            }
            Thread.sleep(5);
        }
    }

    /** Whether one of the endpoint's threads is in a take, which only a request can have started. */
    static boolean aTakeWaitsAtTheEndpoint() {
        return Thread.getAllStackTraces().entrySet().stream().anyMatch(thread -> thread.getKey().getName().startsWith("tcptest-control-")
                && Arrays.stream(thread.getValue()).anyMatch(frame -> frame.getMethodName().equals("takeConnection")));
    }
}
