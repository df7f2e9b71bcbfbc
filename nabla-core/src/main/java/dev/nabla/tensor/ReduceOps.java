package dev.nabla.tensor;

import dev.nabla.autograd.Context;
import dev.nabla.autograd.Function;

/** The reduction primitives; mean, var and logsumexp are composed from these in {@link Tensor}. */
final class ReduceOps {
    private ReduceOps() {}

    /** y = Σ over the masked axes of x. dx = dy broadcast back over those axes. */
    static final class Sum extends Function {
        private final boolean[] mask;
        private final boolean keepDims;
        private int[] inShape;

        Sum(boolean[] mask, boolean keepDims) {
            this.mask = mask;
            this.keepDims = keepDims;
        }

        @Override
        protected Tensor forward(Context ctx, Tensor... in) {
            inShape = in[0].shape;
            return Compute.sum(in[0], mask, keepDims);
        }

        @Override
        protected Tensor[] backward(Context ctx, Tensor dy) {
            Tensor kept = dy.reshape(Shape.reduced(inShape, mask, true));
            return new Tensor[] {Compute.expand(kept, inShape)};
        }
    }

    /** y = max along one axis. dx = dy at the first maximal element of each slice, 0 elsewhere. */
    static final class Max extends Function {
        private final int axis;
        private final boolean keepDims;
        private int[] argmax;
        private int[] inShape;

        Max(int axis, boolean keepDims) {
            this.axis = axis;
            this.keepDims = keepDims;
        }

        @Override
        protected Tensor forward(Context ctx, Tensor... in) {
            Tensor x = in[0];
            inShape = x.shape;
            argmax = new int[x.numel / Math.max(1, x.shape[axis])];
            Tensor kept = Compute.max(x, axis, argmax);
            if (keepDims) {
                return kept;
            }
            boolean[] mask = new boolean[x.dim()];
            mask[axis] = true;
            return kept.reshape(Shape.reduced(x.shape, mask, false));
        }

        @Override
        protected Tensor[] backward(Context ctx, Tensor dy) {
            int[] idx = requireSaved(argmax, "argmax");
            Tensor dx = Tensor.empty(dy.dtype, inShape);
            int r = inShape[axis];
            int inner = 1;
            for (int i = axis + 1; i < inShape.length; i++) {
                inner *= inShape[i];
            }
            for (int k = 0; k < idx.length; k++) {
                int o = k / inner;
                int i = k % inner;
                dx.setFlat((o * r + idx[k]) * inner + i, dy.getFlat(k));
            }
            return new Tensor[] {dx};
        }
    }
}
