package dev.nabla.nn.losses;

import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;

/** Checks shared by the classification losses: scores [N, C] and one class index in [0, C) per row. */
final class Targets {
    private Targets() {}

    /**
     * @throws IllegalArgumentException naming the loss, the shapes and the offending target
     */
    static void check(String loss, Tensor scores, int[] targets) {
        if (scores.dim() != 2) {
            throw new IllegalArgumentException(loss + " got input " + Shape.str(scores.shape())
                    + ": expected class scores [N, C]" + (scores.dim() == 1
                            ? " — for a single sample use shape [1, C]" : " — flatten the extra dimensions first"));
        }
        int n = scores.size(0);
        int c = scores.size(1);
        if (targets.length != n) {
            throw new IllegalArgumentException(loss + " got input " + Shape.str(scores.shape()) + " but "
                    + targets.length + " targets: there must be one class index per row");
        }
        for (int i = 0; i < n; i++) {
            if (targets[i] < 0 || targets[i] >= c) {
                throw new IllegalArgumentException(loss + ": target " + targets[i] + " at position " + i
                        + " is out of range for " + c + " classes (valid: 0 to " + (c - 1) + ") — are the labels"
                        + " 1-based, or does the model's output size differ from the number of classes?");
            }
        }
    }
}
