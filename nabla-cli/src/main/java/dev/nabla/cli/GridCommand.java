package dev.nabla.cli;

import dev.nabla.lab.grid.GridAggregate;
import dev.nabla.lab.grid.GridAggregate.Group;
import dev.nabla.lab.grid.GridPoint;
import dev.nabla.lab.grid.GridRunner;
import dev.nabla.lab.grid.GridSpec;
import dev.nabla.report.GridReport;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code nabla grid}: a grid search from a YAML spec, resumable, with its tables and figures. */
@Command(name = "grid", sortOptions = false, mixinStandardHelpOptions = true, showDefaultValues = true,
        description = {
            "Run a grid search: every combination of the spec's axes (times its repeats, each with its own seed),"
                    + " N runs at a time. Each run writes the usual run folder under DIR/runs/; DIR gets results.csv"
                    + " (one row per finished run), aggregate.csv (mean and sample std per configuration), results.md"
                    + " (the ranked table) and plots/.",
            "",
            "Run the same command again to resume: finished runs are skipped, unfinished ones redone.",
            ""},
        footer = {"", "Spec format (YAML; options are the train flags without dashes, _ or - alike):",
            "  description: Quick study",
            "  base: {recipe: mnist-sigmoid, dataset: synth, hidden: [8], max_steps: 300}",
            "  axes: {lr: [0.01, 0.1], optimizer: [sgd, adam], hidden: [[100], [100, 100]]}",
            "  points: [{hidden: [64], epochs: 10}]   # optional, crossed with the axes",
            "  repeats: 2                             # seeds: base seed + 0, 1, ...",
            "  sample: 20                             # optional random subset",
            "  sample_seed: 0",
            "  metric: test_acc     # test_acc, test_loss, train_acc, train_loss (final",
            "                       # model), best_test_acc, best_test_loss, ...",
            "  group_by: optimizer  # the axis of the bar chart",
            "",
            "Examples:",
            "  nabla grid quick --workers 2          # a bundled spec (grids/quick.yaml)",
            "  nabla grid grids/seed002-mlp.yaml --out runs/seed002 --workers 2",
            "  nabla grid my-grid.yaml --dry-run     # list the runs",
            "  nabla report runs/quick --html        # the report of a grid"})
final class GridCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Parameters(index = "0", paramLabel = "SPEC", description = "A spec file, or a bundled spec: ${COMPLETION-CANDIDATES}.",
            completionCandidates = SpecNames.class)
    String spec;

    @Option(names = "--out", paramLabel = "DIR", description = "The grid's folder (default: runs/SPEC-NAME).")
    Path out;

    @Option(names = "--workers", paramLabel = "N", defaultValue = "1",
            description = "Runs at once; the cores are split among them (kernel threads = cores / N).")
    int workers;

    @Mixin
    DataDirOption data;

    @Option(names = "--dry-run", description = "List the runs and exit without training.")
    boolean dryRun;

    @Override
    public Integer call() throws Exception {
        if (workers < 1) {
            throw new UsageException("--workers must be at least 1, got " + workers);
        }
        GridSpec grid = GridSpec.load(spec);
        Path dir = out != null ? out : Path.of("runs", Path.of(spec).getFileName().toString().replaceFirst("\\.ya?ml$", ""));
        if (dryRun) {
            for (GridPoint p : grid.runs()) {
                main.out.println(p.id());
            }
            main.out.printf(Locale.ROOT, "%d configurations × %d repeats = %d runs into %s%n", grid.configurations(),
                    grid.repeats(), grid.runs().size(), dir);
            return 0;
        }
        GridRunner.Result r;
        try (GridProgress progress = new GridProgress(main.err, Terminal.interactive(), grid.metric())) {
            r = GridRunner.run(grid, dir, workers, TrainCommand.datasets(data.dir), progress);
        }
        List<Group> ranked = GridAggregate.ranked(GridAggregate.of(r.rows()), grid.metric(), grid.higherIsBetter());
        main.out.printf(Locale.ROOT, "%d of %d runs finished (%d now, %d already done)%n", r.rows().size(),
                grid.runs().size(), r.ran(), r.skipped());
        if (!ranked.isEmpty()) {
            Group best = ranked.get(0);
            main.out.printf(Locale.ROOT, "best: %s  %s %s%n", best.label(), grid.metric(),
                    GridReport.meanStd(best.stat(grid.metric())));
        }
        main.out.println("wrote " + dir + "/{results.csv, aggregate.csv, results.md, plots/}");
        if (!r.failures().isEmpty()) {
            main.err.println(r.failures().size() + " run" + (r.failures().size() == 1 ? "" : "s")
                    + " failed (run the command again to retry them):");
            r.failures().forEach((id, msg) -> main.err.println("  " + id + ": " + msg));
            return 1;
        }
        return 0;
    }

    /** The bundled spec names, for the help text. */
    static final class SpecNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return GridSpec.names().iterator();
        }
    }
}
