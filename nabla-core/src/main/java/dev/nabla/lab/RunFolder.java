package dev.nabla.lab;

import dev.nabla.data.Dataset;
import dev.nabla.data.TrainTest;
import dev.nabla.data.registry.Datasets;
import dev.nabla.io.Safetensors;
import dev.nabla.nn.Module;
import dev.nabla.nn.models.ModelSpec;
import dev.nabla.tensor.Rng;
import dev.nabla.train.History;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A run folder written by {@link Run}, opened to use what the run produced: its configuration, the model
 * with its preprocessing and class names, its learning curves, and its data. This is what
 * {@code nabla eval}, {@code predict} and {@code plot} stand on.
 *
 * <pre>{@code
 * RunFolder run = RunFolder.open(Path.of("runs/mlp"));
 * TrainedModel model = run.loadModel();                         // config.json + model.safetensors
 * EvalResult r = model.evaluate(run.loadSplit(null, "test", Datasets.defaults()));
 * History curves = run.history();                                // metrics.csv
 * }</pre>
 */
public final class RunFolder {
    private final Path dir;
    private final JsonNode root;
    private final RunConfig config;

    private RunFolder(Path dir, JsonNode root, RunConfig config) {
        this.dir = dir;
        this.root = root;
        this.config = config;
    }

    /**
     * Opens the run in {@code dir}; it may still be running or interrupted (see {@link #isFinished()}).
     *
     * @throws IllegalArgumentException when {@code dir} does not exist or is not a run folder (naming the
     *     run folders inside it, if it holds some), or its config.json is malformed
     */
    public static RunFolder open(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException(dir + (Files.exists(dir) ? " is a file, not a run folder"
                    : " does not exist: give the folder of a run (nabla train writes runs/NAME)"));
        }
        Path configFile = dir.resolve(RunOutputs.CONFIG);
        if (!Files.isRegularFile(configFile)) {
            List<Path> inside = runsInside(dir);
            throw new IllegalArgumentException(dir + " is not a run folder: it has no " + RunOutputs.CONFIG
                    + (inside.isEmpty() ? "" : " (it holds " + inside.size() + " run folder"
                            + (inside.size() == 1 ? "" : "s") + ", e.g. " + inside.get(0) + ")"));
        }
        try {
            JsonNode root = RunOutputs.JSON.readTree(Files.readString(configFile));
            return new RunFolder(dir, root, RunConfig.fromJsonTree(root.get("config")));
        } catch (JacksonException e) {
            throw new IllegalArgumentException(configFile + " is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + configFile + ": " + e.getMessage(), e);
        }
    }

    private static List<Path> runsInside(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> Files.isRegularFile(p.resolve(RunOutputs.CONFIG))).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    public Path dir() {
        return dir;
    }

    /** The run's name: the configured one, else the folder's. */
    public String name() {
        return config.name() != null ? config.name() : dir.toAbsolutePath().normalize().getFileName().toString();
    }

    public RunConfig config() {
        return config;
    }

    /** The spec the model was built from ({@link dev.nabla.nn.models.MlpSpec} or ConvNetSpec). */
    public Record modelSpec() {
        JsonNode spec = root.get("model_spec");
        if (spec == null || !spec.isObject()) {
            throw new IllegalArgumentException(dir.resolve(RunOutputs.CONFIG) + " has no \"model_spec\" object");
        }
        return ModelSpec.fromJsonTree((ObjectNode) spec);
    }

    /** The preprocessing the run fitted on its training split and applied to every sample. */
    public Preprocessing preprocessing() {
        return Preprocessing.fromJsonTree(root.get("preprocessing"));
    }

    /** The dataset the run trained on: a registry name or a folder of IDX files. */
    public String dataset() {
        return data().get("dataset").asString();
    }

    /** The shape of one raw sample: {@code [C, H, W]} or {@code [D]}. */
    public int[] sampleShape() {
        JsonNode shape = data().get("sample_shape");
        int[] out = new int[shape.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = shape.get(i).asInt();
        }
        return out;
    }

    /** The names of the classes, in label order. */
    public List<String> classNames() {
        List<String> names = new ArrayList<>();
        data().get("class_names").forEach(n -> names.add(n.asString()));
        return names;
    }

    private JsonNode data() {
        JsonNode d = root.get("data");
        if (d == null || !d.has("dataset") || !d.path("sample_shape").isArray() || !d.path("class_names").isArray()) {
            throw new IllegalArgumentException(dir.resolve(RunOutputs.CONFIG) + " has no valid \"data\" object"
                    + " (dataset, sample_shape, class_names)");
        }
        return d;
    }

    /** Whether the run completed: summary.json is written last. */
    public boolean isFinished() {
        return Files.isRegularFile(dir.resolve(RunOutputs.SUMMARY_JSON));
    }

    /**
     * The run's summary.json (best and last metrics, steps, time, stop reason).
     *
     * @throws IllegalArgumentException when the run has not finished
     */
    public Map<String, Object> summary() {
        return readSummary(dir);
    }

    /** The summary.json of the run in {@code dir}, without reading its configuration. */
    public static Map<String, Object> readSummary(Path dir) {
        Path file = dir.resolve(RunOutputs.SUMMARY_JSON);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(dir + " has no " + RunOutputs.SUMMARY_JSON + ": the run has not finished");
        }
        try {
            return RunOutputs.JSON.readValue(Files.readString(file), new TypeReference<Map<String, Object>>() {});
        } catch (JacksonException e) {
            throw new IllegalArgumentException(file + " is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The evaluations so far, from metrics.csv.
     *
     * @throws IllegalArgumentException when the run has not reached its first evaluation
     */
    public History history() throws IOException {
        Path metrics = dir.resolve(RunOutputs.METRICS);
        if (!Files.isRegularFile(metrics)) {
            throw new IllegalArgumentException(dir + " has no " + RunOutputs.METRICS + " yet: the run has not reached"
                    + " its first evaluation");
        }
        return History.readCsv(metrics);
    }

    /**
     * The trained model: built from the spec and loaded (strictly) from model.safetensors, with the
     * run's preprocessing and class names.
     *
     * @throws IllegalArgumentException when the run has no model.safetensors (it has not finished)
     */
    public TrainedModel loadModel() throws IOException {
        Path weights = dir.resolve(RunOutputs.MODEL);
        if (!Files.isRegularFile(weights)) {
            throw new IllegalArgumentException(dir + " has no " + RunOutputs.MODEL + ": the run has not finished"
                    + (Files.exists(dir.resolve(RunOutputs.CHECKPOINT)) ? " (continue it with nabla train --resume "
                            + dir + ")" : ""));
        }
        Module model = ModelSpec.build(modelSpec(), new Rng(config.seed()));
        model.loadStateDict(Safetensors.read(weights).tensors());
        return new TrainedModel(model, preprocessing(), sampleShape(), classNames(), dataset());
    }

    /**
     * One official split of a dataset, raw (the model's preprocessing is applied when it is evaluated).
     *
     * @param dataset a registry name or a folder of IDX files; null for the run's own dataset (synth is
     *     generated again with the run's sizes and seed)
     * @param split "test" or "train"
     * @throws IllegalArgumentException for an unknown split or dataset, or a run's dataset folder that
     *     cannot be found from the working directory
     */
    public Dataset loadSplit(String dataset, String split, Datasets datasets) {
        if (!split.equals("test") && !split.equals("train")) {
            throw new IllegalArgumentException("split must be test or train, got '" + split + "'");
        }
        String name = dataset != null ? dataset : dataset();
        if (dataset == null && looksLikePath(name) && !Files.isDirectory(Path.of(name))) {
            throw new IllegalArgumentException("the run was trained on the folder " + name + ", which does not exist"
                    + " from " + Path.of("").toAbsolutePath() + ": give it with --dataset DIR");
        }
        TrainTest tt = RunData.readSplits(name, config, datasets);
        return split.equals("test") ? tt.test() : tt.train();
    }

    private static boolean looksLikePath(String name) {
        return name.contains("/") || name.contains(java.io.File.separator) || name.startsWith(".");
    }

    @Override
    public String toString() {
        return "RunFolder(" + dir + ")";
    }
}
