package dev.nabla.tensor;

import dev.nabla.autograd.Context;
import dev.nabla.autograd.Function;
import dev.nabla.kernel.BinaryOp;

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

    /**
     * y = max of x over the masked axes, as {@code torch.amax}. Shapes: x [in], y the reduced shape (the
     * masked axes kept as size 1 with {@code keepDims}, else dropped).
     *
     * <p>dx = dy / k at each of the k elements of a slice that equal its maximum, 0 elsewhere, i.e.
     * dx = [x = y]·(dy / Σ[x = y]). A unique maximum gets all of dy; ties share it evenly, as PyTorch's
     * {@code amax} and whole-tensor {@code max()} do. (A slice whose maximum is NaN matches no element
     * and gets NaN, as in PyTorch.)
     */
    static final class Max extends Function {
        private final boolean[] mask;
        private final boolean keepDims;

        Max(boolean[] mask, boolean keepDims) {
            this.mask = mask;
            this.keepDims = keepDims;
        }

        @Override
        protected Tensor forward(Context ctx, Tensor... in) {
            Tensor x = in[0];
            Tensor kept = Compute.max(x, mask, true);
            ctx.saveForBackward(x, kept);
            return keepDims ? kept : kept.reshape(Shape.reduced(x.shape, mask, false));
        }

        @Override
        protected Tensor[] backward(Context ctx, Tensor dy) {
            Tensor x = ctx.saved(0);
            Tensor kept = ctx.saved(1);
            Tensor winners = Compute.binary(BinaryOp.EQ, x, kept);
            Tensor share = Compute.binary(BinaryOp.DIV, dy.reshape(kept.shape), Compute.sum(winners, mask, true));
            return new Tensor[] {Compute.binary(BinaryOp.MUL, winners, share)};
        }
    }
}
