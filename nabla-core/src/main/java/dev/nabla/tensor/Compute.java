package dev.nabla.tensor;

import dev.nabla.kernel.BinaryOp;
import dev.nabla.kernel.Elementwise;
import dev.nabla.kernel.Gemm;
import dev.nabla.kernel.Reduce;
import dev.nabla.kernel.UnaryOp;
import java.util.Arrays;

/**
 * The raw computations behind the tensor ops: allocate the result, dispatch on dtype to a kernel. No
 * autograd here; the Functions in {@link ElementwiseOps}, {@link ReduceOps}, {@link MovementOps} and
 * {@link MatMul} call these in forward and backward.
 */
final class Compute {
    private Compute() {}

    static void sameDType(String op, Tensor a, Tensor b) {
        if (a.dtype() != b.dtype()) {
            throw new IllegalArgumentException(op + ": dtypes differ (" + a.dtype() + " and " + b.dtype()
                    + "); convert one with .to(DType." + a.dtype().name() + ")");
        }
    }

    static Tensor binary(BinaryOp op, Tensor a, Tensor b) {
        sameDType(op.opName(), a, b);
        int[] shape = Arrays.equals(a.shape, b.shape) ? a.shape : Shape.broadcast(op.opName(), a.shape, b.shape);
        int[] sa = Shape.broadcastStrides(a.shape, shape);
        int[] sb = Shape.broadcastStrides(b.shape, shape);
        Tensor out = Tensor.empty(a.dtype(), shape);
        if (a.dtype() == DType.FLOAT32) {
            Elementwise.binary(op, a.f, a.offset, sa, b.f, b.offset, sb, out.f, 0, shape);
        } else {
            Elementwise.binary(op, a.d, a.offset, sa, b.d, b.offset, sb, out.d, 0, shape);
        }
        return out;
    }

    static Tensor unary(UnaryOp op, Tensor x) {
        Tensor out = Tensor.empty(x.dtype(), x.shape);
        if (x.dtype() == DType.FLOAT32) {
            Elementwise.unary(op, x.f, x.offset, out.f, 0, x.numel);
        } else {
            Elementwise.unary(op, x.d, x.offset, out.d, 0, x.numel);
        }
        return out;
    }

    /** One pass of a reduction over the middle axis of {@code in} viewed as [outer, r, inner], into {@code out}. */
    @FunctionalInterface
    private interface Pass {
        void run(Tensor in, int outer, int r, int inner, Tensor out);
    }

    /** Sum over the masked axes. Runs of adjacent reduced axes are merged into one pass each. */
    static Tensor sum(Tensor x, boolean[] mask, boolean keepDims) {
        return reduce(x, mask, keepDims, (in, outer, r, inner, out) -> {
            if (in.dtype() == DType.FLOAT32) {
                Reduce.sum(in.f, in.offset, outer, r, inner, out.f, 0);
            } else {
                Reduce.sum(in.d, in.offset, outer, r, inner, out.d, 0);
            }
        });
    }

    /** Maximum over the masked axes (each of them non-empty), as {@code torch.amax}. */
    static Tensor max(Tensor x, boolean[] mask, boolean keepDims) {
        return reduce(x, mask, keepDims, (in, outer, r, inner, out) -> {
            if (in.dtype() == DType.FLOAT32) {
                Reduce.max(in.f, in.offset, outer, r, inner, out.f, 0);
            } else {
                Reduce.max(in.d, in.offset, outer, r, inner, out.d, 0);
            }
        });
    }

    /** Applies {@code pass} to each run of adjacent masked axes, from the last run to the first. */
    private static Tensor reduce(Tensor x, boolean[] mask, boolean keepDims, Pass pass) {
        int[] outShape = Shape.reduced(x.shape, mask, keepDims);
        Tensor cur = x;
        int[] curShape = x.shape.clone();
        for (int end = curShape.length; end > 0; ) {
            if (!mask[end - 1]) {
                end--;
                continue;
            }
            int start = end - 1;
            while (start > 0 && mask[start - 1]) {
                start--;
            }
            int outer = 1;
            int r = 1;
            int inner = 1;
            for (int i = 0; i < start; i++) {
                outer *= curShape[i];
            }
            for (int i = start; i < end; i++) {
                r *= curShape[i];
                curShape[i] = 1;
            }
            for (int i = end; i < curShape.length; i++) {
                inner *= curShape[i];
            }
            Tensor next = Tensor.empty(x.dtype(), curShape.clone());
            pass.run(cur, outer, r, inner, next);
            cur = next;
            end = start;
        }
        return cur == x ? x.copy().reshape(outShape) : cur.reshape(outShape);
    }

    /**
     * The first maximum along one axis: {@code argmax} receives its index per output (row-major over the
     * other axes), and the returned tensor (the axis kept as size 1) its value.
     */
    static Tensor argmax(Tensor x, int axis, int[] argmax) {
        int outer = 1;
        int inner = 1;
        for (int i = 0; i < axis; i++) {
            outer *= x.shape[i];
        }
        for (int i = axis + 1; i < x.shape.length; i++) {
            inner *= x.shape[i];
        }
        int[] shape = x.shape.clone();
        shape[axis] = 1;
        Tensor out = Tensor.empty(x.dtype(), shape);
        if (x.dtype() == DType.FLOAT32) {
            Reduce.argmax(x.f, x.offset, outer, x.shape[axis], inner, out.f, 0, argmax);
        } else {
            Reduce.argmax(x.d, x.offset, outer, x.shape[axis], inner, out.d, 0, argmax);
        }
        return out;
    }

    /**
     * A copy of {@code x} with {@code value} wherever {@code mask} (broadcast to x's shape) is non-zero,
     * as {@code torch.where(mask, value, x)}: unlike {@code x·(1 − mask)}, an infinite or NaN x under the
     * mask is replaced too.
     */
    static Tensor maskedFill(Tensor x, Tensor mask, double value) {
        Tensor m = expand(mask, x.shape);
        Tensor out = x.copy();
        for (int i = 0; i < out.numel; i++) {
            if (m.getFlat(i) != 0) {
                out.setFlat(i, value);
            }
        }
        return out;
    }

    /** x broadcast to a larger shape, materialised. */
    static Tensor expand(Tensor x, int[] shape) {
        return Arrays.equals(x.shape, shape) ? x : binary(BinaryOp.ADD, x, Tensor.empty(x.dtype, shape));
    }

    /** Sums a broadcast gradient back to the shape of the operand it came from. */
    static Tensor reduceTo(Tensor g, int[] shape) {
        if (Arrays.equals(g.shape, shape)) {
            return g;
        }
        int lead = g.shape.length - shape.length;
        boolean[] mask = new boolean[g.shape.length];
        for (int i = 0; i < g.shape.length; i++) {
            mask[i] = i < lead || (shape[i - lead] == 1 && g.shape[i] != 1);
        }
        return sum(g, mask, true).reshape(shape);
    }

    /** Copies x with its axes reordered: out axis i is x axis perm[i]. */
    static Tensor permute(Tensor x, int[] perm) {
        int r = x.shape.length;
        int[] outShape = new int[r];
        int[] inStr = Shape.strides(x.shape);
        int[] srcStr = new int[r];
        for (int i = 0; i < r; i++) {
            outShape[i] = x.shape[perm[i]];
            srcStr[i] = inStr[perm[i]];
        }
        Tensor out = Tensor.empty(x.dtype(), outShape);
        // Copy as a broadcast "add 0" would cost a second read; a dedicated gather keeps it one pass.
        int n = out.numel;
        int[] idx = new int[r];
        int src = x.offset;
        for (int k = 0; k < n; k++) {
            if (x.dtype() == DType.FLOAT32) {
                out.f[k] = x.f[src];
            } else {
                out.d[k] = x.d[src];
            }
            for (int i = r - 1; i >= 0; i--) {
                idx[i]++;
                src += srcStr[i];
                if (idx[i] < outShape[i]) {
                    break;
                }
                src -= srcStr[i] * outShape[i];
                idx[i] = 0;
            }
        }
        return out;
    }

    /**
     * Batched matrix product of [..., M, K] and [..., K, N] (batch dims broadcast), optionally using the
     * transpose of either operand's last two axes in place.
     */
    static Tensor matmul(Tensor a, boolean transA, Tensor b, boolean transB) {
        sameDType("matmul", a, b);
        int ra = a.shape.length;
        int rb = b.shape.length;
        int m = transA ? a.shape[ra - 1] : a.shape[ra - 2];
        int k = transA ? a.shape[ra - 2] : a.shape[ra - 1];
        int kb = transB ? b.shape[rb - 1] : b.shape[rb - 2];
        int n = transB ? b.shape[rb - 2] : b.shape[rb - 1];
        if (k != kb) {
            throw new IllegalArgumentException("matmul: shapes " + Shape.str(a.shape) + " and " + Shape.str(b.shape)
                    + " cannot be multiplied (" + k + " columns vs " + kb + " rows)");
        }
        int[] batchA = Arrays.copyOf(a.shape, ra - 2);
        int[] batchB = Arrays.copyOf(b.shape, rb - 2);
        int[] batch;
        try {
            batch = Shape.broadcast("matmul", batchA, batchB);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("matmul: shapes " + Shape.str(a.shape) + " and " + Shape.str(b.shape)
                    + " have batch dimensions " + Shape.str(batchA) + " and " + Shape.str(batchB)
                    + " that cannot be broadcast (sizes must be equal or 1, aligned from the last batch dimension)", e);
        }
        int[] outShape = Arrays.copyOf(batch, batch.length + 2);
        outShape[batch.length] = m;
        outShape[batch.length + 1] = n;
        Tensor out = Tensor.empty(a.dtype(), outShape);
        int batches = Shape.numel(batch);
        int[] strA = Shape.broadcastStrides(batchA, batch);
        int[] strB = Shape.broadcastStrides(batchB, batch);
        int[] bIdx = new int[batch.length];
        int lda = a.shape[ra - 1];
        int ldb = b.shape[rb - 1];
        for (int t = 0; t < batches; t++) {
            int rem = t;
            int offA = 0;
            int offB = 0;
            for (int i = batch.length - 1; i >= 0; i--) {
                bIdx[i] = rem % batch[i];
                rem /= batch[i];
                offA += bIdx[i] * strA[i];
                offB += bIdx[i] * strB[i];
            }
            int aStart = a.offset + offA * m * k;
            int bStart = b.offset + offB * k * n;
            int cStart = t * m * n;
            if (a.dtype() == DType.FLOAT32) {
                Gemm.sgemm(transA, transB, m, n, k, 1f, a.f, aStart, lda, b.f, bStart, ldb, 0f, out.f, cStart, n);
            } else {
                Gemm.dgemm(transA, transB, m, n, k, 1.0, a.d, aStart, lda, b.d, bStart, ldb, 0.0, out.d, cStart, n);
            }
        }
        return out;
    }
}
