package dev.nabla.kernel;

/**
 * Single-precision GEMM in plain Java, for JVMs without the Vector API module. Slower than
 * {@link VectorGemm}, but blocked for the caches and written so that C2 auto-vectorises the inner loop
 * ({@code c[j] += a·b[j]} over a row).
 *
 * <p>Each C element is computed as {@code c = beta·c} (or 0), then {@code c += (alpha·a_ip)·b_pj} for
 * p = 0, 1, …, K−1 in order: the blocking only changes which elements are worked on together, never
 * this sequence, so the result is the same for any thread count. (It differs in the last bits from the
 * vector kernels, which use fused multiply-adds.)
 *
 * <p>op(B) is read in place when B is not transposed; otherwise a KC×NC block of it is first copied
 * row-major into a per-thread buffer, so the inner loop always runs over contiguous memory.
 */
final class PlainGemm implements FloatGemm {
    /** Rows of op(B) per block: KC·NC floats (128 KiB) stay in L2 while all rows of C pass over them. */
    private static final int KC = 128;
    /** Columns per block: one row segment of C (2 KiB) and of op(B) stay in L1 during a row's update. */
    private static final int NC = 256;
    private static final double MIN_FLOPS_PER_THREAD = 1e6;

    private static final ThreadLocal<float[]> SCRATCH = ThreadLocal.withInitial(() -> new float[KC * NC]);

    @Override
    public void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
            float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
            float beta, float[] c, int cOff, int ldc) {
        int t = (int) Math.min(Kernels.threads(), Math.max(1, 2.0 * m * n * k / MIN_FLOPS_PER_THREAD));
        if (m >= n || m >= 4 * t) {
            Parallel.range(m, Math.max(1, m / t), (i0, i1) ->
                    block(transA, transB, i0, i1, 0, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc));
        } else {
            int chunks = Parallel.chunks(n, 16);
            Parallel.range(chunks, Math.max(1, chunks / t), (q0, q1) -> block(transA, transB, 0, m, q0 * 16,
                    Math.min(n, q1 * 16), k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc));
        }
    }

    /** Computes C[i0…i1) × [j0…j1). */
    private static void block(boolean transA, boolean transB, int i0, int i1, int j0, int j1, int k, float alpha,
            float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
            float beta, float[] c, int cOff, int ldc) {
        float[] packed = transB ? SCRATCH.get() : null;
        for (int jc = j0; jc < j1; jc += NC) {
            int nc = Math.min(NC, j1 - jc);
            for (int i = i0; i < i1; i++) {
                scale(c, cOff + i * ldc + jc, nc, beta);
            }
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                float[] bs = b;
                int b0 = bOff + pc * ldb + jc;
                int bStride = ldb;
                if (transB) {
                    packTransposed(b, bOff + jc * ldb + pc, ldb, kc, nc, packed);
                    bs = packed;
                    b0 = 0;
                    bStride = nc;
                }
                for (int i = i0; i < i1; i++) {
                    int ci = cOff + i * ldc + jc;
                    for (int p = 0; p < kc; p++) {
                        float av = alpha * (transA ? a[aOff + (pc + p) * lda + i] : a[aOff + i * lda + pc + p]);
                        axpy(av, bs, b0 + p * bStride, c, ci, nc);
                    }
                }
            }
        }
    }

    /** c[ci …] += av·b[bi …] over n elements: the loop C2 turns into vector instructions. */
    private static void axpy(float av, float[] b, int bi, float[] c, int ci, int n) {
        for (int j = 0; j < n; j++) {
            c[ci + j] += av * b[bi + j];
        }
    }

    /** c = beta·c over a row segment; beta = 0 clears it without reading (it may hold NaN garbage). */
    private static void scale(float[] c, int ci, int n, float beta) {
        if (beta == 0f) {
            java.util.Arrays.fill(c, ci, ci + n, 0f);
        } else if (beta != 1f) {
            for (int j = 0; j < n; j++) {
                c[ci + j] *= beta;
            }
        }
    }

    /** dst[p·nc + j] = op(B)[p][j] = b[src + j·ldb + p]: a kc×nc block of op(B) when Bᵀ is stored. */
    private static void packTransposed(float[] b, int src, int ldb, int kc, int nc, float[] dst) {
        for (int j = 0; j < nc; j++) {
            int s = src + j * ldb;
            for (int p = 0; p < kc; p++) {
                dst[p * nc + j] = b[s + p];
            }
        }
    }
}
