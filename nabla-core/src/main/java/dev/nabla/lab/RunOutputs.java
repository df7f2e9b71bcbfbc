package dev.nabla.lab;

import dev.nabla.io.AtomicFiles;
import dev.nabla.report.Charts;
import dev.nabla.report.Series;
import dev.nabla.train.EvalResult;
import dev.nabla.train.Evaluation;
import dev.nabla.train.History;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The files a run leaves in its folder besides the model: {@code metrics.csv}, {@code summary.json} (flat
 * keys), {@code summary.md} (the best/last table of seed 002) and {@code curves.png} (loss and accuracy,
 * train against test), and those of {@code nabla eval} ({@code eval.json}, {@code confusion.png}). Every
 * file is written atomically.
 */
public final class RunOutputs {
    public static final String CONFIG = "config.json";
    public static final String METRICS = "metrics.csv";
    public static final String SUMMARY_JSON = "summary.json";
    public static final String SUMMARY_MD = "summary.md";
    public static final String CURVES = "curves.png";
    public static final String MODEL = "model.safetensors";
    public static final String CHECKPOINT = "checkpoint.safetensors";
    public static final String EVAL_JSON = "eval.json";
    public static final String CONFUSION = "confusion.png";

    static final JsonMapper JSON = JsonMapper.builder()
            .enable(tools.jackson.databind.SerializationFeature.INDENT_OUTPUT)
            .disable(tools.jackson.core.json.JsonWriteFeature.WRITE_NAN_AS_STRINGS)
            .enable(tools.jackson.core.json.JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    private RunOutputs() {}

    /** The flat summary: best and last metrics, the best step, time and size. */
    public static Map<String, Object> summary(History h, long steps, double seconds, String stopReason,
            long parameters, boolean validation) {
        Map<String, Object> s = new LinkedHashMap<>();
        Evaluation best = h.bestByTestAccuracy();
        Evaluation last = h.last();
        s.put("best_test_acc", best.testAcc());
        s.put("best_step", best.step());
        s.put("best_test_loss", h.best(Evaluation::testLoss, false).testLoss());
        s.put("best_train_acc", h.best(Evaluation::trainAcc, true).trainAcc());
        s.put("best_train_loss", h.best(Evaluation::trainLoss, false).trainLoss());
        s.put("last_test_acc", last.testAcc());
        s.put("last_test_loss", last.testLoss());
        s.put("last_train_acc", last.trainAcc());
        s.put("last_train_loss", last.trainLoss());
        s.put("steps", steps);
        s.put("epochs", last.epoch() + 1);
        s.put("train_seconds", Math.round(seconds * 1000) / 1000.0);
        s.put("parameters", parameters);
        s.put("eval_set", validation ? "validation" : "test");
        s.put("stop_reason", stopReason);
        return s;
    }

    public static void writeSummaryJson(Path dir, Map<String, Object> summary) throws IOException {
        AtomicFiles.writeString(dir.resolve(SUMMARY_JSON), JSON.writeValueAsString(summary) + "\n");
    }

    /** "MLP 100-100 elu with BatchNorm", "the VGG-like ConvNet" or the spec file's name, for the summary. */
    static String describeModel(RunConfig c) {
        return switch (c.model()) {
            case "mlp" -> "MLP " + c.hiddenLabel() + " " + c.activation() + (c.batchnorm() ? " with BatchNorm" : "")
                    + (c.dropout() > 0 ? ", dropout " + c.dropout() : "");
            case "cnn" -> "the VGG-like ConvNet";
            default -> "model " + c.model();
        };
    }

    /** Seed 002's table: rows Train/Test × Accuracy/Loss, columns Best and Last. */
    public static String summaryMarkdown(String title, RunConfig c, History h, Map<String, Object> summary) {
        String evalName = "validation".equals(summary.get("eval_set")) ? "Validation" : "Test";
        StringBuilder sb = new StringBuilder("# ").append(title).append("\n\n");
        sb.append(String.format(Locale.ROOT, "%s on %s; %s lr %s, batch %d, %d steps, seed %d.%n%n",
                describeModel(c), c.dataset(), c.optimizer(), c.lr(), c.batchSize(),
                ((Number) summary.get("steps")).longValue(), c.seed()));
        sb.append("| Dataset | Metric | Best | Last |\n|---|---|---|---|\n");
        row(sb, "Train", "Accuracy", h, Evaluation::trainAcc, true);
        row(sb, "", "Loss", h, Evaluation::trainLoss, false);
        row(sb, evalName, "Accuracy", h, Evaluation::testAcc, true);
        row(sb, "", "Loss", h, Evaluation::testLoss, false);
        sb.append(String.format(Locale.ROOT, "%nBest %s accuracy %.4f at step %s; training took %.1f s (%s).%n",
                evalName.toLowerCase(Locale.ROOT), (double) summary.get("best_test_acc"), summary.get("best_step"),
                (double) summary.get("train_seconds"), summary.get("stop_reason")));
        if (summary.containsKey("final_test_acc")) {
            sb.append(String.format(Locale.ROOT, "Final model on the test set: accuracy %.4f, loss %.4f.%n",
                    (double) summary.get("final_test_acc"), (double) summary.get("final_test_loss")));
        }
        return sb.toString();
    }

    private static void row(StringBuilder sb, String set, String metric, History h, ToDoubleFunction<Evaluation> f,
            boolean higher) {
        sb.append(String.format(Locale.ROOT, "| %s | %s | %.4f | %.4f |%n", set, metric,
                f.applyAsDouble(h.best(f, higher)), f.applyAsDouble(h.last())));
    }

    /** Loss and accuracy against the step, train and test, side by side. */
    public static void writeCurves(Path file, String title, History h, boolean validation) throws IOException {
        List<Evaluation> rows = h.rows();
        double[] x = rows.stream().mapToDouble(Evaluation::step).toArray();
        String evalName = validation ? "validation" : "test";
        Charts.writePng(file, Charts.sideBySide(
                Charts.lines(title + ": loss", "step", "cross-entropy", List.of(
                        new Series("train", x, rows.stream().mapToDouble(Evaluation::trainLoss).toArray()),
                        new Series(evalName, x, rows.stream().mapToDouble(Evaluation::testLoss).toArray()))),
                Charts.lines(title + ": accuracy", "step", "accuracy", List.of(
                        new Series("train", x, rows.stream().mapToDouble(Evaluation::trainAcc).toArray()),
                        new Series(evalName, x, rows.stream().mapToDouble(Evaluation::testAcc).toArray())))));
    }

    /**
     * The two files of an evaluation: {@code eval.json} and {@code confusion.png} for the run's own test
     * set; for other data the dataset's name and the split are added ({@code eval-mnist-train.json}), so
     * they never replace the run's own.
     *
     * @param dataset the dataset evaluated if not the run's own, else null
     */
    public static List<Path> evalFiles(Path dir, String dataset, String split) {
        String suffix = (dataset == null ? "" : "-" + Path.of(dataset).getFileName().toString()
                .replaceAll("[^A-Za-z0-9._-]", "_")) + (split.equals("test") ? "" : "-" + split);
        return List.of(dir.resolve(EVAL_JSON.replace(".json", suffix + ".json")),
                dir.resolve(CONFUSION.replace(".png", suffix + ".png")));
    }

    /**
     * Writes an evaluation: the JSON (run, dataset, split, samples, loss, accuracy, class names, per-class
     * samples and accuracy, the confusion matrix) and the confusion matrix as a heat map, each atomically.
     */
    public static void writeEvaluation(Path json, Path png, String run, String dataset, String split, EvalResult r,
            List<String> classNames) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("run", run);
        root.put("dataset", dataset);
        root.put("split", split);
        root.put("samples", r.samples());
        root.put("loss", r.loss());
        root.put("accuracy", r.accuracy());
        ArrayNode names = root.putArray("class_names");
        classNames.forEach(names::add);
        ArrayNode perClass = root.putArray("per_class");
        double[] acc = r.perClassAccuracy();
        int[][] confusion = r.confusion();
        for (int c = 0; c < acc.length; c++) {
            ObjectNode row = perClass.addObject();
            row.put("class", c);
            row.put("name", classNames.get(c));
            row.put("samples", Arrays.stream(confusion[c]).sum());
            if (Double.isNaN(acc[c])) {
                row.putNull("accuracy");
            } else {
                row.put("accuracy", acc[c]);
            }
        }
        ArrayNode matrix = root.putArray("confusion");
        for (int[] counts : confusion) {
            ArrayNode line = matrix.addArray();
            for (int n : counts) {
                line.add(n);
            }
        }
        AtomicFiles.writeString(json, JSON.writeValueAsString(root) + "\n");
        Charts.writePng(png, Charts.heatMap(String.format(Locale.ROOT, "%s %s: accuracy %.4f",
                Path.of(dataset).getFileName(), split, r.accuracy()), "predicted class", "true class", classNames, confusion));
    }
}
