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

    /** {@link #sgemm} with op(A) already packed by {@link #pack}. */
    void sgemmPacked(int m, int n, int k, float alpha, float[] packedA, boolean transB, float[] b, int bOff,
            int ldb, float beta, float[] c, int cOff, int ldc);
}
