package dev.nabla.report;

import dev.nabla.io.AtomicFiles;
import dev.nabla.lab.RunConfig;
import dev.nabla.lab.RunFolder;
import dev.nabla.lab.grid.GridAggregate;
import dev.nabla.lab.grid.GridAggregate.Group;
import dev.nabla.lab.grid.GridAggregate.Stat;
import dev.nabla.lab.grid.GridResults;
import dev.nabla.lab.grid.GridResults.Row;
import dev.nabla.lab.grid.GridSpec;
import dev.nabla.train.Evaluation;
import dev.nabla.train.History;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * What a grid leaves besides its run folders: {@code results.csv}, {@code aggregate.csv},
 * {@code results.md} (the configurations ranked by the metric, mean ± std over repeats, in the style of
 * the seeds' tables, with the best configuration stated) and the figures under {@code plots/}:
 * the metric per configuration grouped by one axis (seed 002's figure 6), the learning curves of the
 * top configurations, and their mean ± std over repeats (seed 003's figure 3).
 */
public final class GridReport {
    public static final String MARKDOWN = "results.md";
    public static final String PLOTS = "plots";
    /** How many configurations the curve figures show. */
    public static final int TOP_K = 5;

    /** Options with a column of their own in the table, as the seeds' tables have them. */
    /**
     * "#2 hidden=400-400, max_steps=3000": the rank and only the options that differ among the plotted
     * configurations, so the legend stays short enough to read (a full label of five options is clipped).
     */
    static String legendLabel(int rank, Group g, List<Group> shown) {
        StringBuilder sb = new StringBuilder("#").append(rank);
        String sep = " ";
        for (Map.Entry<String, String> e : g.values().entrySet()) {
            boolean varies = shown.stream().anyMatch(o -> !e.getValue().equals(o.values().get(e.getKey())));
            if (varies) {
                sb.append(sep).append(e.getKey()).append('=').append(e.getValue());
                sep = ", ";
            }
        }
        return sb.toString();
    }

    private static final List<String> STANDARD = List.of("hidden", "lr", "batch_size", "optimizer", "max_steps", "epochs");

    private GridReport() {}

    /** Rewrites the tables (results.csv, aggregate.csv, results.md) from the finished run folders. */
    public static List<Row> writeTables(Path dir, GridSpec spec) throws IOException {
        List<Row> rows = GridResults.collect(spec, dir);
        GridResults.writeCsv(dir.resolve(GridResults.CSV), spec, rows);
        List<Group> groups = GridAggregate.of(rows);
        GridAggregate.writeCsv(dir.resolve(GridAggregate.CSV), spec.columns(), groups);
        AtomicFiles.writeString(dir.resolve(MARKDOWN), markdown(spec, groups, rows.size(), null));
        return rows;
    }

    /** The ranked table of configurations; {@code imageDir}, if given, adds the plots below it. */
    public static String markdown(GridSpec spec, List<Group> groups, int finished, String imageDir) {
        List<Group> ranked = GridAggregate.ranked(groups, spec.metric(), spec.higherIsBetter());
        StringBuilder sb = new StringBuilder("# Grid: ").append(spec.description() != null ? spec.description()
                : spec.source()).append("\n\n");
        int total = spec.runs().size();
        sb.append(String.format(Locale.ROOT, "%d configuration%s × %d repeat%s = %d runs, %d finished. Ranked by %s"
                        + "%s.%n%n", spec.configurations(), spec.configurations() == 1 ? "" : "s", spec.repeats(),
                spec.repeats() == 1 ? "" : "s", total, finished, spec.metric(), spec.repeats() > 1
                        ? " (mean ± sample standard deviation, n − 1, over the repeats)" : ""));
        if (ranked.isEmpty()) {
            return sb.append("No run has finished yet.\n").toString();
        }
        List<String> others = new ArrayList<>(spec.columns());
        others.removeAll(STANDARD);
        List<String> metrics = metricColumns(spec);
        List<String> header = new ArrayList<>(List.of("#", "Layers", "LR", "Batch size", "Optimizer", "Length"));
        others.forEach(header::add);
        metrics.forEach(m -> header.add(title(m)));
        header.add("Runs");
        sb.append("| ").append(String.join(" | ", header)).append(" |\n|");
        header.forEach(h -> sb.append("---|"));
        sb.append('\n');
        int rank = 1;
        for (Group g : ranked) {
            RunConfig c = g.rows().get(0).point().runConfig();
            List<String> cells = new ArrayList<>(List.of(String.valueOf(rank++), layers(c),
                    g.values().getOrDefault("lr", GridSpec.label("lr", c.lr())), String.valueOf(c.batchSize()), c.optimizer(), length(c)));
            others.forEach(o -> cells.add(g.values().get(o)));
            metrics.forEach(m -> cells.add(meanStd(g.stat(m))));
            cells.add(String.valueOf(g.rows().size()));
            sb.append("| ").append(String.join(" | ", cells)).append(" |\n");
        }
        Group best = ranked.get(0);
        RunConfig c = best.rows().get(0).point().runConfig();
        sb.append(String.format(Locale.ROOT, "%n**Best configuration:** %s (layers %s, lr %s, batch size %d, %s, %s):"
                        + " %s %s over %d run%s.%n", best.label(), layers(c), GridSpec.label("lr", c.lr()), c.batchSize(), c.optimizer(),
                length(c), spec.metric(), meanStd(best.stat(spec.metric())), best.rows().size(),
                best.rows().size() == 1 ? "" : "s"));
        if (imageDir != null) {
            sb.append('\n');
            for (String png : plotNames(spec)) {
                sb.append("![").append(png).append("](").append(imageDir).append('/').append(png).append(")\n\n");
            }
        }
        return sb.toString();
    }

    private static List<String> metricColumns(GridSpec spec) {
        Set<String> m = new LinkedHashSet<>();
        m.add(spec.metric());
        m.addAll(List.of("last_test_acc", "best_test_acc", "last_test_loss"));
        return List.copyOf(m);
    }

    private static String title(String metric) {
        String t = metric.replace("last_", "").replace("best_", "").replace("final_", "")
                .replace("test_acc", "Test accuracy").replace("test_loss", "Test loss")
                .replace("train_acc", "Train accuracy").replace("train_loss", "Train loss")
                .replace("train_seconds", "Training time (s)");
        return t + (metric.startsWith("best_") ? " (best)" : metric.startsWith("last_") ? " (last)"
                : metric.startsWith("final_") ? " (final model)" : "");
    }

    static String layers(RunConfig c) {
        return c.model().equals("mlp") ? c.hiddenLabel() : c.model();
    }

    static String length(RunConfig c) {
        return c.epochs() > 0 ? c.epochs() + " epochs" : c.maxSteps() + " steps";
    }

    /** "0.8831 ± 0.0040", or the mean alone for a single run. */
    public static String meanStd(Stat s) {
        if (Double.isNaN(s.mean())) {
            return "—";
        }
        return Double.isNaN(s.std()) ? String.format(Locale.ROOT, "%.4f", s.mean())
                : String.format(Locale.ROOT, "%.4f ± %.4f", s.mean(), s.std());
    }

    /** The file names of the figures {@link #writePlots} makes for this spec. */
    public static List<String> plotNames(GridSpec spec) {
        List<String> names = new ArrayList<>();
        names.add(spec.metric() + (spec.groupBy() == null ? "" : "-by-" + spec.groupBy()) + ".png");
        names.add("top-curves.png");
        if (spec.repeats() > 1) {
            names.add("repeats.png");
        }
        return names;
    }

    /** Draws the figures into {@code dir/plots}; returns their paths. */
    public static List<Path> writePlots(Path dir, GridSpec spec, List<Row> rows) throws IOException {
        List<Group> groups = GridAggregate.of(rows);
        List<Path> out = new ArrayList<>();
        if (groups.isEmpty()) {
            return out;
        }
        List<String> names = plotNames(spec);
        Path plots = dir.resolve(PLOTS);
        String axis = spec.groupBy();
        List<String> categories = new ArrayList<>();
        Map<String, Map<String, Double>> values = new LinkedHashMap<>();
        for (Group g : groups) {
            Map<String, String> rest = new LinkedHashMap<>(g.values());
            String group = axis == null ? spec.metric() : axis + "=" + rest.remove(axis);
            // Values only ("2e-4/3000/400-400"); the axis title names the options.
            String category = rest.isEmpty() ? "all" : String.join("/", rest.values());
            if (!categories.contains(category)) {
                categories.add(category);
            }
            values.computeIfAbsent(group, k -> new LinkedHashMap<>()).put(category, g.stat(spec.metric()).mean());
        }
        out.add(plots.resolve(names.get(0)));
        List<String> named = new ArrayList<>(spec.columns());
        named.remove(axis);
        Charts.writePng(out.get(0), Charts.bars(spec.metric() + (axis == null ? "" : " by " + axis),
                named.isEmpty() ? "configuration" : String.join("/", named), spec.metric(), categories, values));

        boolean loss = spec.metric().contains("loss");
        ToDoubleFunction<Evaluation> test = loss ? Evaluation::testLoss : Evaluation::testAcc;
        ToDoubleFunction<Evaluation> train = loss ? Evaluation::trainLoss : Evaluation::trainAcc;
        String yLabel = loss ? "cross-entropy" : "accuracy";
        List<Group> top = GridAggregate.ranked(groups, spec.metric(), spec.higherIsBetter())
                .subList(0, Math.min(TOP_K, groups.size()));
        List<Series> solid = new ArrayList<>();
        List<Series> dashed = new ArrayList<>();
        List<Series> bands = new ArrayList<>();
        for (int i = 0; i < top.size(); i++) {
            Group g = top.get(i);
            List<History> histories = new ArrayList<>();
            for (Row r : g.rows()) {
                histories.add(RunFolder.open(GridResults.runDir(dir, r.point())).history());
            }
            String label = legendLabel(i + 1, g, top);
            solid.add(meanCurve(label, histories, test, false));
            dashed.add(meanCurve(label + " (train)", histories, train, false));
            bands.add(meanCurve(label, histories, test, true));
        }
        out.add(plots.resolve(names.get(1)));
        Charts.writePng(out.get(1), Charts.compare("top " + top.size() + " by " + spec.metric() + " (test solid, train"
                + " dashed" + (spec.repeats() > 1 ? ", mean over repeats" : "") + ")", "step", yLabel, solid, dashed));
        if (spec.repeats() > 1) {
            out.add(plots.resolve(names.get(2)));
            Charts.writePng(out.get(2), Charts.lines("test " + yLabel + ": mean ± std over " + spec.repeats()
                    + " repeats", "step", yLabel, bands));
        }
        return out;
    }

    /**
     * The mean curve of a configuration's repeats (they share their evaluation steps), over the steps all
     * of them reached, with the sample std per step if asked.
     */
    static Series meanCurve(String name, List<History> histories, ToDoubleFunction<Evaluation> f, boolean withStd) {
        int n = histories.stream().mapToInt(h -> h.rows().size()).min().orElse(0);
        double[] x = new double[n];
        double[] mean = new double[n];
        double[] std = new double[n];
        for (int i = 0; i < n; i++) {
            double[] v = new double[histories.size()];
            for (int r = 0; r < v.length; r++) {
                v[r] = f.applyAsDouble(histories.get(r).rows().get(i));
            }
            x[i] = histories.get(0).rows().get(i).step();
            Stat s = Stat.of(v);
            mean[i] = s.mean();
            std[i] = Double.isNaN(s.std()) ? 0 : s.std();
        }
        return withStd ? new Series(name, x, mean, std) : new Series(name, x, mean);
    }
}
