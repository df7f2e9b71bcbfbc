package dev.nabla.kernel;

import static dev.nabla.kernel.VectorMicroKernel.S;
import static dev.nabla.kernel.VectorMicroKernel.VL;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;

/**
 * GEMM with one row or one column of C (M = 1 or N = 1): matrix-vector products, for
 * {@link VectorGemm}. Every element of the matrix is used once, so the work is reading it at memory
 * speed; packing would double the traffic.
 *
 * <p>Two loops cover the four transpose variants. When the matrix's rows run along K, each output is
 * a dot product ({@link #dots}): lane l of a vector accumulator sums k ≡ l (mod VL) and the lanes
 * are added in lane order at the end. When they run along the output, each output accumulates one
 * scaled row after another ({@link #axpys}). Both orders depend only on the shape, and threads split
 * the outputs, so results are the same for any thread count.
 */
final class VectorGemv {
    private static final double MIN_FLOPS_PER_THREAD = 1e6;
    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[][] {
        new float[0], new float[VL]});

    private VectorGemv() {}

    /** {@link Gemm#sgemm} for {@code m == 1 || n == 1}; arguments validated, k ≥ 1, alpha ≠ 0. */
    static void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
            float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
            float beta, float[] c, int cOff, int ldc) {
        if (n == 1) {
            // y = op(A)·x with x = column 0 of op(B) and y = column 0 of C.
            int xStride = transB ? 1 : ldb;
            if (transA) {
                axpys(k, m, a, aOff, lda, b, bOff, xStride, alpha, beta, c, cOff, ldc);
            } else {
                dots(m, k, a, aOff, lda, b, bOff, xStride, alpha, beta, c, cOff, ldc);
            }
        } else {
            // yᵀ = xᵀ·op(B) with x = row 0 of op(A) and y = row 0 of C.
            int xStride = transA ? lda : 1;
            if (transB) {
                dots(n, k, b, bOff, ldb, a, aOff, xStride, alpha, beta, c, cOff, 1);
            } else {
                axpys(k, n, b, bOff, ldb, a, aOff, xStride, alpha, beta, c, cOff, 1);
            }
        }
    }

    /**
     * y[r] = alpha·Σ_p mat[r][p]·x[p] + beta·y[r] for r &lt; rows, where row r of mat starts at
     * {@code mOff + r·ld} and x[p] is {@code xs[xOff + p·xStride]}.
     */
    private static void dots(int rows, int k, float[] mat, int mOff, int ld, float[] xs, int xOff, int xStride,
            float alpha, float beta, float[] y, int yOff, int yStride) {
        float[] x = contiguous(xs, xOff, xStride, k);
        int x0 = x == xs ? xOff : 0;
        int grain = (int) Math.max(1, MIN_FLOPS_PER_THREAD / (2.0 * k));
        Parallel.range(rows, grain, (r0, r1) -> {
            float[] lanes = SCRATCH.get()[1];
            for (int r = r0; r < r1; r++) {
                float dot = dot(mat, mOff + r * ld, x, x0, k, lanes);
                int i = yOff + r * yStride;
                y[i] = combine(dot, alpha, beta, y[i]);
            }
        });
    }

    private static float dot(float[] u, int uOff, float[] v, int vOff, int k, float[] lanes) {
        FloatVector acc = FloatVector.zero(S);
        int p = 0;
        for (; p <= k - VL; p += VL) {
            acc = FloatVector.fromArray(S, u, uOff + p).fma(FloatVector.fromArray(S, v, vOff + p), acc);
        }
        if (p < k) {
            VectorMask<Float> m = S.indexInRange(p, k);
            acc = FloatVector.fromArray(S, u, uOff + p, m).fma(FloatVector.fromArray(S, v, vOff + p, m), acc);
        }
        // Lane sums in a fixed order: reduceLanes(ADD) may reassociate differently when compiled.
        acc.intoArray(lanes, 0);
        float sum = 0f;
        for (int l = 0; l < VL; l++) {
            sum += lanes[l];
        }
        return sum;
    }

    /**
     * y[j] = alpha·Σ_p x[p]·mat[p][j] + beta·y[j] for j &lt; cols, where row p of mat starts at
     * {@code mOff + p·ld}, x[p] is {@code xs[xOff + p·xStride]} and y[j] is {@code y[yOff + j·yStride]}.
     */
    private static void axpys(int k, int cols, float[] mat, int mOff, int ld, float[] xs, int xOff, int xStride,
            float alpha, float beta, float[] y, int yOff, int yStride) {
        int vectors = (cols + VL - 1) / VL;
        int grain = (int) Math.max(1, MIN_FLOPS_PER_THREAD / (2.0 * k * VL));
        Parallel.range(vectors, grain, (v0, v1) -> {
            float[] lanes = SCRATCH.get()[1];
            int v = v0;
            // Four columns of vectors at a time: four independent FMA chains, 4·VL floats of each row.
            for (; v + 4 <= v1 && (v + 4) * VL <= cols; v += 4) {
                int j = v * VL;
                FloatVector acc0 = FloatVector.zero(S);
                FloatVector acc1 = FloatVector.zero(S);
                FloatVector acc2 = FloatVector.zero(S);
                FloatVector acc3 = FloatVector.zero(S);
                for (int p = 0; p < k; p++) {
                    int row = mOff + p * ld + j;
                    FloatVector xp = FloatVector.broadcast(S, xs[xOff + p * xStride]);
                    acc0 = FloatVector.fromArray(S, mat, row).fma(xp, acc0);
                    acc1 = FloatVector.fromArray(S, mat, row + VL).fma(xp, acc1);
                    acc2 = FloatVector.fromArray(S, mat, row + 2 * VL).fma(xp, acc2);
                    acc3 = FloatVector.fromArray(S, mat, row + 3 * VL).fma(xp, acc3);
                }
                acc0.intoArray(lanes, 0);
                fold(lanes, j, cols, alpha, beta, y, yOff, yStride);
                acc1.intoArray(lanes, 0);
                fold(lanes, j + VL, cols, alpha, beta, y, yOff, yStride);
                acc2.intoArray(lanes, 0);
                fold(lanes, j + 2 * VL, cols, alpha, beta, y, yOff, yStride);
                acc3.intoArray(lanes, 0);
                fold(lanes, j + 3 * VL, cols, alpha, beta, y, yOff, yStride);
            }
            for (; v < v1; v++) {
                int j = v * VL;
                VectorMask<Float> m = S.indexInRange(j, cols);
                FloatVector acc = FloatVector.zero(S);
                for (int p = 0; p < k; p++) {
                    FloatVector row = FloatVector.fromArray(S, mat, mOff + p * ld + j, m);
                    acc = row.fma(FloatVector.broadcast(S, xs[xOff + p * xStride]), acc);
                }
                acc.intoArray(lanes, 0);
                fold(lanes, j, cols, alpha, beta, y, yOff, yStride);
            }
        });
    }

    /**
     * Folds the sums of outputs j … j+VL (those below cols), spilled to {@code lanes}, into y. Vectors
     * are not passed to helpers: C2 boxes them when it does not inline the call.
     */
    private static void fold(float[] lanes, int j, int cols, float alpha, float beta,
            float[] y, int yOff, int yStride) {
        for (int l = 0; l < VL && j + l < cols; l++) {
            int i = yOff + (j + l) * yStride;
            y[i] = combine(lanes[l], alpha, beta, y[i]);
        }
    }

    /** alpha·acc + beta·old, with beta = 0 ignoring old (it may be NaN garbage). */
    private static float combine(float acc, float alpha, float beta, float old) {
        float t = alpha == 1f ? acc : alpha * acc;
        if (beta == 0f) {
            return t;
        }
        return beta == 1f ? old + t : Math.fma(beta, old, t);
    }

    /** x as a contiguous array: {@code xs} itself when the stride is 1, else a per-thread copy. */
    private static float[] contiguous(float[] xs, int xOff, int xStride, int k) {
        if (xStride == 1) {
            return xs;
        }
        float[][] s = SCRATCH.get();
        if (s[0].length < k) {
            s[0] = new float[k];
        }
        float[] x = s[0];
        for (int p = 0; p < k; p++) {
            x[p] = xs[xOff + p * xStride];
        }
        return x;
    }
}
