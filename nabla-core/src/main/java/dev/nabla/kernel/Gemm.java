package dev.nabla.kernel;

/**
 * General matrix multiply on row-major arrays: {@code C = alpha·op(A)·op(B) + beta·C}.
 *
 * <p>Shapes: op(A) is [M×K], op(B) is [K×N], C is [M×N]. Element (i, j) of C is
 * {@code c[cOff + i·ldc + j]}. Without {@code transA} the array holds A as [M×K], element (i, p) at
 * {@code a[aOff + i·lda + p]} with lda ≥ K; with it, the array holds Aᵀ as [K×M], element (p, i) at
 * {@code a[aOff + p·lda + i]} with lda ≥ M, and op(A) = (Aᵀ)ᵀ. Likewise for B. Backward passes use the
 * transposed forms directly (dW = dYᵀ·X, forward X·Wᵀ), so no transpose is ever materialised.
 * {@code beta == 0} overwrites C without reading it (C may hold garbage, even NaN); {@code alpha == 0}
 * or K = 0 does not read A and B.
 *
 * <p>{@link #sgemm} runs on {@link Kernels#threads()} threads with packed, cache-blocked panels and a
 * Vector API micro-kernel when the JVM has {@code jdk.incubator.vector} (see {@link Kernels}); otherwise
 * on blocked plain-Java loops. Either way it is deterministic: the threads split C, never the
 * K-reduction, so every element of C is summed in an order fixed by the shape alone, and the result is
 * bit-identical for any thread count. (The two implementations differ from each other in the last bits:
 * the vector kernels use fused multiply-adds.)
 */
public final class Gemm {
    private Gemm() {}

    /** The float implementation, chosen once: the Vector API kernels when the module is present. */
    private static final FloatGemm FLOAT = Kernels.vectorEnabled() ? VectorGemm.create() : new PlainGemm();

    /**
     * Single precision: {@code C = alpha·op(A)·op(B) + beta·C}, layouts as in the class comment.
     *
     * @throws IllegalArgumentException if a size is negative, a leading dimension is shorter than a row,
     *     or an array is too short for its matrix at its offset (the message names the matrix)
     */
    public static void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
            float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
            float beta, float[] c, int cOff, int ldc) {
        sgemm(FLOAT, transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    /** {@link #sgemm} on a given implementation, so tests can compare the vector kernels with the fallback. */
    static void sgemm(FloatGemm impl, boolean transA, boolean transB, int m, int n, int k, float alpha,
            float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
            float beta, float[] c, int cOff, int ldc) {
        checkArgs(transA, transB, m, n, k, a.length, aOff, lda, b.length, bOff, ldb, c.length, cOff, ldc);
        if (!trivial(m, n, k, alpha, beta, c, cOff, ldc)) {
            impl.sgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        }
    }

    /**
     * Packs op(A) (m × k, layout as in the class comment) for several products with the same A; see
     * {@link PackedA}.
     *
     * @param reuse a PackedA to refill (its buffer grows as needed), or null for a new one
     * @return {@code reuse}, or the new PackedA
     */
    public static PackedA pack(boolean transA, int m, int k, float[] a, int aOff, int lda, PackedA reuse) {
        return pack(FLOAT, transA, m, k, a, aOff, lda, reuse);
    }

    /**
     * Packs the {@code taps} m × k matrices interleaved in {@code a} [m, k, taps] (row-major, from
     * {@code aOff}), A_t(i, p) = a[aOff + (i·k + p)·taps + t], one PackedA per t, as {@link #pack} would
     * pack each written out: a convolution's weights [C_out, C_in, kh, kw] by window cell.
     *
     * @param reuse PackedAs to refill (null entries, or a short or null array, get new ones)
     * @return the PackedAs, {@code reuse} when it was long enough
     */
    static PackedA[] packTaps(int m, int k, int taps, float[] a, int aOff, PackedA[] reuse) {
        return packTaps(FLOAT, m, k, taps, a, aOff, reuse);
    }

    /** {@link #packTaps} for a given implementation (tests). */
    static PackedA[] packTaps(FloatGemm impl, int m, int k, int taps, float[] a, int aOff, PackedA[] reuse) {
        if (m < 0 || k < 0 || taps < 1) {
            throw new IllegalArgumentException("gemm pack: sizes M=" + m + ", K=" + k + ", taps=" + taps);
        }
        long last = aOff + (long) m * k * taps;
        if (aOff < 0 || last > a.length) {
            throw new IllegalArgumentException("gemm pack: A [" + m + ", " + k + ", " + taps + "] from " + aOff
                    + " needs " + last + " floats, the array has " + a.length);
        }
        PackedA[] out = reuse != null && reuse.length >= taps ? reuse : new PackedA[taps];
        float[][] dst = new float[taps][];
        for (int t = 0; t < taps; t++) {
            if (out[t] == null) {
                out[t] = reuse != null && t < reuse.length && reuse[t] != null ? reuse[t] : new PackedA();
            }
            out[t].m = m;
            out[t].k = k;
            dst[t] = out[t].buffer(impl.packedSize(m, k));
        }
        if (m > 0 && k > 0) {
            impl.packTaps(m, k, taps, a, aOff, dst);
        }
        return out;
    }

    /** {@link #pack} for a given implementation (tests). */
    static PackedA pack(FloatGemm impl, boolean transA, int m, int k, float[] a, int aOff, int lda, PackedA reuse) {
        if (m < 0 || k < 0) {
            throw new IllegalArgumentException("gemm pack: negative size (M=" + m + ", K=" + k + ")");
        }
        checkMatrix(transA ? "A (stored transposed)" : "A", transA ? k : m, transA ? m : k, a.length, aOff, lda,
                " (M=" + m + ", K=" + k + ")");
        PackedA p = reuse == null ? new PackedA() : reuse;
        p.m = m;
        p.k = k;
        if (m > 0 && k > 0) {
            impl.pack(transA, m, k, a, aOff, lda, p.buffer(impl.packedSize(m, k)));
        }
        return p;
    }

    /**
     * {@code C = alpha·A·op(B) + beta·C} with A packed by {@link #pack}: the same result, bit for bit, as
     * {@link #sgemm} on the A that was packed, except for products with one row or one column, which
     * {@link #sgemm} sends to its matrix-vector kernels and this does not (both are deterministic).
     */
    public static void sgemm(PackedA a, boolean transB, int n, float alpha, float[] b, int bOff, int ldb,
            float beta, float[] c, int cOff, int ldc) {
        sgemm(FLOAT, a, transB, n, alpha, b, bOff, ldb, beta, c, cOff, ldc);
    }

    /** The packed {@link #sgemm} on a given implementation (tests); {@code a} must come from the same one. */
    static void sgemm(FloatGemm impl, PackedA a, boolean transB, int n, float alpha, float[] b, int bOff, int ldb,
            float beta, float[] c, int cOff, int ldc) {
        int m = a.m;
        int k = a.k;
        String sizes = " (M=" + m + ", N=" + n + ", K=" + k + ")";
        if (n < 0) {
            throw new IllegalArgumentException("gemm: negative size" + sizes);
        }
        checkMatrix(transB ? "B (stored transposed)" : "B", transB ? n : k, transB ? k : n, b.length, bOff, ldb, sizes);
        checkMatrix("C", m, n, c.length, cOff, ldc, sizes);
        if (!trivial(m, n, k, alpha, beta, c, cOff, ldc)) {
            impl.sgemmPacked(m, n, k, alpha, a.data, transB, b, bOff, ldb, beta, c, cOff, ldc);
        }
    }

    /**
     * {@code C = alpha·A·op(B) + beta·C} with A packed and B read through offset tables ({@link IndexedMatrix}:
     * op(B) is b, or bᵀ when {@code transB}). The same bits as the packed {@link #sgemm} on b written out.
     */
    static void sgemm(PackedA a, boolean transB, int n, float alpha, IndexedMatrix b, float beta, float[] c, int cOff,
            int ldc) {
        sgemm(FLOAT, a, transB, n, alpha, b, beta, c, cOff, ldc);
    }

    /** The packed, indexed {@link #sgemm} on a given implementation (tests). */
    static void sgemm(FloatGemm impl, PackedA a, boolean transB, int n, float alpha, IndexedMatrix b, float beta,
            float[] c, int cOff, int ldc) {
        int m = a.m;
        int k = a.k;
        checkIndexed(transB, m, n, k, b, c.length, cOff, ldc);
        if (!trivial(m, n, k, alpha, beta, c, cOff, ldc)) {
            impl.sgemmPacked(m, n, k, alpha, a.data, transB, b, beta, c, cOff, ldc);
        }
    }

    /**
     * {@code C = alpha·op(A)·op(B) + beta·C} with B read through offset tables ({@link IndexedMatrix}); A as
     * in the class comment. The same bits as {@link #pack} and the packed {@link #sgemm} on b written out.
     */
    static void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
            IndexedMatrix b, float beta, float[] c, int cOff, int ldc) {
        sgemm(FLOAT, transA, transB, m, n, k, alpha, a, aOff, lda, b, beta, c, cOff, ldc);
    }

    /** The indexed {@link #sgemm} on a given implementation (tests). */
    static void sgemm(FloatGemm impl, boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a,
            int aOff, int lda, IndexedMatrix b, float beta, float[] c, int cOff, int ldc) {
        checkIndexed(transB, m, n, k, b, c.length, cOff, ldc);
        checkMatrix(transA ? "A (stored transposed)" : "A", transA ? k : m, transA ? m : k, a.length, aOff, lda,
                " (M=" + m + ", N=" + n + ", K=" + k + ")");
        if (!trivial(m, n, k, alpha, beta, c, cOff, ldc)) {
            impl.sgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, beta, c, cOff, ldc);
        }
    }

    /** Checks the sizes of a product whose B is an {@link IndexedMatrix}, and C. */
    private static void checkIndexed(boolean transB, int m, int n, int k, IndexedMatrix b, int cLen, int cOff,
            int ldc) {
        String sizes = " (M=" + m + ", N=" + n + ", K=" + k + ")";
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException("gemm: negative size" + sizes);
        }
        int rows = transB ? n : k;
        int cols = transB ? k : n;
        if (b.rows != rows || b.cols != cols) {
            throw new IllegalArgumentException("gemm: B" + (transB ? " (stored transposed)" : "") + " should be ["
                    + rows + "x" + cols + "], but the indexed matrix is [" + b.rows + "x" + b.cols + "]" + sizes);
        }
        checkMatrix("C", m, n, cLen, cOff, ldc, sizes);
    }

    /** The implementation {@link #sgemm} uses in this JVM. */
    static FloatGemm floatImplementation() {
        return FLOAT;
    }

    /**
     * Handles the products that need no kernel: nothing to do when C is empty, C = beta·C when K = 0 or
     * alpha = 0 (A and B are not read). True when it handled the call.
     */
    private static boolean trivial(int m, int n, int k, float alpha, float beta, float[] c, int cOff, int ldc) {
        if (m == 0 || n == 0) {
            return true;
        }
        if (k == 0 || alpha == 0f) {
            scale(m, n, beta, c, cOff, ldc);
            return true;
        }
        return false;
    }

    /** C = beta·C, where beta = 0 clears C without reading it (so NaN garbage does not survive). */
    private static void scale(int m, int n, float beta, float[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * ldc;
            if (beta == 0f) {
                java.util.Arrays.fill(c, ci, ci + n, 0f);
            } else if (beta != 1f) {
                for (int j = 0; j < n; j++) {
                    c[ci + j] *= beta;
                }
            }
        }
    }

    /**
     * Double precision, for float64 tensors (gradient checks on small inputs): a plain single-threaded
     * loop, same layout and argument checks as {@link #sgemm}.
     */
    public static void dgemm(boolean transA, boolean transB, int m, int n, int k, double alpha,
            double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
            double beta, double[] c, int cOff, int ldc) {
        checkArgs(transA, transB, m, n, k, a.length, aOff, lda, b.length, bOff, ldb, c.length, cOff, ldc);
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * ldc;
            for (int j = 0; j < n; j++) {
                c[ci + j] = beta == 0 ? 0 : beta * c[ci + j];
            }
            for (int p = 0; p < k; p++) {
                double av = alpha * (transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p]);
                for (int j = 0; j < n; j++) {
                    c[ci + j] += av * (transB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j]);
                }
            }
        }
    }

    static void checkArgs(boolean transA, boolean transB, int m, int n, int k,
            int aLen, int aOff, int lda, int bLen, int bOff, int ldb, int cLen, int cOff, int ldc) {
        String sizes = " (M=" + m + ", N=" + n + ", K=" + k + ")";
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException("gemm: negative size" + sizes);
        }
        checkMatrix(transA ? "A (stored transposed)" : "A", transA ? k : m, transA ? m : k, aLen, aOff, lda, sizes);
        checkMatrix(transB ? "B (stored transposed)" : "B", transB ? n : k, transB ? k : n, bLen, bOff, ldb, sizes);
        checkMatrix("C", m, n, cLen, cOff, ldc, sizes);
    }

    private static void checkMatrix(String name, int rows, int cols, int len, int off, int ld, String sizes) {
        if (rows == 0 || cols == 0) {
            return;
        }
        String matrix = name + " [" + rows + "x" + cols + "]";
        if (ld < cols) {
            throw new IllegalArgumentException("gemm: leading dimension of " + matrix + " is " + ld
                    + ", shorter than its rows of " + cols + " elements" + sizes);
        }
        long last = off + (long) (rows - 1) * ld + cols;
        if (off < 0 || last > len) {
            throw new IllegalArgumentException("gemm: " + matrix + " at offset " + off + " with leading dimension "
                    + ld + " needs " + last + " elements, but the array has " + len + sizes);
        }
    }
}
