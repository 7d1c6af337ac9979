package dev.tcptest.bench;

import dev.tcptest.Certificates;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Times what TLS costs before the first handshake: making a leaf certificate (a new EC P-256
 * key, signed by the JVM's CA) on warm code, and a fresh JVM's first
 * {@link Certificates#throwaway()}, which makes the CA and the leaf on cold code. tcptest alone:
 * the figures are set against their targets, not against peers.
 */
public final class CertificateProbe {

    /** A leaf made on warm code, in milliseconds. */
    static final Metric LEAF_WARM = new Metric("leaf certificate, warm (ms, median)", false);
    /** A fresh JVM's first throwaway(), in milliseconds. */
    static final Metric THROWAWAY_COLD = new Metric("first throwaway() in a fresh JVM (ms, median)", false);

    /** What each figure should stay under, in milliseconds. */
    private static final Map<Metric, Double> TARGETS = Map.of(LEAF_WARM, 50.0, THROWAWAY_COLD, 300.0);
    private static final String REPLY = "throwaway-nanos ";

    private CertificateProbe() {
    }

    /**
     * In a fresh JVM: times the first {@link Certificates#throwaway()} and prints
     * {@code throwaway-nanos N}.
     *
     * @param args none
     */
    public static void main(String[] args) {
        long start = System.nanoTime();
        Certificates.throwaway();
        System.out.println(REPLY + (System.nanoTime() - start));
    }

    /**
     * One round: the median of {@code leaves} leaves after as many to warm up, and the median
     * of {@code jvms} fresh JVMs' first throwaway().
     *
     * @param leaves how many leaves to time
     * @param jvms how many JVMs to start
     * @return both figures, in milliseconds
     * @throws Exception if a JVM fails
     */
    static Map<Metric, Double> run(int leaves, int jvms) throws Exception {
        for (int i = 0; i < leaves; i++) {
            Certificates.forHosts("localhost", "127.0.0.1", "::1");
        }
        long[] warm = new long[leaves];
        for (int i = 0; i < leaves; i++) {
            long start = System.nanoTime();
            Certificates.forHosts("localhost", "127.0.0.1", "::1");
            warm[i] = System.nanoTime() - start;
        }
        long[] cold = new long[jvms];
        for (int i = 0; i < jvms; i++) {
            cold[i] = freshJvm();
        }
        return Map.of(LEAF_WARM, medianMillis(warm), THROWAWAY_COLD, medianMillis(cold));
    }

    private static long freshJvm() throws Exception {
        Process process = new ProcessBuilder(ConcurrencyProbe.javaCommand(CertificateProbe.class.getName()))
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        try (BufferedReader replies = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = replies.readLine()) != null) {
                if (line.startsWith(REPLY)) {
                    return Long.parseLong(line.substring(REPLY.length()).trim());
                }
            }
            throw new IOException("the JVM ended before it answered '" + REPLY.trim() + "'");
        } finally {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    private static double medianMillis(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2] / 1e6;
    }

    /**
     * The rounds' medians beside the targets, as a Markdown table.
     *
     * @param rounds each round's figures
     * @return the table
     */
    static String render(List<Map<Metric, Double>> rounds) {
        StringBuilder out = new StringBuilder("| figure | tcptest | target |\n|---|---:|---:|\n");
        for (Metric metric : List.of(LEAF_WARM, THROWAWAY_COLD)) {
            double[] values = rounds.stream().mapToDouble(round -> round.get(metric)).sorted().toArray();
            out.append(String.format(Locale.ROOT, "| %s | %.1f | < %.0f |%n", metric.label(), values[values.length / 2],
                    TARGETS.get(metric)));
        }
        return out.toString();
    }

    /**
     * One round's figures, for the progress output.
     *
     * @param figures the figures
     * @return such as {@code leaf certificate, warm (ms, median) = 1.2; ...}
     */
    static String line(Map<Metric, Double> figures) {
        return String.format(Locale.ROOT, "%s = %.1f; %s = %.1f", LEAF_WARM.label(), figures.get(LEAF_WARM),
                THROWAWAY_COLD.label(), figures.get(THROWAWAY_COLD));
    }
}
