package dev.nabla.kernel;

/**
 * One implementation of {@link Gemm#sgemm}, selected once per JVM: the Vector API kernels or the
 * plain-Java fallback. Callers have validated the arguments and handled the trivial cases, so
 * {@code m, n, k ≥ 1} and {@code alpha ≠ 0}.
 */
interface FloatGemm {
    void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
            float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
            float beta, float[] c, int cOff, int ldc);

    /** Floats that {@link #pack} writes for an m × k op(A). */
    int packedSize(int m, int k);

    /** Packs op(A) (m × k) into {@code dst} in the layout {@link #sgemmPacked} reads. */
    void pack(boolean transA, int m, int k, float[] a, int aOff, int lda, float[] dst);

    /**
     * Packs the {@code taps} matrices A_t (m × k) of {@code a} [m, k, taps] row-major from {@code aOff},
     * A_t(i, p) = a[aOff + (i·k + p)·taps + t], into {@code dst[t]}, each in the layout of {@link #pack}.
     * A convolution's weights [C_out, C_in, kh, kw] are such an array, one A_t per window cell.
     */
    void packTaps(int m, int k, int taps, float[] a, int aOff, float[][] dst);

    /** {@link #sgemm} with op(A) already packed by {@link #pack}. */
    void sgemmPacked(int m, int n, int k, float alpha, float[] packedA, boolean transB, float[] b, int bOff,
            int ldb, float beta, float[] c, int cOff, int ldc);

    /**
     * {@link #sgemmPacked} with B read through offset tables: op(B) is b (k × n), or bᵀ when
     * {@code transB} (b is then n × k). By default b is written out first; an implementation that packs
     * B anyway reads it in place.
     */
    default void sgemmPacked(int m, int n, int k, float alpha, float[] packedA, boolean transB, IndexedMatrix b,
            float beta, float[] c, int cOff, int ldc) {
        sgemmPacked(m, n, k, alpha, packedA, transB, b.toArray(), 0, b.cols, beta, c, cOff, ldc);
    }

    /** {@link #sgemm} with B read through offset tables, as {@link #sgemmPacked(int, int, int, float, float[], boolean, IndexedMatrix, float, float[], int, int)}. */
    default void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
            IndexedMatrix b, float beta, float[] c, int cOff, int ldc) {
        sgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b.toArray(), 0, b.cols, beta, c, cOff, ldc);
    }
}
