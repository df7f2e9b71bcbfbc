package dev.nabla.data;

import dev.nabla.tensor.Tensor;

/**
 * One mini-batch: {@code inputs} of shape {@code [N, C, H, W]} (or {@code [N, C·H·W]} when flattened,
 * {@code [N, D]} for feature rows), float32; {@code labels[n]} is the class of row {@code n}; and
 * {@code indices[n]} is that row's index in the loader's dataset.
 */
public record Batch(Tensor inputs, int[] labels, int[] indices) {

    /** Number of samples N. */
    public int size() {
        return labels.length;
    }
}
