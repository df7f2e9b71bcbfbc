package dev.nabla.cli;

import dev.nabla.lab.RunFolder;
import dev.nabla.report.Charts;
import dev.nabla.report.Series;
import dev.nabla.train.Evaluation;
import dev.nabla.train.History;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.ToDoubleFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code nabla plot}: the learning curves of several runs in one PNG. */
@Command(name = "plot", sortOptions = false, mixinStandardHelpOptions = true, showDefaultValues = true,
        description = {
            "Compare the learning curves of runs (their metrics.csv) in one PNG, one colour per run.",
            "",
            "By default two panels: loss and accuracy against the step, the test (or validation) curve solid and"
                    + " the training curve dashed. A run still training is plotted as far as it got.",
            ""},
        footer = {"", "Examples:",
            "  nabla plot runs/sgd runs/adam runs/adadelta",
            "  nabla plot runs/grid/* --metric test_acc --out test-accuracy.png"})
final class PlotCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Parameters(arity = "1..*", paramLabel = "RUN", description = "Run folders.")
    List<Path> runs;

    @Option(names = "--out", paramLabel = "FILE", defaultValue = "comparison.png", description = "The PNG to write.")
    Path out;

    @Option(names = "--metric", paramLabel = "METRIC", defaultValue = "all",
            description = "What to plot: ${COMPLETION-CANDIDATES} (all: loss and accuracy, test solid, train dashed).")
    Metric metric;

    /** A column of metrics.csv, or both panels. */
    enum Metric {
        all(null, null, null),
        test_acc("accuracy", "test accuracy", Evaluation::testAcc),
        test_loss("cross-entropy", "test loss", Evaluation::testLoss),
        train_acc("accuracy", "training accuracy", Evaluation::trainAcc),
        train_loss("cross-entropy", "training loss", Evaluation::trainLoss);

        final String axis;
        final String title;
        final ToDoubleFunction<Evaluation> value;

        Metric(String axis, String title, ToDoubleFunction<Evaluation> value) {
            this.axis = axis;
            this.title = title;
            this.value = value;
        }
    }

    @Override
    public Integer call() throws Exception {
        List<String> names = new ArrayList<>();
        List<History> histories = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Path dir : runs) {
            RunFolder run = RunFolder.open(dir);
            History h = run.history();
            if (h.isEmpty()) {
                throw new UsageException(dir + " has no evaluation in its metrics.csv yet: nothing to plot");
            }
            // Two runs of the same name (copies, or grids in different folders) are told apart by their path.
            String name = seen.add(run.name()) ? run.name() : dir.toString();
            names.add(name);
            histories.add(h);
        }
        BufferedImage image;
        if (metric == Metric.all) {
            image = Charts.sideBySide(
                    panel("loss (test solid, train dashed)", "cross-entropy", names, histories,
                            Evaluation::testLoss, Evaluation::trainLoss),
                    panel("accuracy (test solid, train dashed)", "accuracy", names, histories,
                            Evaluation::testAcc, Evaluation::trainAcc));
        } else {
            image = panel(metric.title, metric.axis, names, histories, metric.value, null);
        }
        Charts.writePng(out, image);
        main.out.println("wrote " + out + " (" + runs.size() + " run" + (runs.size() == 1 ? "" : "s") + ", "
                + metric + ")");
        return 0;
    }

    private static BufferedImage panel(String title, String axis, List<String> names, List<History> histories,
            ToDoubleFunction<Evaluation> solid, ToDoubleFunction<Evaluation> dashed) {
        List<Series> solidSeries = new ArrayList<>();
        List<Series> dashedSeries = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            List<Evaluation> rows = histories.get(i).rows();
            double[] x = rows.stream().mapToDouble(Evaluation::step).toArray();
            solidSeries.add(new Series(names.get(i), x, rows.stream().mapToDouble(solid).toArray()));
            if (dashed != null) {
                dashedSeries.add(new Series(names.get(i) + " (train)", x, rows.stream().mapToDouble(dashed).toArray()));
            }
        }
        return Charts.compare(title, "step", axis, solidSeries, dashedSeries);
    }
}
