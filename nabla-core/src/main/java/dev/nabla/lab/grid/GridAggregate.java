package dev.nabla.lab.grid;

import dev.nabla.io.AtomicFiles;
import dev.nabla.lab.grid.GridResults.Row;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A grid's runs grouped by configuration, with the mean and the sample standard deviation (divisor
 * n − 1, as numpy's {@code std(ddof=1)}) of every numeric metric over the repeats; the std of a single
 * run is NaN (shown blank). Written as {@code aggregate.csv}: the varied options, {@code runs}, then
 * {@code METRIC_mean} and {@code METRIC_std} for each metric.
 */
public final class GridAggregate {
    public static final String CSV = "aggregate.csv";

    /** Mean, sample std (n − 1) and count of the finite values of one metric. */
    public record Stat(double mean, double std, int n) {
        public static Stat of(double[] values) {
            int n = 0;
            double sum = 0;
            for (double v : values) {
                if (Double.isFinite(v)) {
                    n++;
                    sum += v;
                }
            }
            double mean = n == 0 ? Double.NaN : sum / n;
            double ss = 0;
            for (double v : values) {
                if (Double.isFinite(v)) {
                    ss += (v - mean) * (v - mean);
                }
            }
            return new Stat(mean, n < 2 ? Double.NaN : Math.sqrt(ss / (n - 1)), n);
        }
    }

    /** One configuration: its number, varied values, finished runs and a Stat per numeric metric. */
    public record Group(int config, Map<String, String> values, String label, List<Row> rows, Map<String, Stat> stats) {
        public Stat stat(String metric) {
            return stats.getOrDefault(metric, new Stat(Double.NaN, Double.NaN, 0));
        }
    }

    private GridAggregate() {}

    /** The configurations that have at least one finished run, in the spec's order. */
    public static List<Group> of(List<Row> rows) {
        List<String> metrics = GridResults.numericKeys(rows);
        Map<Integer, List<Row>> byConfig = new LinkedHashMap<>();
        rows.forEach(r -> byConfig.computeIfAbsent(r.point().config(), k -> new ArrayList<>()).add(r));
        List<Group> out = new ArrayList<>();
        byConfig.forEach((config, members) -> {
            Map<String, Stat> stats = new LinkedHashMap<>();
            for (String m : metrics) {
                stats.put(m, Stat.of(members.stream().mapToDouble(r -> r.metric(m)).toArray()));
            }
            GridPoint first = members.get(0).point();
            out.add(new Group(config, first.values(), first.label(), List.copyOf(members), stats));
        });
        return out;
    }

    /** The groups best first by the mean of the metric (configurations without a value last). */
    public static List<Group> ranked(List<Group> groups, String metric, boolean higherIsBetter) {
        Comparator<Group> byMean = Comparator.comparingDouble(g -> g.stat(metric).mean());
        Comparator<Group> order = Comparator.comparing((Group g) -> Double.isNaN(g.stat(metric).mean()))
                .thenComparing(higherIsBetter ? byMean.reversed() : byMean)
                .thenComparingInt(Group::config);
        return groups.stream().sorted(order).toList();
    }

    /** Writes aggregate.csv atomically. */
    public static void writeCsv(Path file, List<String> columns, List<Group> groups) throws IOException {
        List<String> metrics = groups.isEmpty() ? List.of() : List.copyOf(groups.get(0).stats().keySet());
        StringBuilder sb = new StringBuilder();
        List<String> header = new ArrayList<>(columns);
        header.add("runs");
        for (String m : metrics) {
            header.add(m + "_mean");
            header.add(m + "_std");
        }
        GridResults.line(sb, header);
        for (Group g : groups) {
            List<String> cells = new ArrayList<>(g.values().values());
            cells.add(String.valueOf(g.rows().size()));
            for (String m : metrics) {
                Stat s = g.stat(m);
                cells.add(Double.isNaN(s.mean()) ? "" : String.valueOf(s.mean()));
                cells.add(Double.isNaN(s.std()) ? "" : String.valueOf(s.std()));
            }
            GridResults.line(sb, cells);
        }
        AtomicFiles.writeString(file, sb.toString());
    }
}
