package dev.tcptest.bench;

import dev.tcptest.Certificates;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.net.ssl.SSLContext;

/**
 * Runs every scenario against tcptest and its peers in one JVM, in rounds that change the
 * servers' order (see {@link Orders}) so that drift cancels out, and prints the median of each
 * figure with its ratio to the best server. The echo scenarios compare tcptest with a hand-rolled
 * blocking server and Netty; the proxy scenario compares tcptest's proxy with NetCrusher and a
 * hand-rolled relay, each in front of the same kind of echo target. With an older runtime
 * ({@link Baseline}), tcptest-before runs beside tcptest in every scenario.
 *
 * <pre>
 * bench/run.sh                        # the full run, a few minutes
 * bench/run.sh --quick                # 1 round with short windows, to try it out
 * bench/run.sh --baseline 41a5d8c     # the runtime of that commit as tcptest-before
 * </pre>
 */
public final class Bench {

    /** Kept strongly, so that the logging level set on it is not collected away. */
    private static final Logger TCPTEST_LOG = Logger.getLogger("dev.tcptest");

    private Bench() {
    }

    /**
     * Runs the bench.
     *
     * @param args {@code --quick}, {@code --rounds N}, {@code --only scenario[,scenario]},
     *     {@code --servers name[,name]}, {@code --proxies name[,name]}; see {@link Options}
     * @throws Exception if the bench itself fails
     */
    public static void main(String[] args) throws Exception {
        quietLogging();
        Options options = Options.parse(args);
        System.out.printf(Locale.ROOT, "JDK %s, %d cores, Netty %s, %d ms warm-up + %d ms per figure%n",
                Runtime.version(), Runtime.getRuntime().availableProcessors(), NettyEchoServer.EPOLL ? "epoll" : "NIO",
                options.warmupMillis(), options.measureMillis());
        if (Baseline.present()) {
            System.out.println("tcptest-before: the runtime in " + Baseline.jar());
        }
        Map<Metric, Map<String, List<Double>>> echo = new HashMap<>();
        Map<Metric, Map<String, List<Double>>> proxied = new HashMap<>();
        Map<Metric, Map<String, List<Double>>> tls = new HashMap<>();
        List<Map<Metric, Double>> certificates = new ArrayList<>();
        long began = System.nanoTime();
        for (String scenario : options.scenarios()) {
            if (scenario.equals("certificates")) {
                certificates(options, certificates);
            } else {
                scenario(scenario, options, scenario.equals("proxy") ? proxied : scenario.equals("tls") ? tls : echo);
            }
        }
        System.out.printf(Locale.ROOT, "%nmedians over each scenario's rounds, %.0f s in all; in brackets each figure's"
                + " ratio to the best server (1.00 = best, lower is worse)%n", (System.nanoTime() - began) / 1e9);
        if (!echo.isEmpty()) {
            System.out.println("\necho servers:\n\n" + ResultTable.render(echo, options.servers()));
        }
        if (!proxied.isEmpty()) {
            System.out.println("\nproxies, each in front of a blocking echo server:\n\n"
                    + ResultTable.render(proxied, options.proxies()));
        }
        if (!tls.isEmpty()) {
            System.out.println("\nTLS echo servers (TLSv1.3, the JVM's throwaway certificates):\n\n"
                    + ResultTable.render(tls, options.serversOf("tls")));
        }
        if (!certificates.isEmpty()) {
            System.out.println("\ncertificates, tcptest alone, against its targets:\n\n"
                    + CertificateProbe.render(certificates));
        }
    }

    /** Runs the certificate rounds, tcptest's alone, and adds each round's figures. */
    private static void certificates(Options options, List<Map<Metric, Double>> rounds) {
        int count = options.roundsOf("certificates");
        System.out.printf(Locale.ROOT, "certificates: %d round(s)%n", count);
        for (int round = 0; round < count; round++) {
            Map<Metric, Double> figures;
            try {
                figures = CertificateProbe.run(options.leaves(), options.freshJvms());
            } catch (Exception e) {
                System.err.println("certificates failed: " + e);
                return;
            }
            rounds.add(figures);
            System.out.printf(Locale.ROOT, "  %-12s %-14s %s%n", "certificates", TcptestEchoServer.NAME,
                    CertificateProbe.line(figures));
        }
    }

    /** Runs one scenario's rounds, after one uncounted pass, and files its figures. */
    private static void scenario(String scenario, Options options, Map<Metric, Map<String, List<Double>>> results) {
        List<String> servers = options.serversOf(scenario);
        int rounds = options.roundsOf(scenario);
        System.out.printf(Locale.ROOT, "%s: %d round(s)%n", scenario, rounds);
        // One uncounted pass, so that no server meets a colder JIT than the others: the blocking
        // server's code is the JDK's own socket code, which the clients of every scenario warm.
        if (scenario.equals("startup")) {
            startup(servers, options.cycles(), null);
        } else if (!Options.slow(scenario)) {
            for (String name : servers) {
                measure(scenario, name, options.warmupMillis() / 2, options.measureMillis() / 4, null);
            }
        }
        for (int round = 0; round < rounds; round++) {
            if (scenario.equals("startup")) {
                startup(servers, options.cycles(), results);
                continue;
            }
            for (String name : Orders.of(servers, round)) {
                measure(scenario, name, options.warmupMillis(), options.measureMillis(), results);
            }
        }
    }

    /**
     * Runs the start-up probe with the servers taking turns cycle by cycle, and files its figures,
     * or only warms up when results is null.
     */
    private static void startup(List<String> servers, int cycles, Map<Metric, Map<String, List<Double>>> results) {
        Map<String, Map<Metric, Double>> figures;
        try {
            List<EchoServer> started = new ArrayList<>();
            for (String name : servers) {
                started.add(EchoServer.named(name));
            }
            figures = StartupProbe.run(started, cycles);
        } catch (Exception e) {
            System.err.println("startup failed: " + e);
            return;
        }
        if (results == null) {
            return;
        }
        for (String name : servers) {
            file(results, name, figures.get(name));
            progress("startup", name, figures.get(name));
        }
    }

    private static void file(Map<Metric, Map<String, List<Double>>> results, String name, Map<Metric, Double> figures) {
        figures.forEach((metric, value) -> results.computeIfAbsent(metric, m -> new HashMap<>())
                .computeIfAbsent(name, n -> new ArrayList<>()).add(value));
    }

    private static void progress(String scenario, String name, Map<Metric, Double> figures) {
        System.out.printf(Locale.ROOT, "  %-12s %-14s %s%n", scenario, name, ResultTable.line(figures));
    }

    /** Runs one scenario on one server and files its figures, or only warms up when results is null. */
    private static void measure(String scenario, String name, long warmup, long measure,
            Map<Metric, Map<String, List<Double>>> results) {
        Map<Metric, Double> figures;
        try {
            figures = run(scenario, name, warmup, measure);
        } catch (Exception | LinkageError e) {
            System.err.println(scenario + " on " + name + " failed: " + e);
            return;
        }
        if (results == null) {
            return;
        }
        file(results, name, figures);
        progress(scenario, name, figures);
    }

    private static Map<Metric, Double> run(String scenario, String name, long warmup, long measure) throws Exception {
        System.gc();
        if (scenario.equals("concurrency")) {
            return ConcurrencyProbe.run(name, 10_000);
        }
        EchoServer server = scenario.equals("proxy") ? ProxiedEcho.named(name)
                : scenario.equals("tls") ? TcptestTlsEchoServer.named(name) : EchoServer.named(name);
        int port = server.start();
        try {
            switch (scenario) {
                case "bulk":
                    return bulk(port, warmup, measure);
                case "ping-pong":
                    return Clients.pingPong(port, 64, warmup, measure);
                case "churn":
                    return Map.of(Metric.CHURN, Clients.churn(port, 8, warmup, measure));
                case "proxy":
                    Map<Metric, Double> figures = new HashMap<>(bulk(port, warmup, measure));
                    figures.putAll(Clients.pingPong(port, 64, warmup, measure));
                    return figures;
                case "tls":
                    return tls(port, warmup, measure);
                default:
                    throw new IllegalArgumentException("unknown scenario '" + scenario + "'; use one of "
                            + Options.SCENARIOS);
            }
        } finally {
            server.stop();
        }
    }

    /** Bulk echo and ping-pong over TLSv1.3, the clients trusting the JVM's throwaway CA. */
    private static Map<Metric, Double> tls(int port, long warmup, long measure) throws Exception {
        SSLContext trusting = Certificates.throwaway().clientContext();
        Map<Metric, Double> figures = new HashMap<>(Map.of(
                Metric.BULK_1, Clients.bulk(port, trusting, 1, warmup, measure),
                Metric.BULK_16, Clients.bulk(port, trusting, 16, warmup, measure)));
        figures.putAll(Clients.pingPong(port, trusting, 64, warmup, measure));
        return figures;
    }

    private static Map<Metric, Double> bulk(int port, long warmup, long measure) throws Exception {
        return Map.of(Metric.BULK_1, Clients.bulk(port, 1, warmup, measure),
                Metric.BULK_16, Clients.bulk(port, 16, warmup, measure));
    }

    /** Keeps the runtime's log lines below WARNING off the console, as a test's logging setup would. */
    static void quietLogging() {
        TCPTEST_LOG.setLevel(Level.WARNING);
    }
}
