package dev.nabla.kernel;

import static dev.nabla.kernel.VectorMicroKernel.MR;
import static dev.nabla.kernel.VectorMicroKernel.NR;
import static dev.nabla.kernel.VectorMicroKernel.S;
import static dev.nabla.kernel.VectorMicroKernel.VL;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;

/**
 * Copies blocks of op(A) and op(B) into the contiguous panels that {@link VectorMicroKernel} reads.
 * Packing is where the transposes happen: the kernel sees the same layout for all four variants.
 *
 * <p>A block of op(A) (mc rows × kc columns) becomes ⌈mc/MR⌉ micro-panels of {@code kc·MR} floats:
 * panel q holds rows {@code q·MR …} as {@code [p][r]}, rows past mc zero. A block of op(B) (kc rows ×
 * nc columns) becomes ⌈nc/NR⌉ micro-panels, panel q at {@code q·panelStride}: columns {@code q·NR …}
 * as {@code [p][j]} with row length w = NR, or ⌈cols/VL⌉·VL for the last, narrower panel (padding
 * zero).
 */
final class VectorPacking {
    private VectorPacking() {}

    /** Packs op(A)[i0 … i0+mc) × [p0 … p0+kc) into {@code dst[0 …]}. */
    static void packA(boolean transA, float[] a, int aOff, int lda, int i0, int mc, int p0, int kc, float[] dst) {
        for (int ir = 0; ir < mc; ir += MR) {
            int rows = Math.min(MR, mc - ir);
            int d = (ir / MR) * kc * MR;
            if (transA) {
                packRowsTransposed(a, aOff + p0 * lda + i0 + ir, lda, rows, kc, dst, d);
            } else if (rows == MR) {
                packRows8(a, aOff + (i0 + ir) * lda + p0, lda, kc, dst, d);
            } else {
                packRowsPartial(a, aOff + (i0 + ir) * lda + p0, lda, rows, kc, dst, d);
            }
        }
    }

    /** Eight rows of A, each contiguous in k: interleave them so one k's eight values are adjacent. */
    private static void packRows8(float[] a, int src, int lda, int kc, float[] dst, int d) {
        int s0 = src;
        int s1 = s0 + lda;
        int s2 = s1 + lda;
        int s3 = s2 + lda;
        int s4 = s3 + lda;
        int s5 = s4 + lda;
        int s6 = s5 + lda;
        int s7 = s6 + lda;
        for (int p = 0; p < kc; p++) {
            int o = d + p * MR;
            dst[o] = a[s0 + p];
            dst[o + 1] = a[s1 + p];
            dst[o + 2] = a[s2 + p];
            dst[o + 3] = a[s3 + p];
            dst[o + 4] = a[s4 + p];
            dst[o + 5] = a[s5 + p];
            dst[o + 6] = a[s6 + p];
            dst[o + 7] = a[s7 + p];
        }
    }

    private static void packRowsPartial(float[] a, int src, int lda, int rows, int kc, float[] dst, int d) {
        for (int p = 0; p < kc; p++) {
            int o = d + p * MR;
            for (int r = 0; r < rows; r++) {
                dst[o + r] = a[src + r * lda + p];
            }
            for (int r = rows; r < MR; r++) {
                dst[o + r] = 0f;
            }
        }
    }

    /** Aᵀ stored: the MR values of one k are already adjacent in memory. */
    private static void packRowsTransposed(float[] a, int src, int lda, int rows, int kc, float[] dst, int d) {
        for (int p = 0; p < kc; p++) {
            int s = src + p * lda;
            int o = d + p * MR;
            for (int r = 0; r < rows; r++) {
                dst[o + r] = a[s + r];
            }
            for (int r = rows; r < MR; r++) {
                dst[o + r] = 0f;
            }
        }
    }

    /** Packs op(B)[p0 … p0+kc) × [j0 … j0+nc) into panels at {@code dst[dOff + q·panelStride]}. */
    static void packB(boolean transB, float[] b, int bOff, int ldb, int p0, int kc, int j0, int nc,
            float[] dst, int dOff, int panelStride) {
        for (int jr = 0; jr < nc; jr += NR) {
            int cols = Math.min(NR, nc - jr);
            int w = (cols + VL - 1) / VL * VL;
            int d = dOff + (jr / NR) * panelStride;
            if (transB) {
                packColumnsTransposed(b, bOff + (j0 + jr) * ldb + p0, ldb, cols, w, kc, dst, d);
            } else {
                packColumns(b, bOff + p0 * ldb + j0 + jr, ldb, cols, w, kc, dst, d);
            }
        }
    }

    /** Rows of op(B) are rows of B: copy {@code cols} floats per k, a vector at a time. */
    private static void packColumns(float[] b, int src, int ldb, int cols, int w, int kc, float[] dst, int d) {
        if (cols == w) {
            for (int p = 0; p < kc; p++) {
                int s = src + p * ldb;
                int o = d + p * w;
                for (int v = 0; v < w; v += VL) {
                    FloatVector.fromArray(S, b, s + v).intoArray(dst, o + v);
                }
            }
            return;
        }
        int full = w - VL;
        VectorMask<Float> tail = S.indexInRange(full, cols);
        for (int p = 0; p < kc; p++) {
            int s = src + p * ldb;
            int o = d + p * w;
            for (int v = 0; v < full; v += VL) {
                FloatVector.fromArray(S, b, s + v).intoArray(dst, o + v);
            }
            FloatVector.fromArray(S, b, s + full, tail).intoArray(dst, o + full);
        }
    }

    /** Bᵀ stored: column j of op(B) is a contiguous row of B, scattered across the panel's rows. */
    private static void packColumnsTransposed(float[] b, int src, int ldb, int cols, int w, int kc,
            float[] dst, int d) {
        for (int j = 0; j < cols; j++) {
            int s = src + j * ldb;
            for (int p = 0; p < kc; p++) {
                dst[d + p * w + j] = b[s + p];
            }
        }
        for (int j = cols; j < w; j++) {
            for (int p = 0; p < kc; p++) {
                dst[d + p * w + j] = 0f;
            }
        }
    }
}
