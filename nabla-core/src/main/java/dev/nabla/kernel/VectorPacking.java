package dev.nabla.kernel;

import static dev.nabla.kernel.VectorMicroKernel.MR;
import static dev.nabla.kernel.VectorMicroKernel.NR;
import static dev.nabla.kernel.VectorMicroKernel.S;
import static dev.nabla.kernel.VectorMicroKernel.VL;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;

/**
 * Copies blocks of op(A) and op(B) into the contiguous panels that {@link VectorMicroKernel} reads.
 * Packing is where the transposes happen: the kernel sees the same layout for all four variants.
 *
 * <p>A block of op(B) (kc rows × nc columns) becomes ⌈nc/NR⌉ micro-panels, panel q at
 * {@code q·panelStride}: columns {@code q·NR …} as {@code [p][j]} with row length NR, or ⌈cols/VL⌉·VL
 * for the last, narrower panel (padding zero). A block of op(A) becomes micro-panels of MR rows,
 * {@code [p][r]}, the last one padded with zero rows.
 */
final class VectorPacking {
    private VectorPacking() {}

    /**
     * Packs the rows op(A)[i0 … i0+rows) × [p0 … p0+kc) as ⌈rows/MR⌉ micro-panels: panel t holds rows
     * {@code i0 + t·MR …} as {@code dst[dOff + t·kc·MR + p·MR + r]}, with zero rows past the end.
     */
    static void packA(boolean transA, float[] a, int aOff, int lda, int i0, int rows, int p0, int kc,
            float[] dst, int dOff) {
        for (int r0 = 0; r0 < rows; r0 += MR) {
            int n = Math.min(MR, rows - r0);
            int o = dOff + r0 * kc;
            if (transA) {
                // op(A)'s rows are adjacent in memory: MR contiguous floats per k step.
                for (int p = 0; p < kc; p++) {
                    int src = aOff + (p0 + p) * lda + i0 + r0;
                    int d = o + p * MR;
                    for (int r = 0; r < n; r++) {
                        dst[d + r] = a[src + r];
                    }
                    for (int r = n; r < MR; r++) {
                        dst[d + r] = 0f;
                    }
                }
            } else {
                // Each row is contiguous in k. A whole 8-row panel goes 16 k steps at a time through an
                // 8×16 transpose in registers; the rest is read straight and written with stride MR.
                int src0 = aOff + (i0 + r0) * lda + p0;
                int p = 0;
                if (VL == 16 && n == MR) {
                    for (; p + 16 <= kc; p += 16) {
                        transpose8x16(a, src0 + p, lda, dst, o + p * MR);
                    }
                }
                for (int r = 0; r < n; r++) {
                    int src = src0 + r * lda;
                    for (int q = p; q < kc; q++) {
                        dst[o + q * MR + r] = a[src + q];
                    }
                }
                for (int r = n; r < MR; r++) {
                    for (int q = 0; q < kc; q++) {
                        dst[o + q * MR + r] = 0f;
                    }
                }
            }
        }
    }

    /**
     * {@link #packA} of rows i0…i0+rows (at most MR), K-block p0…p0+kc, of A(i, p) = a[aOff + i·lda + p·inc]:
     * one matrix of several interleaved in {@code a}, as a convolution's weights hold one per window cell.
     */
    static void packStrided(float[] a, int aOff, int lda, int inc, int i0, int rows, int p0, int kc, float[] dst,
            int dOff) {
        int src = aOff + i0 * lda + p0 * inc;
        if (rows == MR) {
            // One k step at a time across the panel's rows: the stores are contiguous.
            for (int q = 0, d = dOff; q < kc; q++, d += MR) {
                int s = src + q * inc;
                for (int r = 0; r < MR; r++) {
                    dst[d + r] = a[s + r * lda];
                }
            }
            return;
        }
        for (int q = 0, d = dOff; q < kc; q++, d += MR) {
            int s = src + q * inc;
            for (int r = 0; r < MR; r++) {
                dst[d + r] = r < rows ? a[s + r * lda] : 0f;
            }
        }
    }

    /**
     * {@code dst[dOff + j·ldd + i] = src[sOff + i·lds + j]} for i &lt; rows, j &lt; cols: a whole matrix
     * transposed, 16×16 blocks in registers when VL is 16, the edges copied singly.
     */
    static void transpose(float[] src, int sOff, int lds, int rows, int cols, float[] dst, int dOff, int ldd) {
        int i0 = 0;
        if (VL == 16) {
            for (; i0 + 16 <= rows; i0 += 16) {
                int j0 = 0;
                for (; j0 + 16 <= cols; j0 += 16) {
                    transpose16(src, sOff + i0 * lds + j0, lds, dst, dOff + j0 * ldd + i0, ldd);
                }
                for (int i = i0; i < i0 + 16; i++) {
                    for (int j = j0; j < cols; j++) {
                        dst[dOff + j * ldd + i] = src[sOff + i * lds + j];
                    }
                }
            }
        }
        for (int i = i0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                dst[dOff + j * ldd + i] = src[sOff + i * lds + j];
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

    /**
     * {@link #packB} for an {@link IndexedMatrix}: op(B) is {@code b}, or its transpose when
     * {@code transB}. Same panels, same values, gathered through the offset tables.
     */
    static void packIndexed(boolean transB, IndexedMatrix b, int p0, int kc, int j0, int nc,
            float[] dst, int dOff, int panelStride) {
        float[] data = b.data;
        // op(B)[p][j] = data[outer[p] + inner[j]]: the table along k picks the row, the other the column.
        int[] outer = transB ? b.colOffsets : b.rowOffsets;
        int[] inner = transB ? b.rowOffsets : b.colOffsets;
        for (int jr = 0; jr < nc; jr += NR) {
            int cols = Math.min(NR, nc - jr);
            int w = (cols + VL - 1) / VL * VL;
            int d = dOff + (jr / NR) * panelStride;
            int j = j0 + jr;
            if (cols == w) {
                for (int p = 0; p < kc; p++) {
                    int base = outer[p0 + p];
                    int o = d + p * w;
                    for (int v = 0; v < w; v += VL) {
                        FloatVector.fromArray(S, data, base, inner, j + v).intoArray(dst, o + v);
                    }
                }
                continue;
            }
            for (int p = 0; p < kc; p++) {
                int base = outer[p0 + p];
                int o = d + p * w;
                for (int jj = 0; jj < cols; jj++) {
                    dst[o + jj] = data[base + inner[j + jj]];
                }
                for (int jj = cols; jj < w; jj++) {
                    dst[o + jj] = 0f;
                }
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

    /**
     * Bᵀ stored: column j of op(B) is a contiguous row of B. With 16-float vectors, 16×16 blocks are
     * transposed in registers (about twice as fast as scalar copies); the ragged rest is copied singly.
     */
    private static void packColumnsTransposed(float[] b, int src, int ldb, int cols, int w, int kc,
            float[] dst, int d) {
        int j = 0;
        if (VL == 16) {
            for (; j + 16 <= cols; j += 16) {
                int p = 0;
                for (; p + 16 <= kc; p += 16) {
                    transpose16(b, src + j * ldb + p, ldb, dst, d + p * w + j, w);
                }
                for (int jj = j; jj < j + 16; jj++) {
                    for (int q = p; q < kc; q++) {
                        dst[d + q * w + jj] = b[src + jj * ldb + q];
                    }
                }
            }
        }
        for (; j < cols; j++) {
            int s = src + j * ldb;
            for (int p = 0; p < kc; p++) {
                dst[d + p * w + j] = b[s + p];
            }
        }
        for (j = cols; j < w; j++) {
            for (int p = 0; p < kc; p++) {
                dst[d + p * w + j] = 0f;
            }
        }
    }

    /*
     * A 16×16 transpose is four butterfly stages; stage s swaps bit s of the vector index with bit s of
     * the lane index, pairing vectors x and y = x + 2^s: x' = x with its odd 2^s-groups replaced by y's
     * even groups, y' = y with its even groups replaced by x's odd groups. Each pair costs two lane
     * permutations (swap neighbouring 2^s-groups) and two blends.
     */
    private static final VectorShuffle<Float> SWAP1 = VL == 16 ? swapGroups(1) : null;
    private static final VectorShuffle<Float> SWAP2 = VL == 16 ? swapGroups(2) : null;
    private static final VectorShuffle<Float> SWAP4 = VL == 16 ? swapGroups(4) : null;
    private static final VectorShuffle<Float> SWAP8 = VL == 16 ? swapGroups(8) : null;
    private static final VectorMask<Float> ODD1 = VL == 16 ? oddGroups(1) : null;
    private static final VectorMask<Float> ODD2 = VL == 16 ? oddGroups(2) : null;
    private static final VectorMask<Float> ODD4 = VL == 16 ? oddGroups(4) : null;
    private static final VectorMask<Float> ODD8 = VL == 16 ? oddGroups(8) : null;

    private static VectorShuffle<Float> swapGroups(int group) {
        int[] lanes = new int[VL];
        for (int i = 0; i < VL; i++) {
            lanes[i] = i ^ group;
        }
        return VectorShuffle.fromArray(S, lanes, 0);
    }

    private static VectorMask<Float> oddGroups(int group) {
        boolean[] odd = new boolean[VL];
        for (int i = 0; i < VL; i++) {
            odd[i] = (i & group) != 0;
        }
        return VectorMask.fromArray(S, odd, 0);
    }

    /**
     * dst[d + p·8 + r] = src[s + r·ld + p] for r in 0…7, p in 0…15: eight rows of 16 k steps into one
     * 16-step stretch of an 8-row A panel. Only called when VL is 16 (so MR is 8). Three butterfly stages
     * move the row index into lane bits 0–2 and k bits 0–2 into the vector index (vector x then holds
     * k = x in its low half and k = x + 8 in its high half); a fourth, on the 8-lane halves of vectors x
     * and x + 1, gathers k = x, x + 1 into one vector and k = x + 8, x + 9 into another.
     */
    private static void transpose8x16(float[] src, int s, int ld, float[] dst, int d) {
        FloatVector v0 = FloatVector.fromArray(S, src, s);
        FloatVector v1 = FloatVector.fromArray(S, src, s + ld);
        FloatVector v2 = FloatVector.fromArray(S, src, s + 2 * ld);
        FloatVector v3 = FloatVector.fromArray(S, src, s + 3 * ld);
        FloatVector v4 = FloatVector.fromArray(S, src, s + 4 * ld);
        FloatVector v5 = FloatVector.fromArray(S, src, s + 5 * ld);
        FloatVector v6 = FloatVector.fromArray(S, src, s + 6 * ld);
        FloatVector v7 = FloatVector.fromArray(S, src, s + 7 * ld);
        FloatVector t;
        t = v0.blend(v1.rearrange(SWAP1), ODD1);
        v1 = v0.rearrange(SWAP1).blend(v1, ODD1);
        v0 = t;
        t = v2.blend(v3.rearrange(SWAP1), ODD1);
        v3 = v2.rearrange(SWAP1).blend(v3, ODD1);
        v2 = t;
        t = v4.blend(v5.rearrange(SWAP1), ODD1);
        v5 = v4.rearrange(SWAP1).blend(v5, ODD1);
        v4 = t;
        t = v6.blend(v7.rearrange(SWAP1), ODD1);
        v7 = v6.rearrange(SWAP1).blend(v7, ODD1);
        v6 = t;
        t = v0.blend(v2.rearrange(SWAP2), ODD2);
        v2 = v0.rearrange(SWAP2).blend(v2, ODD2);
        v0 = t;
        t = v1.blend(v3.rearrange(SWAP2), ODD2);
        v3 = v1.rearrange(SWAP2).blend(v3, ODD2);
        v1 = t;
        t = v4.blend(v6.rearrange(SWAP2), ODD2);
        v6 = v4.rearrange(SWAP2).blend(v6, ODD2);
        v4 = t;
        t = v5.blend(v7.rearrange(SWAP2), ODD2);
        v7 = v5.rearrange(SWAP2).blend(v7, ODD2);
        v5 = t;
        t = v0.blend(v4.rearrange(SWAP4), ODD4);
        v4 = v0.rearrange(SWAP4).blend(v4, ODD4);
        v0 = t;
        t = v1.blend(v5.rearrange(SWAP4), ODD4);
        v5 = v1.rearrange(SWAP4).blend(v5, ODD4);
        v1 = t;
        t = v2.blend(v6.rearrange(SWAP4), ODD4);
        v6 = v2.rearrange(SWAP4).blend(v6, ODD4);
        v2 = t;
        t = v3.blend(v7.rearrange(SWAP4), ODD4);
        v7 = v3.rearrange(SWAP4).blend(v7, ODD4);
        v3 = t;
        v0.blend(v1.rearrange(SWAP8), ODD8).intoArray(dst, d);
        v0.rearrange(SWAP8).blend(v1, ODD8).intoArray(dst, d + 64);
        v2.blend(v3.rearrange(SWAP8), ODD8).intoArray(dst, d + 16);
        v2.rearrange(SWAP8).blend(v3, ODD8).intoArray(dst, d + 80);
        v4.blend(v5.rearrange(SWAP8), ODD8).intoArray(dst, d + 32);
        v4.rearrange(SWAP8).blend(v5, ODD8).intoArray(dst, d + 96);
        v6.blend(v7.rearrange(SWAP8), ODD8).intoArray(dst, d + 48);
        v6.rearrange(SWAP8).blend(v7, ODD8).intoArray(dst, d + 112);
    }

    /** dst[d + p·w + j] = src[s + j·ld + p] for p, j in 0…15. Only called when VL is 16. */
    static void transpose16(float[] src, int s, int ld, float[] dst, int d, int w) {
        FloatVector v0 = FloatVector.fromArray(S, src, s);
        FloatVector v1 = FloatVector.fromArray(S, src, s + ld);
        FloatVector v2 = FloatVector.fromArray(S, src, s + 2 * ld);
        FloatVector v3 = FloatVector.fromArray(S, src, s + 3 * ld);
        FloatVector v4 = FloatVector.fromArray(S, src, s + 4 * ld);
        FloatVector v5 = FloatVector.fromArray(S, src, s + 5 * ld);
        FloatVector v6 = FloatVector.fromArray(S, src, s + 6 * ld);
        FloatVector v7 = FloatVector.fromArray(S, src, s + 7 * ld);
        FloatVector v8 = FloatVector.fromArray(S, src, s + 8 * ld);
        FloatVector v9 = FloatVector.fromArray(S, src, s + 9 * ld);
        FloatVector v10 = FloatVector.fromArray(S, src, s + 10 * ld);
        FloatVector v11 = FloatVector.fromArray(S, src, s + 11 * ld);
        FloatVector v12 = FloatVector.fromArray(S, src, s + 12 * ld);
        FloatVector v13 = FloatVector.fromArray(S, src, s + 13 * ld);
        FloatVector v14 = FloatVector.fromArray(S, src, s + 14 * ld);
        FloatVector v15 = FloatVector.fromArray(S, src, s + 15 * ld);
        FloatVector t;
        t = v0.blend(v1.rearrange(SWAP1), ODD1);
        v1 = v0.rearrange(SWAP1).blend(v1, ODD1);
        v0 = t;
        t = v2.blend(v3.rearrange(SWAP1), ODD1);
        v3 = v2.rearrange(SWAP1).blend(v3, ODD1);
        v2 = t;
        t = v4.blend(v5.rearrange(SWAP1), ODD1);
        v5 = v4.rearrange(SWAP1).blend(v5, ODD1);
        v4 = t;
        t = v6.blend(v7.rearrange(SWAP1), ODD1);
        v7 = v6.rearrange(SWAP1).blend(v7, ODD1);
        v6 = t;
        t = v8.blend(v9.rearrange(SWAP1), ODD1);
        v9 = v8.rearrange(SWAP1).blend(v9, ODD1);
        v8 = t;
        t = v10.blend(v11.rearrange(SWAP1), ODD1);
        v11 = v10.rearrange(SWAP1).blend(v11, ODD1);
        v10 = t;
        t = v12.blend(v13.rearrange(SWAP1), ODD1);
        v13 = v12.rearrange(SWAP1).blend(v13, ODD1);
        v12 = t;
        t = v14.blend(v15.rearrange(SWAP1), ODD1);
        v15 = v14.rearrange(SWAP1).blend(v15, ODD1);
        v14 = t;
        t = v0.blend(v2.rearrange(SWAP2), ODD2);
        v2 = v0.rearrange(SWAP2).blend(v2, ODD2);
        v0 = t;
        t = v1.blend(v3.rearrange(SWAP2), ODD2);
        v3 = v1.rearrange(SWAP2).blend(v3, ODD2);
        v1 = t;
        t = v4.blend(v6.rearrange(SWAP2), ODD2);
        v6 = v4.rearrange(SWAP2).blend(v6, ODD2);
        v4 = t;
        t = v5.blend(v7.rearrange(SWAP2), ODD2);
        v7 = v5.rearrange(SWAP2).blend(v7, ODD2);
        v5 = t;
        t = v8.blend(v10.rearrange(SWAP2), ODD2);
        v10 = v8.rearrange(SWAP2).blend(v10, ODD2);
        v8 = t;
        t = v9.blend(v11.rearrange(SWAP2), ODD2);
        v11 = v9.rearrange(SWAP2).blend(v11, ODD2);
        v9 = t;
        t = v12.blend(v14.rearrange(SWAP2), ODD2);
        v14 = v12.rearrange(SWAP2).blend(v14, ODD2);
        v12 = t;
        t = v13.blend(v15.rearrange(SWAP2), ODD2);
        v15 = v13.rearrange(SWAP2).blend(v15, ODD2);
        v13 = t;
        t = v0.blend(v4.rearrange(SWAP4), ODD4);
        v4 = v0.rearrange(SWAP4).blend(v4, ODD4);
        v0 = t;
        t = v1.blend(v5.rearrange(SWAP4), ODD4);
        v5 = v1.rearrange(SWAP4).blend(v5, ODD4);
        v1 = t;
        t = v2.blend(v6.rearrange(SWAP4), ODD4);
        v6 = v2.rearrange(SWAP4).blend(v6, ODD4);
        v2 = t;
        t = v3.blend(v7.rearrange(SWAP4), ODD4);
        v7 = v3.rearrange(SWAP4).blend(v7, ODD4);
        v3 = t;
        t = v8.blend(v12.rearrange(SWAP4), ODD4);
        v12 = v8.rearrange(SWAP4).blend(v12, ODD4);
        v8 = t;
        t = v9.blend(v13.rearrange(SWAP4), ODD4);
        v13 = v9.rearrange(SWAP4).blend(v13, ODD4);
        v9 = t;
        t = v10.blend(v14.rearrange(SWAP4), ODD4);
        v14 = v10.rearrange(SWAP4).blend(v14, ODD4);
        v10 = t;
        t = v11.blend(v15.rearrange(SWAP4), ODD4);
        v15 = v11.rearrange(SWAP4).blend(v15, ODD4);
        v11 = t;
        t = v0.blend(v8.rearrange(SWAP8), ODD8);
        v8 = v0.rearrange(SWAP8).blend(v8, ODD8);
        v0 = t;
        t = v1.blend(v9.rearrange(SWAP8), ODD8);
        v9 = v1.rearrange(SWAP8).blend(v9, ODD8);
        v1 = t;
        t = v2.blend(v10.rearrange(SWAP8), ODD8);
        v10 = v2.rearrange(SWAP8).blend(v10, ODD8);
        v2 = t;
        t = v3.blend(v11.rearrange(SWAP8), ODD8);
        v11 = v3.rearrange(SWAP8).blend(v11, ODD8);
        v3 = t;
        t = v4.blend(v12.rearrange(SWAP8), ODD8);
        v12 = v4.rearrange(SWAP8).blend(v12, ODD8);
        v4 = t;
        t = v5.blend(v13.rearrange(SWAP8), ODD8);
        v13 = v5.rearrange(SWAP8).blend(v13, ODD8);
        v5 = t;
        t = v6.blend(v14.rearrange(SWAP8), ODD8);
        v14 = v6.rearrange(SWAP8).blend(v14, ODD8);
        v6 = t;
        t = v7.blend(v15.rearrange(SWAP8), ODD8);
        v15 = v7.rearrange(SWAP8).blend(v15, ODD8);
        v7 = t;
        v0.intoArray(dst, d);
        v1.intoArray(dst, d + w);
        v2.intoArray(dst, d + 2 * w);
        v3.intoArray(dst, d + 3 * w);
        v4.intoArray(dst, d + 4 * w);
        v5.intoArray(dst, d + 5 * w);
        v6.intoArray(dst, d + 6 * w);
        v7.intoArray(dst, d + 7 * w);
        v8.intoArray(dst, d + 8 * w);
        v9.intoArray(dst, d + 9 * w);
        v10.intoArray(dst, d + 10 * w);
        v11.intoArray(dst, d + 11 * w);
        v12.intoArray(dst, d + 12 * w);
        v13.intoArray(dst, d + 13 * w);
        v14.intoArray(dst, d + 14 * w);
        v15.intoArray(dst, d + 15 * w);
    }
}
