package dev.nabla.train;

import dev.nabla.autograd.NoGrad;
import dev.nabla.data.Batch;
import dev.nabla.data.BatchIterator;
import dev.nabla.data.DataLoader;
import dev.nabla.data.DataLoader.Position;
import dev.nabla.nn.Module;
import dev.nabla.nn.losses.CrossEntropyLoss;
import dev.nabla.nn.losses.L2Penalty;
import dev.nabla.optim.GradClip;
import dev.nabla.optim.LRScheduler;
import dev.nabla.optim.Optimizer;
import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;
import dev.nabla.tensor.Workspace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The training loop of the seeds, as a library: mini-batch steps of forward, cross-entropy (plus an
 * optional L2 penalty), backward and an optimizer update; an evaluation every N steps (or once per
 * epoch) on the test set or a validation split; a history with the best and last metrics; callbacks;
 * a NaN/Inf guard; and checkpoints from which a run resumes bit-identically.
 *
 * <pre>{@code
 * Trainer trainer = Trainer.builder(model, new SGD(model.parameters(), 2e-3), trainLoader)
 *         .evaluateOn(testLoader, 10).evalEvery(100).maxSteps(1500)
 *         .build();
 * Trainer.Result result = trainer.fit();
 * System.out.println(result.history().bestByTestAccuracy());
 * }</pre>
 *
 * <p>The training loss and accuracy of an evaluation row are averaged over the mini-batches since the
 * previous evaluation (no extra pass over the training set). A learning-rate schedule steps at the end
 * of every epoch, given the latest test loss.
 *
 * <p>Memory: each step's tensors are recycled by a {@link Workspace}, so after the first step a
 * training step takes its activations and gradients from the arrays of the step before.
 */
public final class Trainer {
    /** Progress events, e.g. for a progress bar. All methods default to doing nothing. */
    public interface Listener {
        default void started(long step, long totalSteps) {}

        default void stepped(long step, long totalSteps, double loss) {}

        default void evaluated(Evaluation evaluation) {}

        default void checkpointed(Path file, long step) {}
    }

    /** The outcome of {@link #fit()}: the history, the steps done, and why the run ended. */
    public record Result(History history, long steps, String stopReason, double seconds) {}

    private final Module model;
    private final Optimizer optimizer;
    private final DataLoader train;
    private final DataLoader eval;
    private final int numClasses;
    private final CrossEntropyLoss loss;
    private final L2Penalty l2;
    private final long maxSteps;
    private final long evalEvery;
    private final List<Callback> callbacks;
    private final LRScheduler schedule;
    private final double clipNorm;
    private final Path checkpoint;
    private final Listener listener;
    private final TrainingState resumeFrom;

    private String stopReason;
    private long step;

    private Trainer(Builder b) {
        this.model = b.model;
        this.optimizer = b.optimizer;
        this.train = b.train;
        this.eval = b.eval;
        this.numClasses = b.numClasses;
        this.loss = b.loss;
        this.l2 = b.l2Lambda > 0 ? new L2Penalty(b.l2Lambda, b.model) : null;
        this.maxSteps = b.maxSteps > 0 ? b.maxSteps : (long) b.epochs * b.train.batchesPerEpoch();
        this.evalEvery = b.evalEvery > 0 ? b.evalEvery : b.train.batchesPerEpoch();
        this.callbacks = List.copyOf(b.callbacks);
        this.schedule = b.schedule;
        this.clipNorm = b.clipNorm;
        this.checkpoint = b.checkpoint;
        this.listener = b.listener;
        this.resumeFrom = b.resumeFrom;
    }

    public static Builder builder(Module model, Optimizer optimizer, DataLoader train) {
        return new Builder(model, optimizer, train);
    }

    /** Ends the run after the current step; the reason is reported in {@link Result#stopReason()}. */
    public void requestStop(String reason) {
        if (stopReason == null) {
            stopReason = reason;
        }
    }

    /** The number of steps done so far. */
    public long step() {
        return step;
    }

    /** The total number of steps of the run. */
    public long maxSteps() {
        return maxSteps;
    }

    public Module model() {
        return model;
    }

    public Optimizer optimizer() {
        return optimizer;
    }

    /**
     * Runs the loop until {@code maxSteps} (or a callback stops it).
     *
     * @throws TrainingDivergedException when the loss becomes NaN or infinite
     */
    public Result fit() {
        History history = new History();
        Position position = Position.START;
        double runningLoss = 0;
        long runningCorrect = 0;
        long runningSamples = 0;
        double secondsBefore = 0;
        step = 0;
        if (resumeFrom != null) {
            step = resumeFrom.step();
            position = resumeFrom.position();
            resumeFrom.history().forEach(history::add);
            callbacks.forEach(c -> c.restore(resumeFrom.history()));
            secondsBefore = resumeFrom.seconds();
        }
        long startNanos = System.nanoTime();
        long lastCheckpointStep = resumeFrom == null ? -1 : resumeFrom.step();
        model.train();
        Workspace workspace = new Workspace();
        listener.started(step, maxSteps);
        try (BatchIterator batches = train.stream(position)) {
            while (step < maxSteps && stopReason == null) {
                int epoch = batches.position().epoch();
                Batch batch = batches.next();
                position = batches.position();
                Tensor logits;
                double value;
                // The step's tensors, gradients included, live in the workspace until the next step;
                // the optimizer runs outside it, since the state it creates must persist.
                try (Workspace.Scope ignored = workspace.open()) {
                    optimizer.zeroGrad();
                    logits = model.forward(batch.inputs());
                    Tensor objective = loss.forward(logits, batch.labels());
                    value = objective.item();
                    if (l2 != null) {
                        objective = objective.add(l2.forward());
                    }
                    if (!Double.isFinite(objective.item())) {
                        throw diverged(step + 1, objective.item(), lastCheckpointStep);
                    }
                    objective.backward();
                    if (clipNorm > 0) {
                        GradClip.clipGradNorm(model.parameters(), clipNorm);
                    }
                }
                optimizer.step();
                step++;
                runningLoss += value * batch.size();
                runningCorrect += correct(logits, batch.labels());
                runningSamples += batch.size();
                listener.stepped(step, maxSteps, value);
                Evaluation e = null;
                if (step % evalEvery == 0 || step == maxSteps) {
                    double seconds = secondsBefore + (System.nanoTime() - startNanos) / 1e9;
                    e = evaluate(epoch, runningLoss / runningSamples, (double) runningCorrect / runningSamples,
                            seconds);
                    history.add(e);
                    runningLoss = 0;
                    runningCorrect = 0;
                    runningSamples = 0;
                }
                if (schedule != null && position.epoch() > epoch) {
                    schedule.step(history.isEmpty() ? value : history.last().testLoss());
                }
                if (e != null) {
                    listener.evaluated(e);
                    for (Callback c : callbacks) {
                        c.onEvaluation(this, e);
                    }
                    if (checkpoint != null) {
                        saveCheckpoint(new TrainingState(step, position, rngStates(), history.rows(), e.seconds()));
                        lastCheckpointStep = step;
                    }
                }
            }
        }
        double seconds = secondsBefore + (System.nanoTime() - startNanos) / 1e9;
        return new Result(history, step, stopReason == null ? "finished " + maxSteps + " steps" : stopReason, seconds);
    }

    private Evaluation evaluate(int epoch, double trainLoss, double trainAcc, double seconds) {
        double testLoss = Double.NaN;
        double testAcc = Double.NaN;
        if (eval != null) {
            EvalResult r = Evaluator.evaluate(model, eval, numClasses);
            testLoss = r.loss();
            testAcc = r.accuracy();
        }
        return new Evaluation(step, epoch, trainLoss, trainAcc, testLoss, testAcc, optimizer.lr(), seconds);
    }

    private static int correct(Tensor logits, int[] labels) {
        int[] predicted;
        try (NoGrad ignored = NoGrad.enter()) {
            predicted = logits.argmax(1);
        }
        int c = 0;
        for (int i = 0; i < labels.length; i++) {
            if (predicted[i] == labels[i]) {
                c++;
            }
        }
        return c;
    }

    private Map<String, long[]> rngStates() {
        Map<String, long[]> out = new LinkedHashMap<>();
        for (Map.Entry<String, Rng> e : model.namedRngs().entrySet()) {
            out.put(e.getKey(), e.getValue().state());
        }
        return out;
    }

    private void saveCheckpoint(TrainingState state) {
        try {
            Checkpoint.save(checkpoint, model, optimizer, schedule, state);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the checkpoint " + checkpoint + ": " + e.getMessage(), e);
        }
        listener.checkpointed(checkpoint, state.step());
    }

    private TrainingDivergedException diverged(long badStep, double value, long lastCheckpointStep) {
        String culprit = null;
        String largestName = "";
        double largest = 0;
        for (Map.Entry<String, Tensor> e : model.namedParameters().entrySet()) {
            int bad = 0;
            Tensor t = e.getValue();
            for (int i = 0; i < t.numel(); i++) {
                double v = t.getFlat(i);
                if (!Double.isFinite(v)) {
                    bad++;
                } else if (Math.abs(v) > largest) {
                    largest = Math.abs(v);
                    largestName = e.getKey();
                }
            }
            if (bad > 0) {
                culprit = "parameter " + e.getKey() + " (" + bad + " of " + t.numel() + " values are NaN or infinite)";
                break;
            }
        }
        if (culprit == null) {
            culprit = String.format(Locale.ROOT, "none of the parameters (the largest |value| is %.3g, in %s),"
                    + " so the activations of this batch overflowed", largest, largestName);
        }
        String where = checkpoint == null
                ? "no checkpoint was being written"
                : lastCheckpointStep >= 0
                        ? "the last good checkpoint is " + checkpoint + " (step " + lastCheckpointStep + ")"
                        : "no checkpoint was written yet";
        return new TrainingDivergedException(badStep, String.format(Locale.ROOT,
                "training diverged at step %d: the loss is %s. First non-finite tensor: %s; %s."
                        + " Try a lower learning rate (now %g) or gradient clipping.",
                badStep, value, culprit, where, optimizer.lr()));
    }

    /** Configures a {@link Trainer}; only the model, optimizer, training loader and a length are required. */
    public static final class Builder {
        private final Module model;
        private final Optimizer optimizer;
        private final DataLoader train;
        private DataLoader eval;
        private int numClasses;
        private CrossEntropyLoss loss = new CrossEntropyLoss();
        private double l2Lambda;
        private long maxSteps;
        private int epochs;
        private long evalEvery;
        private final List<Callback> callbacks = new ArrayList<>();
        private LRScheduler schedule;
        private double clipNorm;
        private Path checkpoint;
        private Listener listener = new Listener() {};
        private TrainingState resumeFrom;

        private Builder(Module model, Optimizer optimizer, DataLoader train) {
            this.model = model;
            this.optimizer = optimizer;
            this.train = train;
        }

        /** Evaluates on every batch of {@code loader} (not shuffled) at each evaluation. */
        public Builder evaluateOn(DataLoader loader, int numClasses) {
            this.eval = loader;
            this.numClasses = numClasses;
            return this;
        }

        /** Evaluates every {@code steps} steps (and after the last one); default once per epoch. */
        public Builder evalEvery(long steps) {
            if (steps < 1) {
                throw new IllegalArgumentException("eval_every must be at least 1, got " + steps);
            }
            this.evalEvery = steps;
            return this;
        }

        /** Trains for a number of optimizer steps. */
        public Builder maxSteps(long steps) {
            if (steps < 1) {
                throw new IllegalArgumentException("max_steps must be at least 1, got " + steps);
            }
            this.maxSteps = steps;
            this.epochs = 0;
            return this;
        }

        /** Trains for a number of whole passes over the training set. */
        public Builder epochs(int epochs) {
            if (epochs < 1) {
                throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
            }
            this.epochs = epochs;
            this.maxSteps = 0;
            return this;
        }

        /** The loss; cross-entropy with mean reduction by default. */
        public Builder loss(CrossEntropyLoss loss) {
            this.loss = loss;
            return this;
        }

        /** Adds seed 004's penalty λ·Σ‖W‖² over the weight matrices to the loss (0 for none). */
        public Builder l2(double lambda) {
            if (lambda < 0) {
                throw new IllegalArgumentException("l2 must be non-negative, got " + lambda);
            }
            this.l2Lambda = lambda;
            return this;
        }

        public Builder callback(Callback callback) {
            callbacks.add(callback);
            return this;
        }

        /** A learning-rate schedule stepped at the end of every epoch. */
        public Builder schedule(LRScheduler schedule) {
            this.schedule = schedule;
            return this;
        }

        /** Clips the global gradient norm to {@code maxNorm} before each update (0 for none). */
        public Builder clipGradNorm(double maxNorm) {
            this.clipNorm = maxNorm;
            return this;
        }

        /** Writes a resumable checkpoint to {@code file} at every evaluation. */
        public Builder checkpoint(Path file) {
            this.checkpoint = file;
            return this;
        }

        public Builder listener(Listener listener) {
            this.listener = listener;
            return this;
        }

        /** Continues from a state returned by {@link Checkpoint#restore}. */
        public Builder resumeFrom(TrainingState state) {
            this.resumeFrom = state;
            return this;
        }

        public Trainer build() {
            if (maxSteps <= 0 && epochs <= 0) {
                throw new IllegalArgumentException("Trainer: give maxSteps(...) or epochs(...)");
            }
            return new Trainer(this);
        }
    }
}
