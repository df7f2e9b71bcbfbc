package dev.nabla.train;

import dev.nabla.autograd.NoGrad;
import dev.nabla.data.Batch;
import dev.nabla.data.BatchIterator;
import dev.nabla.data.DataLoader;
import dev.nabla.nn.Module;
import dev.nabla.nn.losses.CrossEntropyLoss;
import dev.nabla.nn.losses.Reduction;
import dev.nabla.tensor.Tensor;
import dev.nabla.tensor.Workspace;
import java.util.function.IntFunction;

/**
 * Evaluates a classifier on every batch of a loader: mean cross-entropy, accuracy and the confusion
 * matrix, in evaluation mode (running BatchNorm statistics, no dropout) and without recording a graph.
 * The model's previous mode is restored afterwards. Each batch's tensors are recycled by the next
 * batch (a {@link Workspace}), so a pass allocates one batch's worth of activations.
 *
 * <p>That worth can be large: 1,000 Fashion-MNIST images through the seeds' CNN are 200 MB per layer
 * output, and such a run peaked at 1.9 GB. {@link #batchSize} picks an evaluation batch that fits a
 * memory budget, measured on a few samples, and {@link #evenBatch} one that divides the set, since a last
 * batch of another size would need a second set of arrays.
 */
public final class Evaluator {
    /**
     * What one evaluation batch's tensors should take at most, at the peak of its forward pass. The
     * workspace that recycles them holds every array the batch used, about twice that.
     */
    public static final long MEMORY_BUDGET_BYTES = 128L << 20;
    /** Samples that {@link #batchSize} measures. */
    public static final int PROBE_SAMPLES = 16;

    private Evaluator() {}

    /**
     * The evaluation batch for {@code samples} samples from {@code loaders} (a loader of the given batch
     * size, preprocessed as for evaluation): measured on one batch of {@link #PROBE_SAMPLES} by
     * {@link #batchSize(Module, DataLoader, int)}, then made to divide the set ({@link #evenBatch}).
     */
    public static int batchSize(Module model, IntFunction<DataLoader> loaders, int samples, int maxBatch) {
        try (DataLoader probe = loaders.apply(PROBE_SAMPLES)) {
            return evenBatch(samples, batchSize(model, probe, maxBatch));
        }
    }

    /**
     * The largest evaluation batch, at most {@code maxBatch}, whose tensors take about
     * {@link #MEMORY_BUDGET_BYTES} or less: the first batch of {@code probe} (a loader of
     * {@link #PROBE_SAMPLES} samples, say, preprocessed as for evaluation) goes through the model once, in
     * evaluation mode and without a graph, and the memory its tensors take is measured. The model's mode
     * is restored.
     */
    public static int batchSize(Module model, DataLoader probe, int maxBatch) {
        return batchSize(model, probe, maxBatch, MEMORY_BUDGET_BYTES);
    }

    /** {@link #batchSize(Module, DataLoader, int)} for a given budget (tests). */
    static int batchSize(Module model, DataLoader probe, int maxBatch, long budgetBytes) {
        boolean wasTraining = model.isTraining();
        model.eval();
        Workspace workspace = new Workspace();
        int samples;
        try (NoGrad ignored = NoGrad.enter(); BatchIterator batches = probe.epoch(0)) {
            java.util.Iterator<Batch> it = batches.iterator();
            if (!it.hasNext()) {
                return maxBatch;
            }
            Batch b = it.next();
            samples = b.size();
            try (Workspace.Scope step = workspace.open()) {
                model.forward(b.inputs());
            }
        } finally {
            model.train(wasTraining);
        }
        return (int) Math.min(maxBatch, samplesWithin(workspace.peakFloats(), samples, budgetBytes));
    }

    /**
     * A batch size for evaluating {@code samples} samples: the largest divisor of {@code samples} between
     * batch/2 and {@code batch}, so that every batch has the same size and the workspace can recycle all
     * of them, even the last; {@code batch} itself when there is no such divisor.
     */
    public static int evenBatch(int samples, int batch) {
        if (samples <= batch) {
            return Math.max(1, samples);
        }
        for (int b = batch; b >= Math.max(1, batch / 2); b--) {
            if (samples % b == 0) {
                return b;
            }
        }
        return batch;
    }

    /** Samples that fit {@code budgetBytes}, given the most floats that {@code samples} samples had lent at once. */
    static int samplesWithin(long peakFloats, int samples, long budgetBytes) {
        long perSample = Math.max(1, peakFloats * Float.BYTES / samples);
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, budgetBytes / perSample));
    }

    /** One pass over {@code loader}'s first epoch (use a loader without shuffling). */
    public static EvalResult evaluate(Module model, DataLoader loader, int numClasses) {
        boolean wasTraining = model.isTraining();
        model.eval();
        CrossEntropyLoss sum = new CrossEntropyLoss(Reduction.SUM);
        int[][] confusion = new int[numClasses][numClasses];
        double lossSum = 0;
        int correct = 0;
        int n = 0;
        try (NoGrad ignored = NoGrad.enter(); BatchIterator batches = loader.epoch(0)) {
            Workspace workspace = new Workspace();
            for (Batch b : batches) {
                int[] predicted;
                try (Workspace.Scope batch = workspace.open()) {
                    Tensor logits = model.forward(b.inputs());
                    lossSum += sum.forward(logits, b.labels()).item();
                    predicted = logits.argmax(1);
                }
                for (int i = 0; i < predicted.length; i++) {
                    confusion[b.labels()[i]][predicted[i]]++;
                    if (predicted[i] == b.labels()[i]) {
                        correct++;
                    }
                }
                n += b.size();
            }
        } finally {
            model.train(wasTraining);
        }
        if (n == 0) {
            throw new IllegalArgumentException("evaluation set is empty");
        }
        return new EvalResult(lossSum / n, (double) correct / n, n, confusion);
    }
}
