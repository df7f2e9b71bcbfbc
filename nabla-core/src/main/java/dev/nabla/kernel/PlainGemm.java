package dev.nabla.kernel;

import java.util.Arrays;

/**
 * Single-precision GEMM in plain Java, for JVMs without the Vector API module: blocked for the caches
 * and written so that C2 auto-vectorises the inner loop, {@code c[j] += a·b[j]} along a row.
 *
 * <p>C2 (up to JDK 25 at least) only vectorises that loop when it can rule out an overlap between the
 * row it stores and the row it loads. It cannot for two arrays at unrelated offsets (they might be one
 * array), but it can when both are indexed by the same {@code j} from 0: even if they were the same
 * array, each iteration would touch only its own element. So a KC×NC block of op(B) is copied into
 * separate row arrays, and four rows of C are accumulated in row arrays and copied back: about 7× the
 * speed of updating C in place.
 *
 * <p>Each C element is computed as {@code c = beta·c} (or 0), then {@code c += (alpha·a_ip)·b_pj} for
 * p = 0, 1, …, K−1 in order: the blocking only changes which elements are worked on together, never
 * this sequence, so the result is the same for any thread count. (It differs in the last bits from the
 * vector kernels, which use fused multiply-adds.)
 */
final class PlainGemm implements FloatGemm {
    /** Rows of op(B) per block: KC·NC floats (128 KiB) stay in L2 while the rows of C pass over them. */
    private static final int KC = 128;
    /** Columns per block: four accumulator rows and one row of op(B) (5 KiB) stay in L1. */
    private static final int NC = 256;
    /** Rows of C updated together, so each loaded element of op(B) is used four times. */
    private static final int ROWS = 4;
    private static final double MIN_FLOPS_PER_THREAD = 1e6;

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    @Override
    public void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
            float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
            float beta, float[] c, int cOff, int ldc) {
        int t = (int) Math.min(Kernels.threads(), Math.max(1, 2.0 * m * n * k / MIN_FLOPS_PER_THREAD));
        if (m >= n || m >= ROWS * 4 * t) {
            int groups = Parallel.chunks(m, ROWS);
            Parallel.range(groups, Math.max(1, groups / t), (g0, g1) -> block(transA, transB, g0 * ROWS,
                    Math.min(m, g1 * ROWS), 0, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc));
        } else {
            int chunks = Parallel.chunks(n, 16);
            Parallel.range(chunks, Math.max(1, chunks / t), (q0, q1) -> block(transA, transB, 0, m, q0 * 16,
                    Math.min(n, q1 * 16), k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc));
        }
    }

    /** Plain op(A) copied as a row-major m × k matrix: the fallback gains nothing from a special layout. */
    @Override
    public int packedSize(int m, int k) {
        return m * k;
    }

    @Override
    public void packTaps(int m, int k, int taps, float[] a, int aOff, float[][] dst) {
        for (int t = 0; t < taps; t++) {
            for (int e = 0; e < m * k; e++) {
                dst[t][e] = a[aOff + e * taps + t];
            }
        }
    }

    @Override
    public void pack(boolean transA, int m, int k, float[] a, int aOff, int lda, float[] dst) {
        for (int i = 0; i < m; i++) {
            for (int p = 0; p < k; p++) {
                dst[i * k + p] = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
            }
        }
    }

    @Override
    public void sgemmPacked(int m, int n, int k, float alpha, float[] packedA, boolean transB, float[] b, int bOff,
            int ldb, float beta, float[] c, int cOff, int ldc) {
        sgemm(false, transB, m, n, k, alpha, packedA, 0, k, b, bOff, ldb, beta, c, cOff, ldc);
    }

    /** Computes C[i0…i1) × [j0…j1). */
    private static void block(boolean transA, boolean transB, int i0, int i1, int j0, int j1, int k, float alpha,
            float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
            float beta, float[] c, int cOff, int ldc) {
        Scratch s = SCRATCH.get();
        float[][] bRows = s.bRows;
        float[][] acc = s.acc;
        for (int jc = j0; jc < j1; jc += NC) {
            int nc = Math.min(NC, j1 - jc);
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                packB(transB, b, bOff, ldb, pc, kc, jc, nc, bRows);
                for (int i = i0; i < i1; i += ROWS) {
                    int rows = Math.min(ROWS, i1 - i);
                    for (int r = 0; r < rows; r++) {
                        int ci = cOff + (i + r) * ldc + jc;
                        if (pc == 0) {
                            start(c, ci, nc, beta, acc[r]);
                        } else {
                            System.arraycopy(c, ci, acc[r], 0, nc);
                        }
                    }
                    if (rows == ROWS) {
                        for (int p = 0; p < kc; p++) {
                            update4(alpha * opA(transA, a, aOff, lda, i, pc + p),
                                    alpha * opA(transA, a, aOff, lda, i + 1, pc + p),
                                    alpha * opA(transA, a, aOff, lda, i + 2, pc + p),
                                    alpha * opA(transA, a, aOff, lda, i + 3, pc + p),
                                    bRows[p], acc[0], acc[1], acc[2], acc[3], nc);
                        }
                    } else {
                        for (int r = 0; r < rows; r++) {
                            for (int p = 0; p < kc; p++) {
                                update1(alpha * opA(transA, a, aOff, lda, i + r, pc + p), bRows[p], acc[r], nc);
                            }
                        }
                    }
                    for (int r = 0; r < rows; r++) {
                        System.arraycopy(acc[r], 0, c, cOff + (i + r) * ldc + jc, nc);
                    }
                }
            }
        }
    }

    private static float opA(boolean transA, float[] a, int aOff, int lda, int i, int p) {
        return transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
    }

    /** The accumulator row before the first K-block: beta·C, or 0 when beta = 0 (C may be NaN garbage). */
    private static void start(float[] c, int ci, int nc, float beta, float[] row) {
        if (beta == 0f) {
            Arrays.fill(row, 0, nc, 0f);
            return;
        }
        System.arraycopy(c, ci, row, 0, nc);
        if (beta != 1f) {
            for (int j = 0; j < nc; j++) {
                row[j] *= beta;
            }
        }
    }

    /** Four rows: c_r[j] += a_r·b[j]. */
    private static void update4(float a0, float a1, float a2, float a3, float[] b,
            float[] c0, float[] c1, float[] c2, float[] c3, int n) {
        for (int j = 0; j < n; j++) {
            float bj = b[j];
            c0[j] += a0 * bj;
            c1[j] += a1 * bj;
            c2[j] += a2 * bj;
            c3[j] += a3 * bj;
        }
    }

    private static void update1(float a0, float[] b, float[] c0, int n) {
        for (int j = 0; j < n; j++) {
            c0[j] += a0 * b[j];
        }
    }

    /** Copies op(B)[p0…p0+kc) × [j0…j0+nc) into {@code rows[p][0…nc)}. */
    private static void packB(boolean transB, float[] b, int bOff, int ldb, int p0, int kc, int j0, int nc,
            float[][] rows) {
        if (!transB) {
            for (int p = 0; p < kc; p++) {
                System.arraycopy(b, bOff + (p0 + p) * ldb + j0, rows[p], 0, nc);
            }
            return;
        }
        for (int j = 0; j < nc; j++) {
            int src = bOff + (j0 + j) * ldb + p0;
            for (int p = 0; p < kc; p++) {
                rows[p][j] = b[src + p];
            }
        }
    }

    /** Per-thread block buffers, allocated once per thread. */
    private static final class Scratch {
        final float[][] bRows = new float[KC][NC];
        final float[][] acc = new float[ROWS][NC];
    }
}
