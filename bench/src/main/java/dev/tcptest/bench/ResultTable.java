package dev.tcptest.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders the medians as a Markdown table, with each figure's ratio to the best server. A ratio
 * is the median of the ratios within each round, in which the servers ran back to back, so that
 * a change in the machine's pace between rounds cancels out; the ratio of two medians could set
 * one server's slow round against another's fast one. Where a server lacks a round (a failed
 * measurement), the ratios are those of the medians.
 */
final class ResultTable {

    private ResultTable() {
    }

    /**
     * The table: one row per metric, one column per server, and tcptest's ratio to its best peer.
     *
     * @param results every figure of every round, by metric and server
     * @param servers the servers in column order, tcptest first
     * @return the Markdown text
     */
    static String render(Map<Metric, Map<String, List<Double>>> results, List<String> servers) {
        StringBuilder out = new StringBuilder("| figure |");
        for (String server : servers) {
            out.append(' ').append(server).append(" |");
        }
        out.append(" tcptest / best peer |\n|---|");
        out.append("---:|".repeat(servers.size() + 1)).append('\n');
        for (Metric metric : Metric.ALL) {
            Map<String, List<Double>> byServer = results.get(metric);
            if (byServer == null) {
                continue;
            }
            List<List<Double>> rounds = new ArrayList<>();
            for (String server : servers) {
                List<Double> values = byServer.get(server);
                rounds.add(values == null ? List.of() : values);
            }
            boolean paired = !rounds.get(0).isEmpty()
                    && rounds.stream().allMatch(values -> values.size() == rounds.get(0).size());
            List<List<Double>> compared = paired ? rounds : medians(rounds);
            List<List<Double>> ratios = new ArrayList<>();
            for (int i = 0; i < servers.size(); i++) {
                ratios.add(new ArrayList<>());
            }
            List<Double> againstPeer = new ArrayList<>();
            for (int r = 0; r < compared.get(0).size(); r++) {
                double best = Double.NaN;
                double bestPeer = Double.NaN;
                for (int i = 0; i < servers.size(); i++) {
                    double value = compared.get(i).get(r);
                    best = better(metric, best, value);
                    if (i > 0) {
                        bestPeer = better(metric, bestPeer, value);
                    }
                }
                for (int i = 0; i < servers.size(); i++) {
                    ratios.get(i).add(ratio(metric, compared.get(i).get(r), best));
                }
                againstPeer.add(ratio(metric, compared.get(0).get(r), bestPeer));
            }
            out.append("| ").append(metric.label()).append(" |");
            for (int i = 0; i < servers.size(); i++) {
                out.append(' ').append(format(median(rounds.get(i)))).append(" (")
                        .append(String.format(Locale.ROOT, "%.2f", median(ratios.get(i)))).append(") |");
            }
            out.append(String.format(Locale.ROOT, " %.2f |", median(againstPeer))).append('\n');
        }
        return out.toString();
    }

    /**
     * One server's figures of one scenario, in table order, for the progress output.
     *
     * @param figures the figures
     * @return a line such as {@code churn, 8 threads (conns/s) = 3,264}
     */
    static String line(Map<Metric, Double> figures) {
        List<String> parts = new ArrayList<>();
        for (Metric metric : Metric.ALL) {
            Double value = figures.get(metric);
            if (value != null) {
                parts.add(metric.label() + " = " + format(value));
            }
        }
        return String.join("; ", parts);
    }

    /**
     * How a figure compares with a reference, as a score where 1.00 is as good and below is worse.
     * Smaller-is-better figures count as at least 1, so that a count of 0 (no platform thread)
     * scores against 4 as 1 does, not infinitely.
     */
    private static double ratio(Metric metric, double value, double reference) {
        if (metric.higherIsBetter()) {
            return value / reference;
        }
        return Math.max(1, reference) / Math.max(1, value);
    }

    /** Each server's median, as a single round. */
    private static List<List<Double>> medians(List<List<Double>> rounds) {
        List<List<Double>> single = new ArrayList<>();
        for (List<Double> values : rounds) {
            single.add(List.of(median(values)));
        }
        return single;
    }

    private static double better(Metric metric, double a, double b) {
        if (Double.isNaN(a)) {
            return b;
        }
        if (Double.isNaN(b)) {
            return a;
        }
        return metric.higherIsBetter() ? Math.max(a, b) : Math.min(a, b);
    }

    private static double median(List<Double> values) {
        if (values == null || values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    private static String format(double value) {
        if (Double.isNaN(value)) {
            return "n/a";
        }
        if (Math.abs(value) >= 100) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        return String.format(Locale.ROOT, "%.1f", value);
    }
}
