package dev.nabla.cli;

import dev.nabla.data.Dataset;
import dev.nabla.lab.RunFolder;
import dev.nabla.lab.RunOutputs;
import dev.nabla.lab.TrainedModel;
import dev.nabla.train.EvalResult;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code nabla eval}: a trained run's model on a test set, with per-class accuracy and the confusion matrix. */
@Command(name = "eval", sortOptions = false, mixinStandardHelpOptions = true, showDefaultValues = true,
        description = {
            "Evaluate a finished run's model (config.json + model.safetensors): loss, accuracy and the accuracy"
                    + " of each class, and where the model goes wrong (the confusion matrix).",
            "",
            "Samples are preprocessed exactly as in training, with the scale, mean and std recorded in config.json"
                    + " (never re-fitted on the evaluated data). Another dataset works if its samples have the same"
                    + " shape and it has the same classes, e.g. a fashion-mnist model on a folder of IDX files.",
            "",
            "Writes eval.json and confusion.png into the run folder (eval-DATASET-SPLIT.json and"
                    + " confusion-DATASET-SPLIT.png for other data or the training split).",
            ""},
        footer = {"", "Examples:",
            "  nabla eval --run runs/mlp                  # the run's own test set",
            "  nabla eval --run runs/mlp --split train    # the fit to its training set",
            "  nabla eval --run runs/mlp --dataset data/my-idx-folder"})
final class EvalCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Mixin
    RunDirOption run;

    @Option(names = "--dataset", paramLabel = "NAME|DIR",
            description = "Evaluate on this dataset instead of the run's own: a name or a folder with the four IDX"
                    + " files.")
    String dataset;

    @Mixin
    DataDirOption data;

    @Option(names = "--split", paramLabel = "SPLIT", defaultValue = "test",
            description = "Which official split: ${COMPLETION-CANDIDATES} (train includes any part a run held out"
                    + " with --val-split).")
    SplitName split;

    /** The official splits of a dataset. */
    enum SplitName { test, train }

    @Override
    public Integer call() throws Exception {
        RunFolder folder = run.open();
        TrainedModel model = folder.loadModel();
        // Naming the run's own dataset is the same as not naming one.
        String other = dataset == null || dataset.equals(folder.dataset()) ? null : dataset;
        Dataset set;
        try (DownloadProgress progress = new DownloadProgress(main.err, Terminal.interactive())) {
            set = folder.loadSplit(other, split.name(), data.datasets(progress));
        }
        String remark = model.checkFits(set);
        if (remark != null) {
            main.err.println("note: " + remark);
        }
        String datasetName = other != null ? other : folder.dataset();
        main.err.printf(Locale.ROOT, "evaluating %s on %s (%s split, %d samples)%n", folder.name(), datasetName,
                split, set.size());
        EvalResult r = model.evaluate(set);
        main.out.printf(Locale.ROOT, "%s on %s %s: loss %.4f, accuracy %.4f (%d of %d)%n%n", folder.name(),
                datasetName, split, r.loss(), r.accuracy(), Math.round(r.accuracy() * r.samples()), r.samples());
        printPerClass(r, model.classNames());
        List<Path> files = RunOutputs.evalFiles(folder.dir(), other, split.name());
        RunOutputs.writeEvaluation(files.get(0), files.get(1), folder.name(), datasetName, split.name(), r,
                model.classNames());
        main.out.println();
        main.out.println("wrote " + files.get(0) + " and " + files.get(1));
        return 0;
    }

    /** One row per class: its samples, its accuracy, and the class it is most often mistaken for. */
    private void printPerClass(EvalResult r, List<String> names) {
        int nameWidth = Math.max(5, names.stream().mapToInt(String::length).max().orElse(5));
        String row = "%5s  %-" + nameWidth + "s  %7s  %8s  %s%n";
        main.out.printf(Locale.ROOT, row, "class", "name", "samples", "accuracy", "most often mistaken for");
        double[] acc = r.perClassAccuracy();
        int[][] confusion = r.confusion();
        for (int c = 0; c < acc.length; c++) {
            int total = 0;
            int worst = -1;
            for (int p = 0; p < confusion[c].length; p++) {
                total += confusion[c][p];
                if (p != c && confusion[c][p] > 0 && (worst < 0 || confusion[c][p] > confusion[c][worst])) {
                    worst = p;
                }
            }
            String mistaken = worst < 0 ? "-"
                    : String.format(Locale.ROOT, "%s (%d)", names.get(worst), confusion[c][worst]);
            main.out.printf(Locale.ROOT, row, c, names.get(c), total,
                    Double.isNaN(acc[c]) ? "-" : String.format(Locale.ROOT, "%.4f", acc[c]), mistaken);
        }
    }
}
