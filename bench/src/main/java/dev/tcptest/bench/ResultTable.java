package dev.tcptest.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntPredicate;

/**
 * Renders the medians as a Markdown table, with each figure's ratio to the best server, tcptest's
 * ratio to its best peer and, with an older runtime in the run, tcptest's ratio to it. A ratio
 * is the median of the ratios within each round, in which the servers ran back to back, so that
 * a change in the machine's pace between rounds cancels out; the ratio of two medians could set
 * one server's slow round against another's fast one. Where a server lacks a round (a failed
 * measurement), the ratios are those of the medians.
 */
final class ResultTable {

    private ResultTable() {
    }

    /**
     * The table: one row per metric, one column per server, then tcptest's ratio to its best peer
     * (the servers other than tcptest and tcptest-before) and to tcptest-before, where they are.
     *
     * @param results every figure of every round, by metric and server
     * @param servers the servers in column order
     * @return the Markdown text
     */
    static String render(Map<Metric, Map<String, List<Double>>> results, List<String> servers) {
        int subject = servers.indexOf(TcptestEchoServer.NAME);
        int before = servers.indexOf(Baseline.NAME);
        StringBuilder out = new StringBuilder("| figure |");
        int columns = servers.size();
        for (String server : servers) {
            out.append(' ').append(server).append(" |");
        }
        if (subject >= 0) {
            out.append(" tcptest / best peer |");
            columns++;
        }
        if (subject >= 0 && before >= 0) {
            out.append(" tcptest / before |");
            columns++;
        }
        out.append("\n|---|").append("---:|".repeat(columns)).append('\n');
        for (Metric metric : Metric.ALL) {
            Map<String, List<Double>> byServer = results.get(metric);
            if (byServer != null) {
                out.append(row(metric, byServer, servers, subject, before)).append('\n');
            }
        }
        return out.toString();
    }

    private static String row(Metric metric, Map<String, List<Double>> byServer, List<String> servers, int subject,
            int before) {
        List<List<Double>> rounds = new ArrayList<>();
        for (String server : servers) {
            List<Double> values = byServer.get(server);
            rounds.add(values == null ? List.of() : values);
        }
        boolean paired = !rounds.get(0).isEmpty()
                && rounds.stream().allMatch(values -> values.size() == rounds.get(0).size());
        List<List<Double>> compared = paired ? rounds : medians(rounds);
        StringBuilder out = new StringBuilder("| ").append(metric.label()).append(" |");
        for (int i = 0; i < servers.size(); i++) {
            out.append(' ').append(format(median(rounds.get(i)))).append(" (")
                    .append(score(median(scores(metric, compared, i, j -> true)))).append(") |");
        }
        if (subject >= 0) {
            IntPredicate peers = j -> j != subject && j != before;
            out.append(' ').append(score(median(scores(metric, compared, subject, peers)))).append(" |");
        }
        if (subject >= 0 && before >= 0) {
            out.append(' ').append(score(median(scores(metric, compared, subject, j -> j == before)))).append(" |");
        }
        return out.toString();
    }

    /** One server's ratio, round by round, to the best of the reference servers in that round. */
    private static List<Double> scores(Metric metric, List<List<Double>> compared, int server, IntPredicate reference) {
        List<Double> scores = new ArrayList<>();
        for (int r = 0; r < compared.get(server).size(); r++) {
            double best = Double.NaN;
            for (int j = 0; j < compared.size(); j++) {
                if (reference.test(j)) {
                    best = better(metric, best, compared.get(j).get(r));
                }
            }
            scores.add(ratio(metric, compared.get(server).get(r), best));
        }
        return scores;
    }

    private static String score(double ratio) {
        return String.format(Locale.ROOT, "%.2f", ratio);
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
