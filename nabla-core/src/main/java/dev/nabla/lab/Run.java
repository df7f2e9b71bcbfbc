package dev.nabla.lab;

import dev.nabla.data.DataLoader;
import dev.nabla.data.registry.Datasets;
import dev.nabla.io.AtomicFiles;
import dev.nabla.io.Safetensors;
import dev.nabla.io.TensorBoardWriter;
import dev.nabla.kernel.Kernels;
import dev.nabla.nn.Module;
import dev.nabla.nn.models.MlpSpec;
import dev.nabla.nn.models.ModelSpec;
import dev.nabla.optim.LRScheduler;
import dev.nabla.optim.Optimizer;
import dev.nabla.tensor.Rng;
import dev.nabla.train.Checkpoint;
import dev.nabla.train.EarlyStopping;
import dev.nabla.train.EvalResult;
import dev.nabla.train.Evaluation;
import dev.nabla.train.Evaluator;
import dev.nabla.train.History;
import dev.nabla.train.Trainer;
import dev.nabla.train.TrainingState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One training run in its own folder, as {@code nabla train} does it: resolve the configuration, load
 * and preprocess the data, build the model and optimizer, write {@code config.json}, train with a
 * checkpoint at every evaluation and {@code metrics.csv} kept current, then write {@code model.safetensors}
 * (PyTorch's names and layouts), {@code summary.json}, {@code summary.md} and {@code curves.png}.
 *
 * <pre>{@code
 * Run.Outcome o = Run.start(RunConfig.defaults().with(Map.of("lr", 0.01)), Path.of("runs/lr-0.01"),
 *         Datasets.defaults(), new Run.Listener() {});
 * System.out.println(o.summary().get("best_test_acc"));
 * }</pre>
 *
 * <p>{@link #resume} continues a run that was interrupted from its last checkpoint; the result is
 * bit-identical to an uninterrupted run.
 */
public final class Run {
    /** Progress of the training loop, plus one-line notes (what is loaded, where files go). */
    public interface Listener extends Trainer.Listener {
        default void note(String line) {}
    }

    /** A finished run: its folder, the trainer's result and the summary written to summary.json. */
    public record Outcome(Path dir, Trainer.Result result, Map<String, Object> summary) {}

    private Run() {}

    /**
     * Trains a new run into {@code dir}.
     *
     * @throws IllegalArgumentException for a configuration that is invalid or does not fit the data, or
     *     when {@code dir} already holds a run
     */
    public static Outcome start(RunConfig config, Path dir, Datasets datasets, Listener listener) throws IOException {
        if (Files.isDirectory(dir) && !isEmpty(dir)) {
            throw new IllegalArgumentException(dir + " already exists and is not empty: choose another --name or --out,"
                    + (Files.exists(dir.resolve(RunOutputs.SUMMARY_JSON)) ? " or delete it"
                            : " or continue it with --resume " + dir));
        }
        return execute(config, dir, datasets, listener, false);
    }

    /**
     * Continues the interrupted run in {@code dir} from its last checkpoint (from the start if it was
     * killed before its first evaluation).
     */
    public static Outcome resume(Path dir, Datasets datasets, Listener listener) throws IOException {
        Path configFile = dir.resolve(RunOutputs.CONFIG);
        if (!Files.isRegularFile(configFile)) {
            throw new IllegalArgumentException(dir + " is not a run folder: it has no " + RunOutputs.CONFIG);
        }
        if (Files.exists(dir.resolve(RunOutputs.SUMMARY_JSON))) {
            throw new IllegalArgumentException("the run in " + dir + " has already finished (it has a "
                    + RunOutputs.SUMMARY_JSON + ")");
        }
        return execute(readConfig(dir), dir, datasets, listener, true);
    }

    /** The configuration stored in a run folder's config.json. */
    public static RunConfig readConfig(Path dir) throws IOException {
        return RunFolder.open(dir).config();
    }

    private static Outcome execute(RunConfig config, Path dir, Datasets datasets, Listener listener, boolean resume)
            throws IOException {
        if (config.threads() > 0) {
            Kernels.setThreads(config.threads());
        }
        Path folder = Path.of(config.dataset());
        if (Files.isDirectory(folder) && !folder.isAbsolute()) {
            // A dataset folder is recorded absolute, so the run can be evaluated or resumed from anywhere.
            config = config.with(Map.of("dataset", folder.toAbsolutePath().normalize().toString()));
        }
        RunData data = RunData.load(config, datasets);
        Record spec = RunModel.spec(config, data.sampleShape(), data.numClasses(), data.name());
        Module model = ModelSpec.build(spec, new Rng(config.seed()));
        Optimizer optimizer = RunOptimizer.create(config, model.parameters());
        int batchesPerEpoch = (data.train().size() + config.batchSize() - 1) / config.batchSize();
        LRScheduler schedule = RunSchedule.create(config, optimizer, RunSchedule.epochs(config, batchesPerEpoch));
        EarlyStopping earlyStopping = RunSchedule.earlyStopping(config);
        boolean flatten = spec instanceof MlpSpec;
        int evalBatch = data.evalBatch(model, flatten);
        listener.note(String.format("%s: %d training samples, evaluating on %d %s samples in batches of %d; %s with"
                + " %,d parameters", data.name(), data.train().size(), data.eval().size(),
                data.evalIsValidation() ? "validation" : "test", evalBatch, config.model(), model.parameterCount()));
        Files.createDirectories(dir);
        Path checkpoint = dir.resolve(RunOutputs.CHECKPOINT);
        TrainingState state = null;
        if (resume && Files.exists(checkpoint)) {
            state = Checkpoint.restore(checkpoint, model, optimizer, schedule);
            listener.note("resuming " + dir + " at step " + state.step());
        } else {
            writeConfig(dir, config, spec, data, flatten);
        }
        TensorBoardWriter tb = config.tensorboard() ? new TensorBoardWriter(dir.resolve("tensorboard")) : null;
        History sofar = new History();
        if (state != null) {
            state.history().forEach(sofar::add);
        }
        try (DataLoader train = data.trainLoader(config, flatten);
                DataLoader eval = data.evalLoader(data.eval(), flatten, evalBatch)) {
            Trainer.Builder b = Trainer.builder(model, optimizer, train).evaluateOn(eval, data.numClasses())
                    .l2(config.l2()).clipGradNorm(config.clipGradNorm()).schedule(schedule)
                    .checkpoint(checkpoint).listener(new Trainer.Listener() {
                        @Override
                        public void started(long step, long total) {
                            listener.started(step, total);
                        }

                        @Override
                        public void stepped(long step, long total, double loss) {
                            listener.stepped(step, total, loss);
                        }

                        @Override
                        public void evaluated(Evaluation e) {
                            sofar.add(e);
                            try {
                                sofar.writeCsv(dir.resolve(RunOutputs.METRICS));
                                if (tb != null) {
                                    tb.addScalar("loss/train", e.trainLoss(), e.step());
                                    tb.addScalar("loss/test", e.testLoss(), e.step());
                                    tb.addScalar("accuracy/train", e.trainAcc(), e.step());
                                    tb.addScalar("accuracy/test", e.testAcc(), e.step());
                                    tb.addScalar("lr", e.lr(), e.step());
                                    tb.flush();
                                }
                            } catch (IOException ex) {
                                throw new UncheckedIOException(ex);
                            }
                            listener.evaluated(e);
                        }

                        @Override
                        public void checkpointed(Path file, long step) {
                            listener.checkpointed(file, step);
                        }
                    });
            if (earlyStopping != null) {
                b.callback(earlyStopping);
            }
            if (config.evalEvery() > 0) {
                b.evalEvery(config.evalEvery());
            }
            if (config.epochs() > 0) {
                b.epochs(config.epochs());
            } else {
                b.maxSteps(config.maxSteps());
            }
            if (state != null) {
                b.resumeFrom(state);
            }
            Trainer.Result result = b.build().fit();
            return finish(config, dir, data, model, result, flatten, evalBatch);
        } finally {
            if (tb != null) {
                tb.close();
            }
        }
    }

    private static Outcome finish(RunConfig config, Path dir, RunData data, Module model, Trainer.Result result,
            boolean flatten, int evalBatch) throws IOException {
        Safetensors.write(dir.resolve(RunOutputs.MODEL), model.stateDict(), Map.of("format", "pt"));
        Map<String, Object> summary = RunOutputs.summary(result.history(), result.steps(), result.seconds(),
                result.stopReason(), model.parameterCount(), data.evalIsValidation());
        if (data.evalIsValidation()) {
            try (DataLoader test = data.evalLoader(data.test(), flatten, evalBatch)) {
                EvalResult r = Evaluator.evaluate(model, test, data.numClasses());
                summary.put("final_test_acc", r.accuracy());
                summary.put("final_test_loss", r.loss());
            }
        }
        String title = config.name() == null ? dir.getFileName().toString() : config.name();
        result.history().writeCsv(dir.resolve(RunOutputs.METRICS));
        RunOutputs.writeCurves(dir.resolve(RunOutputs.CURVES), title, result.history(), data.evalIsValidation());
        AtomicFiles.writeString(dir.resolve(RunOutputs.SUMMARY_MD),
                RunOutputs.summaryMarkdown(title, config, result.history(), summary));
        // summary.json is written last: its presence marks the run as finished (grids rely on it).
        RunOutputs.writeSummaryJson(dir, summary);
        Files.deleteIfExists(dir.resolve(RunOutputs.CHECKPOINT));
        return new Outcome(dir, result, summary);
    }

    private static void writeConfig(Path dir, RunConfig config, Record spec, RunData data, boolean flatten)
            throws IOException {
        ObjectNode root = RunOutputs.JSON.createObjectNode();
        root.set("config", config.toJsonTree());
        root.set("model_spec", ModelSpec.toJsonTree(spec));
        ObjectNode d = root.putObject("data");
        d.put("dataset", data.name());
        ArrayNode shape = d.putArray("sample_shape");
        for (int s : data.sampleShape()) {
            shape.add(s);
        }
        d.put("classes", data.numClasses());
        ArrayNode names = d.putArray("class_names");
        data.train().classNames().forEach(names::add);
        d.put("train_size", data.train().size());
        d.put("eval_set", data.evalIsValidation() ? "validation" : "test");
        d.put("eval_size", data.eval().size());
        root.set("preprocessing", data.preprocessing(flatten).toJsonTree());
        AtomicFiles.writeString(dir.resolve(RunOutputs.CONFIG), RunOutputs.JSON.writeValueAsString(root) + "\n");
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        }
    }
}
