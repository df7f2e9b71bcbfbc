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

/**
 * Evaluates a classifier on every batch of a loader: mean cross-entropy, accuracy and the confusion
 * matrix, in evaluation mode (running BatchNorm statistics, no dropout) and without recording a graph.
 * The model's previous mode is restored afterwards. Each batch's tensors are recycled by the next
 * batch (a {@link Workspace}), so a pass allocates one batch's worth of activations.
 */
public final class Evaluator {
    private Evaluator() {}

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
