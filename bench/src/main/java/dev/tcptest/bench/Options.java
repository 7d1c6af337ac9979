package dev.tcptest.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What one run measures and for how long, as the command line says.
 *
 * @param quick one round with short windows, to try the bench out
 * @param rounds rounds per scenario, or 0 for one cycle of {@link Orders} (at least four)
 * @param scenarios the scenarios, in order
 * @param servers the echo servers, in column order
 * @param proxies the proxies of the proxy scenario, in column order
 */
record Options(boolean quick, int rounds, List<String> scenarios, List<String> servers, List<String> proxies) {

    /** Every scenario, in the order a full run takes them. */
    static final List<String> SCENARIOS = List.of("bulk", "ping-pong", "churn", "concurrency", "startup", "proxy", "tls",
            "certificates");

    /**
     * Reads the command line.
     *
     * @param args {@code --quick}, {@code --rounds N}, {@code --only scenario[,scenario]},
     *     {@code --servers name[,name]}, {@code --proxies name[,name]}
     * @return the options; tcptest-before joins the default servers and proxies when an older
     *     runtime is given
     */
    static Options parse(String[] args) {
        boolean quick = false;
        int rounds = 0;
        List<String> scenarios = SCENARIOS;
        List<String> servers = withBaseline(TcptestEchoServer.NAME, BlockingEchoServer.NAME, NettyEchoServer.NAME);
        List<String> proxies = withBaseline(TcptestEchoServer.NAME, NetCrusherProxy.NAME, RelayProxy.NAME);
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--rounds" -> rounds = Integer.parseInt(value(args, ++i));
                case "--only" -> scenarios = list(value(args, ++i));
                case "--servers" -> servers = list(value(args, ++i));
                case "--proxies" -> proxies = list(value(args, ++i));
                default -> throw new IllegalArgumentException("unknown argument '" + args[i] + "'; use --quick,"
                        + " --rounds N, --only " + String.join(",", SCENARIOS) + ", --servers " + String.join(",", servers)
                        + " or --proxies " + String.join(",", proxies));
            }
        }
        for (String scenario : scenarios) {
            if (!SCENARIOS.contains(scenario)) {
                throw new IllegalArgumentException("unknown scenario '" + scenario + "' in --only; use any of "
                        + String.join(",", SCENARIOS));
            }
        }
        return new Options(quick, quick && rounds == 0 ? 1 : rounds, scenarios, servers, proxies);
    }

    private static List<String> withBaseline(String tcptest, String... peers) {
        List<String> names = new ArrayList<>(List.of(tcptest));
        if (Baseline.present()) {
            names.add(Baseline.NAME);
        }
        names.addAll(List.of(peers));
        return List.copyOf(names);
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException(args[i - 1] + " needs a value, as in " + args[i - 1] + " "
                    + (args[i - 1].equals("--rounds") ? "3" : "tcptest,netty"));
        }
        return args[i];
    }

    private static List<String> list(String names) {
        return Arrays.asList(names.split(","));
    }

    /**
     * Whether a scenario is one of the long ones, which vary less: concurrency, start-up and
     * certificates.
     *
     * @param scenario the scenario
     * @return true for concurrency, start-up and certificates
     */
    static boolean slow(String scenario) {
        return scenario.equals("concurrency") || scenario.equals("startup") || scenario.equals("certificates");
    }

    /**
     * The servers a scenario compares.
     *
     * @param scenario the scenario
     * @return the proxies for {@code proxy}, else the echo servers, each of which has a TLS form
     */
    List<String> serversOf(String scenario) {
        return scenario.equals("proxy") ? proxies : servers;
    }

    /**
     * How many counted rounds a scenario gets: as asked, else one cycle of orders of its servers
     * and at least four; the slow ones at most three.
     *
     * @param scenario the scenario
     * @return the rounds
     */
    int roundsOf(String scenario) {
        int all = rounds > 0 ? rounds : Math.max(4, Orders.cycle(serversOf(scenario).size()));
        return slow(scenario) ? Math.min(all, 3) : all;
    }

    /**
     * The uncounted warm-up before each figure.
     *
     * @return milliseconds
     */
    long warmupMillis() {
        return quick ? 200 : 300;
    }

    /**
     * How long each figure is counted.
     *
     * @return milliseconds
     */
    long measureMillis() {
        return quick ? 500 : 1_000;
    }

    /**
     * How many leaf certificates are timed per round, after as many to warm up.
     *
     * @return the count
     */
    int leaves() {
        return quick ? 50 : 200;
    }

    /**
     * How many fresh JVMs time their first throwaway certificates per round.
     *
     * @return the count
     */
    int freshJvms() {
        return quick ? 3 : 5;
    }

    /**
     * How many start-up cycles each server makes per figure.
     *
     * @return the count
     */
    int cycles() {
        return quick ? 100 : 300;
    }
}
