package dev.nabla.nn.manual;

import dev.nabla.tensor.Tensor;

/**
 * Softmax followed by the mean cross-entropy, L = −(1/N)·Σₙ log pₙ[tₙ], with the backward written out:
 * dL/dz = (p − onehot)/N. Shapes: logits z [N, C], targets int[N], L a scalar.
 */
public final class ManualSoftmaxCrossEntropy {
    private Tensor probabilities;
    private Tensor oneHot;

    /** The loss; caches p = softmax(z) and the one-hot targets. */
    public Tensor forward(Tensor logits, int[] targets) {
        Tensor shifted = logits.sub(logits.max(1, true));
        Tensor e = shifted.exp();
        probabilities = e.div(e.sum(new int[] {1}, true));
        oneHot = Tensor.oneHot(targets, logits.size(1)).to(logits.dtype());
        Tensor logP = shifted.sub(e.sum(new int[] {1}, true).log());
        return logP.mul(oneHot).sum().neg().div(targets.length);
    }

    /** dL/dz = (p − onehot)/N, [N, C]. */
    public Tensor backward() {
        if (probabilities == null) {
            throw new IllegalStateException("ManualSoftmaxCrossEntropy.backward called before forward");
        }
        return probabilities.sub(oneHot).div(oneHot.size(0));
    }

    /** p = softmax(z) from the last forward. */
    public Tensor probabilities() {
        return probabilities;
    }
}
