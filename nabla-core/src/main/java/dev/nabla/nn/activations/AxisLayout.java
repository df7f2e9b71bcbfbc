package dev.nabla.nn.activations;

import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;

/**
 * A tensor read as [outer, size, inner] around one axis, for ops along that axis (softmax): element
 * (o, i, j) is at (o·size + i)·inner + j, and each of the {@code outer} slices is contiguous.
 */
record AxisLayout(int outer, int size, int inner) {
    /**
     * @throws IllegalArgumentException naming the layer when the axis does not exist
     */
    static AxisLayout of(Tensor x, int dim, String layer) {
        int rank = x.dim();
        int a = dim < 0 ? dim + rank : dim;
        if (a < 0 || a >= rank) {
            throw new IllegalArgumentException(layer + " got input " + Shape.str(x.shape()) + ": dimension " + dim
                    + " does not exist in a tensor of rank " + rank + " (valid: " + (-rank) + " to " + (rank - 1)
                    + ") — for class scores [N, C] use dim=1 or dim=-1");
        }
        int[] s = x.shape();
        int outer = 1;
        int inner = 1;
        for (int i = 0; i < a; i++) {
            outer *= s[i];
        }
        for (int i = a + 1; i < rank; i++) {
            inner *= s[i];
        }
        return new AxisLayout(outer, s[a], inner);
    }
}
