package dev.tcptest.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs every scenario against tcptest, a hand-rolled blocking server and Netty in one JVM, in
 * rounds that change the servers' order (ABC, ACB, BAC, ...; see {@link Orders}) so that drift
 * cancels out, and prints the median of each figure with its ratio to the best server.
 *
 * <pre>
 * bench/run.sh            # the full run, 6 rounds (3 of concurrency and start-up), a few minutes
 * bench/run.sh --quick    # 1 round with short windows, to try it out
 * </pre>
 */
public final class Bench {

    private static final List<String> SERVERS = List.of(TcptestEchoServer.NAME, BlockingEchoServer.NAME,
            NettyEchoServer.NAME);
    private static final List<String> SCENARIOS = List.of("bulk", "ping-pong", "churn", "concurrency", "startup");

    /** Kept strongly, so that the logging level set on it is not collected away. */
    private static final Logger TCPTEST_LOG = Logger.getLogger("dev.tcptest");

    private Bench() {
    }

    /**
     * Runs the bench.
     *
     * @param args {@code --quick}, {@code --rounds N}, {@code --only scenario[,scenario]},
     *     {@code --servers name[,name]} (tcptest first)
     * @throws Exception if the bench itself fails
     */
    public static void main(String[] args) throws Exception {
        quietLogging();
        boolean quick = false;
        int rounds = 6;
        List<String> scenarios = SCENARIOS;
        List<String> servers = SERVERS;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> {
                    quick = true;
                    rounds = 1;
                }
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--only" -> scenarios = Arrays.asList(args[++i].split(","));
                case "--servers" -> servers = Arrays.asList(args[++i].split(","));
                default -> throw new IllegalArgumentException("unknown argument '" + args[i]
                        + "'; use --quick, --rounds N, --only " + String.join(",", SCENARIOS)
                        + " or --servers " + String.join(",", SERVERS));
            }
        }
        long warmup = quick ? 200 : 300;
        long measure = quick ? 500 : 1_000;
        int cycles = quick ? 100 : 300;
        System.out.printf(Locale.ROOT, "JDK %s, %d cores, Netty %s, %d round(s) per scenario (concurrency and start-up:"
                + " %d), %d ms warm-up + %d ms per figure%n", Runtime.version(),
                Runtime.getRuntime().availableProcessors(), NettyEchoServer.EPOLL ? "epoll" : "NIO", rounds,
                slowRounds(rounds), warmup, measure);
        Map<Metric, Map<String, List<Double>>> results = new HashMap<>();
        long began = System.nanoTime();
        for (String scenario : scenarios) {
            boolean slow = scenario.equals("concurrency") || scenario.equals("startup");
            // One uncounted pass, so that no server meets a colder JIT than the others: the blocking
            // server's code is the JDK's own socket code, which the clients of every scenario warm.
            if (scenario.equals("startup")) {
                startup(servers, cycles, null);
            } else if (!slow) {
                for (String name : servers) {
                    measure(scenario, name, warmup / 2, measure / 4, cycles, null);
                }
            }
            int scenarioRounds = slow ? slowRounds(rounds) : rounds;
            for (int round = 0; round < scenarioRounds; round++) {
                if (scenario.equals("startup")) {
                    startup(servers, cycles, results);
                    continue;
                }
                for (String name : Orders.of(servers, round)) {
                    measure(scenario, name, warmup, measure, cycles, results);
                }
            }
        }
        System.out.printf(Locale.ROOT, "%nmedians over %d round(s), %.0f s in all; in brackets each figure's ratio to"
                + " the best server (1.00 = best, lower is worse)%n%n", rounds, (System.nanoTime() - began) / 1e9);
        System.out.println(ResultTable.render(results, servers));
    }

    /** Concurrency and start-up take longer and vary less: at most three rounds of them. */
    private static int slowRounds(int rounds) {
        return Math.min(rounds, 3);
    }

    /**
     * Runs the start-up probe with the servers taking turns cycle by cycle, and files its figures,
     * or only warms up when results is null.
     */
    private static void startup(List<String> servers, int cycles, Map<Metric, Map<String, List<Double>>> results) {
        List<EchoServer> started = new ArrayList<>();
        for (String name : servers) {
            started.add(EchoServer.named(name));
        }
        Map<String, Map<Metric, Double>> figures;
        try {
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
            System.out.printf(Locale.ROOT, "  %-12s %-9s %s%n", "startup", name, ResultTable.line(figures.get(name)));
        }
    }

    private static void file(Map<Metric, Map<String, List<Double>>> results, String name, Map<Metric, Double> figures) {
        figures.forEach((metric, value) -> results.computeIfAbsent(metric, m -> new HashMap<>())
                .computeIfAbsent(name, n -> new ArrayList<>()).add(value));
    }

    /** Runs one scenario on one server and files its figures, or only warms up when results is null. */
    private static void measure(String scenario, String name, long warmup, long measure, int cycles,
            Map<Metric, Map<String, List<Double>>> results) {
        Map<Metric, Double> figures;
        try {
            figures = run(scenario, name, warmup, measure, cycles);
        } catch (Exception e) {
            System.err.println(scenario + " on " + name + " failed: " + e);
            return;
        }
        if (results == null) {
            return;
        }
        file(results, name, figures);
        System.out.printf(Locale.ROOT, "  %-12s %-9s %s%n", scenario, name, ResultTable.line(figures));
    }

    private static Map<Metric, Double> run(String scenario, String name, long warmup, long measure, int cycles)
            throws Exception {
        System.gc();
        if (scenario.equals("concurrency")) {
            return ConcurrencyProbe.run(name, 10_000);
        }
        EchoServer server = EchoServer.named(name);
        int port = server.start();
        try {
            switch (scenario) {
                case "bulk":
                    return Map.of(Metric.BULK_1, Clients.bulk(port, 1, warmup, measure),
                            Metric.BULK_16, Clients.bulk(port, 16, warmup, measure));
                case "ping-pong":
                    return Clients.pingPong(port, 64, warmup, measure);
                case "churn":
                    return Map.of(Metric.CHURN, Clients.churn(port, 8, warmup, measure));
                default:
                    throw new IllegalArgumentException("unknown scenario '" + scenario + "'; use one of " + SCENARIOS);
            }
        } finally {
            server.stop();
        }
    }

    /** Keeps tcptest's INFO line per start and stop off the console, as a test's logging setup would. */
    static void quietLogging() {
        TCPTEST_LOG.setLevel(Level.WARNING);
    }
}
