package dev.nabla.tensor;

import dev.nabla.autograd.Context;
import dev.nabla.autograd.Function;
import java.util.Arrays;

/** Primitives that move elements without arithmetic: reshape, permute, narrow, index-select, concat. */
final class MovementOps {
    private MovementOps() {}

    /** y = x viewed with a new shape (shares storage). dx = dy viewed with x's shape. */
    static final class Reshape extends Function {
        private final int[] target;
        private int[] inShape;

        Reshape(int[] target) {
            this.target = target;
        }

        @Override
        protected Tensor forward(Context ctx, Tensor... in) {
            Tensor x = in[0];
            inShape = x.shape;
            return new Tensor(x.dtype, x.f, x.d, x.offset, target.clone());
        }

        @Override
        protected Tensor[] backward(Context ctx, Tensor dy) {
            return new Tensor[] {dy.reshape(inShape)};
        }
    }

    /** y = x with axes reordered (y axis i is x axis perm[i]). dx = dy permuted by the inverse. */
    static final class Permute extends Function {
        private final int[] perm;

        Permute(int[] perm) {
            this.perm = perm;
        }

        @Override
        protected Tensor forward(Context ctx, Tensor... in) {
            return Compute.permute(in[0], perm);
        }

        @Override
        protected Tensor[] backward(Context ctx, Tensor dy) {
            int[] inverse = new int[perm.length];
            for (int i = 0; i < perm.length; i++) {
                inverse[perm[i]] = i;
            }
            return new Tensor[] {Compute.permute(dy, inverse)};
        }
    }

    /** y = x[..., start:start+length, ...] along one axis. dx = dy placed in that slice, zeros elsewhere. */
    static final class Narrow extends Function {
        private final int axis;
        private final int start;
        private final int length;
        private int[] inShape;

        Narrow(int axis, int start, int length) {
            this.axis = axis;
            this.start = start;
            this.length = length;
        }

        @Override
        protected Tensor forward(Context ctx, Tensor... in) {
            Tensor x = in[0];
            inShape = x.shape;
            int[] outShape = x.shape.clone();
            outShape[axis] = length;
            if (axis == 0 || leadingOnes(x.shape, axis)) {
                int rowSize = x.numel / Math.max(1, x.shape[axis]);
                return new Tensor(x.dtype, x.f, x.d, x.offset + start * rowSize, outShape);
            }
            Tensor out = Tensor.empty(x.dtype, outShape);
            copyBlocks(x, axis, start, out, 0, length);
            return out;
        }

        @Override
        protected Tensor[] backward(Context ctx, Tensor dy) {
            Tensor dx = Tensor.empty(dy.dtype, inShape);
            copyBlocks(dy, axis, 0, dx, start, length);
            return new Tensor[] {dx};
        }

        private static boolean leadingOnes(int[] shape, int axis) {
            for (int i = 0; i < axis; i++) {
                if (shape[i] != 1) {
                    return false;
                }
            }
            return true;
        }
    }

    /**
     * Copies {@code length} slices along {@code axis} from src (starting at srcStart) into dst (starting at
     * dstStart); both tensors have the same sizes on every other axis.
     */
    static void copyBlocks(Tensor src, int axis, int srcStart, Tensor dst, int dstStart, int length) {
        int outer = 1;
        for (int i = 0; i < axis; i++) {
            outer *= src.shape[i];
        }
        int inner = 1;
        for (int i = axis + 1; i < src.shape.length; i++) {
            inner *= src.shape[i];
        }
        int srcAxis = src.shape[axis];
        int dstAxis = dst.shape[axis];
        int block = length * inner;
        for (int o = 0; o < outer; o++) {
            int s = src.offset + (o * srcAxis + srcStart) * inner;
            int t = dst.offset + (o * dstAxis + dstStart) * inner;
            if (src.f != null) {
                System.arraycopy(src.f, s, dst.f, t, block);
            } else {
                System.arraycopy(src.d, s, dst.d, t, block);
            }
        }
    }

    /** y[i] = x[index[i]] along axis 0. dx[index[i]] += dy[i] (repeated rows accumulate). */
    static final class IndexSelect extends Function {
        private final int[] index;
        private int[] inShape;

        IndexSelect(int[] index) {
            this.index = index.clone();
        }

        @Override
        protected Tensor forward(Context ctx, Tensor... in) {
            Tensor x = in[0];
            inShape = x.shape;
            int[] outShape = x.shape.clone();
            outShape[0] = index.length;
            Tensor out = Tensor.empty(x.dtype, outShape);
            int row = x.numel / Math.max(1, x.shape[0]);
            for (int i = 0; i < index.length; i++) {
                if (x.f != null) {
                    System.arraycopy(x.f, x.offset + index[i] * row, out.f, i * row, row);
                } else {
                    System.arraycopy(x.d, x.offset + index[i] * row, out.d, i * row, row);
                }
            }
            return out;
        }

        @Override
        protected Tensor[] backward(Context ctx, Tensor dy) {
            Tensor dx = Tensor.empty(dy.dtype, inShape);
            int row = dx.numel / Math.max(1, inShape[0]);
            for (int i = 0; i < index.length; i++) {
                for (int j = 0; j < row; j++) {
                    int t = index[i] * row + j;
                    dx.setFlat(t, dx.getFlat(t) + dy.getFlat(i * row + j));
                }
            }
            return new Tensor[] {dx};
        }
    }

    /** y = the inputs joined along an axis. Each dx_i = the matching slice of dy. */
    static final class Concat extends Function {
        private final int axisArg;
        private int axis;
        private int[] sizes;

        Concat(int axis) {
            this.axisArg = axis;
        }

        @Override
        protected Tensor forward(Context ctx, Tensor... in) {
            if (in.length == 0) {
                throw new IllegalArgumentException("concat: needs at least one tensor");
            }
            Tensor first = in[0];
            axis = Shape.axis("concat", axisArg, first.dim());
            sizes = new int[in.length];
            int total = 0;
            for (int i = 0; i < in.length; i++) {
                Tensor t = in[i];
                Compute.sameDType("concat", first, t);
                int[] a = first.shape.clone();
                int[] b = t.shape.clone();
                if (a.length == b.length) {
                    a[axis] = 0;
                    b[axis] = 0;
                }
                if (!Arrays.equals(a, b)) {
                    throw new IllegalArgumentException("concat: tensor " + i + " has shape " + Shape.str(t.shape)
                            + " but tensor 0 has " + Shape.str(first.shape)
                            + "; all sizes except axis " + axisArg + " must match");
                }
                sizes[i] = t.shape[axis];
                total += sizes[i];
            }
            int[] outShape = first.shape.clone();
            outShape[axis] = total;
            Tensor out = Tensor.empty(first.dtype, outShape);
            int at = 0;
            for (int i = 0; i < in.length; i++) {
                copyBlocks(in[i], axis, 0, out, at, sizes[i]);
                at += sizes[i];
            }
            return out;
        }

        @Override
        protected Tensor[] backward(Context ctx, Tensor dy) {
            Tensor[] grads = new Tensor[sizes.length];
            int at = 0;
            for (int i = 0; i < sizes.length; i++) {
                if (ctx.needsInputGrad(i)) {
                    int[] shape = dy.shape.clone();
                    shape[axis] = sizes[i];
                    grads[i] = Tensor.empty(dy.dtype, shape);
                    copyBlocks(dy, axis, at, grads[i], 0, sizes[i]);
                }
                at += sizes[i];
            }
            return grads;
        }
    }
}
