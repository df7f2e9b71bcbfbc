package dev.nabla.optim;

import dev.nabla.kernel.Parallel;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Gradient clipping by the norm of all gradients together ({@code torch.nn.utils.clip_grad_norm_}):
 * call it between {@code backward()} and {@code step()}.
 *
 * <pre>{@code
 * loss.backward();
 * double norm = GradClip.clipGradNorm(model.parameters(), 1.0);
 * optimizer.step();
 * }</pre>
 */
public final class GradClip {
    /** Elements per partial sum: fixed, so the norm does not depend on the thread count. */
    private static final int CHUNK = 1 << 16;

    private GradClip() {}

    /** {@link #clipGradNorm(List, double, double)} with the Euclidean norm. */
    public static double clipGradNorm(List<Tensor> params, double maxNorm) {
        return clipGradNorm(params, maxNorm, 2.0);
    }

    /**
     * Scales every gradient by the same factor so that their total norm is at most {@code maxNorm}.
     *
     * <pre>
     * total ← ‖(g_1, ..., g_k)‖_p                 (all gradients as one vector; p = ∞ is the largest |g|)
     * c ← maxNorm / (total + 1e-6)
     * if c &lt; 1:  g_i ← c·g_i for every i
     * </pre>
     *
     * Parameters without a gradient are skipped. The sums are accumulated in double in a fixed order;
     * c is computed in float32 from the rounded total, as PyTorch does. A NaN or infinite total makes
     * the gradients NaN or zero, as in PyTorch: check the returned norm to detect it.
     *
     * @param normType p of the p-norm: any p &gt; 0, or {@code Double.POSITIVE_INFINITY}
     * @return the total norm of the gradients before clipping (0 if no parameter has a gradient)
     * @throws IllegalArgumentException for a negative or NaN {@code maxNorm} or an invalid {@code normType}
     */
    public static double clipGradNorm(List<Tensor> params, double maxNorm, double normType) {
        if (!(maxNorm >= 0)) {
            throw new IllegalArgumentException("clipGradNorm: max_norm must be >= 0, got " + PyFloat.repr(maxNorm));
        }
        if (!(normType > 0)) {
            throw new IllegalArgumentException("clipGradNorm: norm_type must be > 0 (2 for the Euclidean norm,"
                    + " Double.POSITIVE_INFINITY for the largest element), got " + PyFloat.repr(normType));
        }
        List<Tensor> grads = new ArrayList<>();
        for (Tensor p : params) {
            Tensor g = p.grad();
            if (g == null) {
                continue;
            }
            if (g.dtype() != DType.FLOAT32) {
                throw new IllegalArgumentException("clipGradNorm: the gradient of a parameter of shape "
                        + Shape.str(p.shape()) + " is " + g.dtype() + "; only float32 gradients are clipped");
            }
            grads.add(g);
        }
        if (grads.isEmpty()) {
            return 0;
        }
        double total;
        if (normType == Double.POSITIVE_INFINITY) {
            total = 0;
            for (Tensor g : grads) {
                total = Math.max(total, reduce(g, normType));
            }
        } else {
            double sum = 0;
            for (Tensor g : grads) {
                sum += reduce(g, normType);
            }
            total = normType == 2 ? Math.sqrt(sum) : Math.pow(sum, 1 / normType);
        }
        float coef = 1f / ((float) total + 1e-6f) * (float) maxNorm;
        if (!(coef >= 1)) {
            for (Tensor g : grads) {
                float[] a = g.floatData();
                int off = g.offset();
                Parallel.range(g.numel(), CHUNK, (from, to) -> {
                    for (int i = off + from; i < off + to; i++) {
                        a[i] *= coef;
                    }
                });
            }
        }
        return total;
    }

    /** Σ|g|^p over one gradient, or max |g| for p = ∞, from fixed chunks combined in order. */
    private static double reduce(Tensor g, double p) {
        float[] a = g.floatData();
        int off = g.offset();
        int n = g.numel();
        double[] partial = new double[Parallel.chunks(n, CHUNK)];
        Parallel.range(partial.length, 1, (from, to) -> {
            for (int c = from; c < to; c++) {
                int start = off + c * CHUNK;
                partial[c] = chunk(a, start, Math.min(start + CHUNK, off + n), p);
            }
        });
        double out = 0;
        for (double s : partial) {
            out = p == Double.POSITIVE_INFINITY ? Math.max(out, s) : out + s;
        }
        return out;
    }

    private static double chunk(float[] a, int from, int to, double p) {
        if (p == Double.POSITIVE_INFINITY) {
            double m = 0;
            for (int i = from; i < to; i++) {
                m = Math.max(m, Math.abs(a[i]));
            }
            return m;
        }
        if (p == 2) {
            // Four independent sums keep the adder busy; the order is still fixed.
            double s0 = 0;
            double s1 = 0;
            double s2 = 0;
            double s3 = 0;
            int i = from;
            for (; i + 3 < to; i += 4) {
                s0 += (double) a[i] * a[i];
                s1 += (double) a[i + 1] * a[i + 1];
                s2 += (double) a[i + 2] * a[i + 2];
                s3 += (double) a[i + 3] * a[i + 3];
            }
            for (; i < to; i++) {
                s0 += (double) a[i] * a[i];
            }
            return (s0 + s1) + (s2 + s3);
        }
        double s = 0;
        for (int i = from; i < to; i++) {
            s += Math.pow(Math.abs(a[i]), p);
        }
        return s;
    }
}
