package dev.nabla.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register-tiled inner kernels of {@link VectorGemm}: each computes one micro-tile of C, at most
 * {@link #MR} rows by 1, 2 or 3 vectors, over one K-block.
 *
 * <p>Operands. A is always a packed micro-panel: element (r, p) of the A block is
 * {@code a[aOff + p·MR + r]}, MR values per k step at a stride the kernel knows as a constant, so C2
 * hoists the bounds checks out of the loop. (Reading A in place with runtime row and k strides, as an
 * earlier version did, took 77 instructions per k step against 48 and ran 10–20 % slower on the same
 * data; see bench/README.md.) The B micro-panel is packed as {@code [p][j]} with rows of nv·VL floats (see
 * {@link VectorPacking}). Each k step loads the nv vectors of B, broadcasts the MR values of A and does
 * {@code MR·nv} independent FMAs: 24 accumulators in registers (of AVX-512's 32; 12 of AVX2's 16) hide the FMA latency
 * and keep both FMA pipes busy.
 *
 * <p>Every element's K-reduction is the same sequence of FMAs in k order, whichever kernel computes it
 * and however the tile is clipped, so results do not depend on how C was split among threads. The
 * accumulated block then goes into C as {@code C = alpha·acc} when {@code beta} is 0 (C is not read),
 * {@code C = C + alpha·acc} when it is 1, else {@code C = beta·C + alpha·acc} — the same arithmetic on
 * every path.
 *
 * <p>Epilogues. Vectors must not cross a call that C2 does not inline (it boxes them, ~120 ns per tile
 * measured), and one method with several epilogues grows past the size where C2 stops intrinsifying
 * vector stores. So each kernel method has exactly one: full tiles with alpha = 1 and beta 0 or 1 (every
 * K-block of the networks' products) store or add straight into C; all other tiles spill the
 * accumulators to a per-thread buffer that {@link #fold} combines with C.
 */
final class VectorMicroKernel {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    /** Floats per vector: 16 with AVX-512, 8 with AVX2 or 256-bit NEON/SVE. */
    static final int VL = S.length();
    /**
     * Rows of a micro-tile: 8 × 3 vectors with AVX-512 (24 accumulators of its 32 registers), 6 × 2 with
     * 256-bit vectors (12 accumulators, 2 B vectors and the broadcast fill 15 of AVX2's 16 registers).
     * An 8 × 2 tile there needs 19: it spilled in the inner loop, and on one thread of a Zen 3 (AVX2) ran
     * at 15–17 GFLOP/s on the MLP's products against 45–62 for 6 × 2 (bench/README.md).
     */
    static final int MR = VL >= 16 ? 8 : 6;
    /** Vectors in a full micro-tile row. */
    static final int NV = VL >= 16 ? 3 : 2;
    /** Columns of a full micro-tile. */
    static final int NR = NV * VL;

    private VectorMicroKernel() {}

    /**
     * Computes the micro-tile at {@code c[cOff]} ({@code rows} ≤ MR rows, {@code cols} ≤ NR columns)
     * from {@code kc} k steps; see the class comment for the operand layouts. {@code spill} holds
     * MR·NR floats.
     */
    static void tile(int kc, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff,
            int ldc, int rows, int cols, float alpha, float beta, float[] spill) {
        if (MR == 6) {
            if (rows == MR && cols == 2 * VL && alpha == 1f && beta == 0f) {
                tile6x2Store(kc, a, aOff, b, bOff, c, cOff, ldc);
            } else if (rows == MR && cols == 2 * VL && alpha == 1f && beta == 1f) {
                tile6x2Add(kc, a, aOff, b, bOff, c, cOff, ldc);
            } else if (cols > VL) {
                tile6x2(kc, a, aOff, b, bOff, c, cOff, ldc, rows, cols, alpha, beta, spill);
            } else {
                tile6x1(kc, a, aOff, b, bOff, c, cOff, ldc, rows, cols, alpha, beta, spill);
            }
        } else if (rows == MR && cols == 3 * VL && alpha == 1f && beta == 0f) {
            tile8x3Store(kc, a, aOff, b, bOff, c, cOff, ldc);
        } else if (rows == MR && cols == 3 * VL && alpha == 1f && beta == 1f) {
            tile8x3Add(kc, a, aOff, b, bOff, c, cOff, ldc);
        } else if (cols > 2 * VL) {
            tile8x3(kc, a, aOff, b, bOff, c, cOff, ldc, rows, cols, alpha, beta, spill);
        } else if (cols > VL) {
            tile8x2(kc, a, aOff, b, bOff, c, cOff, ldc, rows, cols, alpha, beta, spill);
        } else {
            tile8x1(kc, a, aOff, b, bOff, c, cOff, ldc, rows, cols, alpha, beta, spill);
        }
    }

    /** Full 8 × 3-vector tile with alpha = 1, beta = 0: stores the accumulators straight into C. */
    private static void tile8x3Store(int kc, float[] a, int aOff, float[] b, int bOff,
            float[] c, int cOff, int ldc) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S), c02 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S), c12 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S), c22 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S), c32 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S), c42 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S), c52 = FloatVector.zero(S);
        FloatVector c60 = FloatVector.zero(S), c61 = FloatVector.zero(S), c62 = FloatVector.zero(S);
        FloatVector c70 = FloatVector.zero(S), c71 = FloatVector.zero(S), c72 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            int bp = bOff + p * 3 * VL;
            FloatVector b0 = FloatVector.fromArray(S, b, bp);
            FloatVector b1 = FloatVector.fromArray(S, b, bp + VL);
            FloatVector b2 = FloatVector.fromArray(S, b, bp + 2 * VL);
            int ap = aOff + p * 8;
            FloatVector av = FloatVector.broadcast(S, a[ap]);
            c00 = av.fma(b0, c00); c01 = av.fma(b1, c01); c02 = av.fma(b2, c02);
            av = FloatVector.broadcast(S, a[ap + 1]);
            c10 = av.fma(b0, c10); c11 = av.fma(b1, c11); c12 = av.fma(b2, c12);
            av = FloatVector.broadcast(S, a[ap + 2]);
            c20 = av.fma(b0, c20); c21 = av.fma(b1, c21); c22 = av.fma(b2, c22);
            av = FloatVector.broadcast(S, a[ap + 3]);
            c30 = av.fma(b0, c30); c31 = av.fma(b1, c31); c32 = av.fma(b2, c32);
            av = FloatVector.broadcast(S, a[ap + 4]);
            c40 = av.fma(b0, c40); c41 = av.fma(b1, c41); c42 = av.fma(b2, c42);
            av = FloatVector.broadcast(S, a[ap + 5]);
            c50 = av.fma(b0, c50); c51 = av.fma(b1, c51); c52 = av.fma(b2, c52);
            av = FloatVector.broadcast(S, a[ap + 6]);
            c60 = av.fma(b0, c60); c61 = av.fma(b1, c61); c62 = av.fma(b2, c62);
            av = FloatVector.broadcast(S, a[ap + 7]);
            c70 = av.fma(b0, c70); c71 = av.fma(b1, c71); c72 = av.fma(b2, c72);
        }
        int o = cOff;
        c00.intoArray(c, o); c01.intoArray(c, o + VL); c02.intoArray(c, o + 2 * VL);
        o = cOff + 1 * ldc;
        c10.intoArray(c, o); c11.intoArray(c, o + VL); c12.intoArray(c, o + 2 * VL);
        o = cOff + 2 * ldc;
        c20.intoArray(c, o); c21.intoArray(c, o + VL); c22.intoArray(c, o + 2 * VL);
        o = cOff + 3 * ldc;
        c30.intoArray(c, o); c31.intoArray(c, o + VL); c32.intoArray(c, o + 2 * VL);
        o = cOff + 4 * ldc;
        c40.intoArray(c, o); c41.intoArray(c, o + VL); c42.intoArray(c, o + 2 * VL);
        o = cOff + 5 * ldc;
        c50.intoArray(c, o); c51.intoArray(c, o + VL); c52.intoArray(c, o + 2 * VL);
        o = cOff + 6 * ldc;
        c60.intoArray(c, o); c61.intoArray(c, o + VL); c62.intoArray(c, o + 2 * VL);
        o = cOff + 7 * ldc;
        c70.intoArray(c, o); c71.intoArray(c, o + VL); c72.intoArray(c, o + 2 * VL);
    }


    /** Full 8 × 3-vector tile with alpha = 1, beta = 1: adds the accumulators straight into C. */
    private static void tile8x3Add(int kc, float[] a, int aOff, float[] b, int bOff,
            float[] c, int cOff, int ldc) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S), c02 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S), c12 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S), c22 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S), c32 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S), c42 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S), c52 = FloatVector.zero(S);
        FloatVector c60 = FloatVector.zero(S), c61 = FloatVector.zero(S), c62 = FloatVector.zero(S);
        FloatVector c70 = FloatVector.zero(S), c71 = FloatVector.zero(S), c72 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            int bp = bOff + p * 3 * VL;
            FloatVector b0 = FloatVector.fromArray(S, b, bp);
            FloatVector b1 = FloatVector.fromArray(S, b, bp + VL);
            FloatVector b2 = FloatVector.fromArray(S, b, bp + 2 * VL);
            int ap = aOff + p * 8;
            FloatVector av = FloatVector.broadcast(S, a[ap]);
            c00 = av.fma(b0, c00); c01 = av.fma(b1, c01); c02 = av.fma(b2, c02);
            av = FloatVector.broadcast(S, a[ap + 1]);
            c10 = av.fma(b0, c10); c11 = av.fma(b1, c11); c12 = av.fma(b2, c12);
            av = FloatVector.broadcast(S, a[ap + 2]);
            c20 = av.fma(b0, c20); c21 = av.fma(b1, c21); c22 = av.fma(b2, c22);
            av = FloatVector.broadcast(S, a[ap + 3]);
            c30 = av.fma(b0, c30); c31 = av.fma(b1, c31); c32 = av.fma(b2, c32);
            av = FloatVector.broadcast(S, a[ap + 4]);
            c40 = av.fma(b0, c40); c41 = av.fma(b1, c41); c42 = av.fma(b2, c42);
            av = FloatVector.broadcast(S, a[ap + 5]);
            c50 = av.fma(b0, c50); c51 = av.fma(b1, c51); c52 = av.fma(b2, c52);
            av = FloatVector.broadcast(S, a[ap + 6]);
            c60 = av.fma(b0, c60); c61 = av.fma(b1, c61); c62 = av.fma(b2, c62);
            av = FloatVector.broadcast(S, a[ap + 7]);
            c70 = av.fma(b0, c70); c71 = av.fma(b1, c71); c72 = av.fma(b2, c72);
        }
        int o = cOff;
        FloatVector.fromArray(S, c, o).add(c00).intoArray(c, o);
        FloatVector.fromArray(S, c, o + VL).add(c01).intoArray(c, o + VL);
        FloatVector.fromArray(S, c, o + 2 * VL).add(c02).intoArray(c, o + 2 * VL);
        o = cOff + 1 * ldc;
        FloatVector.fromArray(S, c, o).add(c10).intoArray(c, o);
        FloatVector.fromArray(S, c, o + VL).add(c11).intoArray(c, o + VL);
        FloatVector.fromArray(S, c, o + 2 * VL).add(c12).intoArray(c, o + 2 * VL);
        o = cOff + 2 * ldc;
        FloatVector.fromArray(S, c, o).add(c20).intoArray(c, o);
        FloatVector.fromArray(S, c, o + VL).add(c21).intoArray(c, o + VL);
        FloatVector.fromArray(S, c, o + 2 * VL).add(c22).intoArray(c, o + 2 * VL);
        o = cOff + 3 * ldc;
        FloatVector.fromArray(S, c, o).add(c30).intoArray(c, o);
        FloatVector.fromArray(S, c, o + VL).add(c31).intoArray(c, o + VL);
        FloatVector.fromArray(S, c, o + 2 * VL).add(c32).intoArray(c, o + 2 * VL);
        o = cOff + 4 * ldc;
        FloatVector.fromArray(S, c, o).add(c40).intoArray(c, o);
        FloatVector.fromArray(S, c, o + VL).add(c41).intoArray(c, o + VL);
        FloatVector.fromArray(S, c, o + 2 * VL).add(c42).intoArray(c, o + 2 * VL);
        o = cOff + 5 * ldc;
        FloatVector.fromArray(S, c, o).add(c50).intoArray(c, o);
        FloatVector.fromArray(S, c, o + VL).add(c51).intoArray(c, o + VL);
        FloatVector.fromArray(S, c, o + 2 * VL).add(c52).intoArray(c, o + 2 * VL);
        o = cOff + 6 * ldc;
        FloatVector.fromArray(S, c, o).add(c60).intoArray(c, o);
        FloatVector.fromArray(S, c, o + VL).add(c61).intoArray(c, o + VL);
        FloatVector.fromArray(S, c, o + 2 * VL).add(c62).intoArray(c, o + 2 * VL);
        o = cOff + 7 * ldc;
        FloatVector.fromArray(S, c, o).add(c70).intoArray(c, o);
        FloatVector.fromArray(S, c, o + VL).add(c71).intoArray(c, o + VL);
        FloatVector.fromArray(S, c, o + 2 * VL).add(c72).intoArray(c, o + 2 * VL);
    }


    /** Micro-tile of up to 8 rows × 3 vectors; see {@link #tile}. */
    private static void tile8x3(int kc, float[] a, int aOff, float[] b, int bOff,
            float[] c, int cOff, int ldc, int rows, int cols, float alpha, float beta, float[] spill) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S), c02 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S), c12 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S), c22 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S), c32 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S), c42 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S), c52 = FloatVector.zero(S);
        FloatVector c60 = FloatVector.zero(S), c61 = FloatVector.zero(S), c62 = FloatVector.zero(S);
        FloatVector c70 = FloatVector.zero(S), c71 = FloatVector.zero(S), c72 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            int bp = bOff + p * 3 * VL;
            FloatVector b0 = FloatVector.fromArray(S, b, bp);
            FloatVector b1 = FloatVector.fromArray(S, b, bp + VL);
            FloatVector b2 = FloatVector.fromArray(S, b, bp + 2 * VL);
            int ap = aOff + p * 8;
            FloatVector av = FloatVector.broadcast(S, a[ap]);
            c00 = av.fma(b0, c00); c01 = av.fma(b1, c01); c02 = av.fma(b2, c02);
            av = FloatVector.broadcast(S, a[ap + 1]);
            c10 = av.fma(b0, c10); c11 = av.fma(b1, c11); c12 = av.fma(b2, c12);
            av = FloatVector.broadcast(S, a[ap + 2]);
            c20 = av.fma(b0, c20); c21 = av.fma(b1, c21); c22 = av.fma(b2, c22);
            av = FloatVector.broadcast(S, a[ap + 3]);
            c30 = av.fma(b0, c30); c31 = av.fma(b1, c31); c32 = av.fma(b2, c32);
            av = FloatVector.broadcast(S, a[ap + 4]);
            c40 = av.fma(b0, c40); c41 = av.fma(b1, c41); c42 = av.fma(b2, c42);
            av = FloatVector.broadcast(S, a[ap + 5]);
            c50 = av.fma(b0, c50); c51 = av.fma(b1, c51); c52 = av.fma(b2, c52);
            av = FloatVector.broadcast(S, a[ap + 6]);
            c60 = av.fma(b0, c60); c61 = av.fma(b1, c61); c62 = av.fma(b2, c62);
            av = FloatVector.broadcast(S, a[ap + 7]);
            c70 = av.fma(b0, c70); c71 = av.fma(b1, c71); c72 = av.fma(b2, c72);
        }
        c00.intoArray(spill, 0 * VL); c01.intoArray(spill, 1 * VL); c02.intoArray(spill, 2 * VL);
        c10.intoArray(spill, 3 * VL); c11.intoArray(spill, 4 * VL); c12.intoArray(spill, 5 * VL);
        c20.intoArray(spill, 6 * VL); c21.intoArray(spill, 7 * VL); c22.intoArray(spill, 8 * VL);
        c30.intoArray(spill, 9 * VL); c31.intoArray(spill, 10 * VL); c32.intoArray(spill, 11 * VL);
        c40.intoArray(spill, 12 * VL); c41.intoArray(spill, 13 * VL); c42.intoArray(spill, 14 * VL);
        c50.intoArray(spill, 15 * VL); c51.intoArray(spill, 16 * VL); c52.intoArray(spill, 17 * VL);
        c60.intoArray(spill, 18 * VL); c61.intoArray(spill, 19 * VL); c62.intoArray(spill, 20 * VL);
        c70.intoArray(spill, 21 * VL); c71.intoArray(spill, 22 * VL); c72.intoArray(spill, 23 * VL);
        fold(spill, 3, c, cOff, ldc, rows, cols, alpha, beta);
    }

    /** Micro-tile of up to 8 rows × 2 vectors; see {@link #tile}. */
    private static void tile8x2(int kc, float[] a, int aOff, float[] b, int bOff,
            float[] c, int cOff, int ldc, int rows, int cols, float alpha, float beta, float[] spill) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S);
        FloatVector c60 = FloatVector.zero(S), c61 = FloatVector.zero(S);
        FloatVector c70 = FloatVector.zero(S), c71 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            int bp = bOff + p * 2 * VL;
            FloatVector b0 = FloatVector.fromArray(S, b, bp);
            FloatVector b1 = FloatVector.fromArray(S, b, bp + VL);
            int ap = aOff + p * 8;
            FloatVector av = FloatVector.broadcast(S, a[ap]);
            c00 = av.fma(b0, c00); c01 = av.fma(b1, c01);
            av = FloatVector.broadcast(S, a[ap + 1]);
            c10 = av.fma(b0, c10); c11 = av.fma(b1, c11);
            av = FloatVector.broadcast(S, a[ap + 2]);
            c20 = av.fma(b0, c20); c21 = av.fma(b1, c21);
            av = FloatVector.broadcast(S, a[ap + 3]);
            c30 = av.fma(b0, c30); c31 = av.fma(b1, c31);
            av = FloatVector.broadcast(S, a[ap + 4]);
            c40 = av.fma(b0, c40); c41 = av.fma(b1, c41);
            av = FloatVector.broadcast(S, a[ap + 5]);
            c50 = av.fma(b0, c50); c51 = av.fma(b1, c51);
            av = FloatVector.broadcast(S, a[ap + 6]);
            c60 = av.fma(b0, c60); c61 = av.fma(b1, c61);
            av = FloatVector.broadcast(S, a[ap + 7]);
            c70 = av.fma(b0, c70); c71 = av.fma(b1, c71);
        }
        c00.intoArray(spill, 0 * VL); c01.intoArray(spill, 1 * VL);
        c10.intoArray(spill, 2 * VL); c11.intoArray(spill, 3 * VL);
        c20.intoArray(spill, 4 * VL); c21.intoArray(spill, 5 * VL);
        c30.intoArray(spill, 6 * VL); c31.intoArray(spill, 7 * VL);
        c40.intoArray(spill, 8 * VL); c41.intoArray(spill, 9 * VL);
        c50.intoArray(spill, 10 * VL); c51.intoArray(spill, 11 * VL);
        c60.intoArray(spill, 12 * VL); c61.intoArray(spill, 13 * VL);
        c70.intoArray(spill, 14 * VL); c71.intoArray(spill, 15 * VL);
        fold(spill, 2, c, cOff, ldc, rows, cols, alpha, beta);
    }

    /** Micro-tile of up to 8 rows × 1 vector; see {@link #tile}. */
    private static void tile8x1(int kc, float[] a, int aOff, float[] b, int bOff,
            float[] c, int cOff, int ldc, int rows, int cols, float alpha, float beta, float[] spill) {
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S);
        FloatVector c60 = FloatVector.zero(S);
        FloatVector c70 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            int bp = bOff + p * VL;
            FloatVector b0 = FloatVector.fromArray(S, b, bp);
            int ap = aOff + p * 8;
            FloatVector av = FloatVector.broadcast(S, a[ap]);
            c00 = av.fma(b0, c00);
            av = FloatVector.broadcast(S, a[ap + 1]);
            c10 = av.fma(b0, c10);
            av = FloatVector.broadcast(S, a[ap + 2]);
            c20 = av.fma(b0, c20);
            av = FloatVector.broadcast(S, a[ap + 3]);
            c30 = av.fma(b0, c30);
            av = FloatVector.broadcast(S, a[ap + 4]);
            c40 = av.fma(b0, c40);
            av = FloatVector.broadcast(S, a[ap + 5]);
            c50 = av.fma(b0, c50);
            av = FloatVector.broadcast(S, a[ap + 6]);
            c60 = av.fma(b0, c60);
            av = FloatVector.broadcast(S, a[ap + 7]);
            c70 = av.fma(b0, c70);
        }
        c00.intoArray(spill, 0 * VL);
        c10.intoArray(spill, 1 * VL);
        c20.intoArray(spill, 2 * VL);
        c30.intoArray(spill, 3 * VL);
        c40.intoArray(spill, 4 * VL);
        c50.intoArray(spill, 5 * VL);
        c60.intoArray(spill, 6 * VL);
        c70.intoArray(spill, 7 * VL);
        fold(spill, 1, c, cOff, ldc, rows, cols, alpha, beta);
    }


    /** Full 6 × 2-vector tile (AVX2) with alpha = 1, beta = 0: stores the accumulators straight into C. */
    private static void tile6x2Store(int kc, float[] a, int aOff, float[] b, int bOff,
            float[] c, int cOff, int ldc) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            int bp = bOff + p * 2 * VL;
            FloatVector b0 = FloatVector.fromArray(S, b, bp);
            FloatVector b1 = FloatVector.fromArray(S, b, bp + VL);
            int ap = aOff + p * 6;
            FloatVector av = FloatVector.broadcast(S, a[ap]);
            c00 = av.fma(b0, c00); c01 = av.fma(b1, c01);
            av = FloatVector.broadcast(S, a[ap + 1]);
            c10 = av.fma(b0, c10); c11 = av.fma(b1, c11);
            av = FloatVector.broadcast(S, a[ap + 2]);
            c20 = av.fma(b0, c20); c21 = av.fma(b1, c21);
            av = FloatVector.broadcast(S, a[ap + 3]);
            c30 = av.fma(b0, c30); c31 = av.fma(b1, c31);
            av = FloatVector.broadcast(S, a[ap + 4]);
            c40 = av.fma(b0, c40); c41 = av.fma(b1, c41);
            av = FloatVector.broadcast(S, a[ap + 5]);
            c50 = av.fma(b0, c50); c51 = av.fma(b1, c51);
        }
        int o = cOff;
        c00.intoArray(c, o); c01.intoArray(c, o + VL);
        o = cOff + 1 * ldc;
        c10.intoArray(c, o); c11.intoArray(c, o + VL);
        o = cOff + 2 * ldc;
        c20.intoArray(c, o); c21.intoArray(c, o + VL);
        o = cOff + 3 * ldc;
        c30.intoArray(c, o); c31.intoArray(c, o + VL);
        o = cOff + 4 * ldc;
        c40.intoArray(c, o); c41.intoArray(c, o + VL);
        o = cOff + 5 * ldc;
        c50.intoArray(c, o); c51.intoArray(c, o + VL);
    }

    /** Full 6 × 2-vector tile (AVX2) with alpha = 1, beta = 1: adds the accumulators straight into C. */
    private static void tile6x2Add(int kc, float[] a, int aOff, float[] b, int bOff,
            float[] c, int cOff, int ldc) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            int bp = bOff + p * 2 * VL;
            FloatVector b0 = FloatVector.fromArray(S, b, bp);
            FloatVector b1 = FloatVector.fromArray(S, b, bp + VL);
            int ap = aOff + p * 6;
            FloatVector av = FloatVector.broadcast(S, a[ap]);
            c00 = av.fma(b0, c00); c01 = av.fma(b1, c01);
            av = FloatVector.broadcast(S, a[ap + 1]);
            c10 = av.fma(b0, c10); c11 = av.fma(b1, c11);
            av = FloatVector.broadcast(S, a[ap + 2]);
            c20 = av.fma(b0, c20); c21 = av.fma(b1, c21);
            av = FloatVector.broadcast(S, a[ap + 3]);
            c30 = av.fma(b0, c30); c31 = av.fma(b1, c31);
            av = FloatVector.broadcast(S, a[ap + 4]);
            c40 = av.fma(b0, c40); c41 = av.fma(b1, c41);
            av = FloatVector.broadcast(S, a[ap + 5]);
            c50 = av.fma(b0, c50); c51 = av.fma(b1, c51);
        }
        int o = cOff;
        FloatVector.fromArray(S, c, o).add(c00).intoArray(c, o);
        FloatVector.fromArray(S, c, o + VL).add(c01).intoArray(c, o + VL);
        o = cOff + 1 * ldc;
        FloatVector.fromArray(S, c, o).add(c10).intoArray(c, o);
        FloatVector.fromArray(S, c, o + VL).add(c11).intoArray(c, o + VL);
        o = cOff + 2 * ldc;
        FloatVector.fromArray(S, c, o).add(c20).intoArray(c, o);
        FloatVector.fromArray(S, c, o + VL).add(c21).intoArray(c, o + VL);
        o = cOff + 3 * ldc;
        FloatVector.fromArray(S, c, o).add(c30).intoArray(c, o);
        FloatVector.fromArray(S, c, o + VL).add(c31).intoArray(c, o + VL);
        o = cOff + 4 * ldc;
        FloatVector.fromArray(S, c, o).add(c40).intoArray(c, o);
        FloatVector.fromArray(S, c, o + VL).add(c41).intoArray(c, o + VL);
        o = cOff + 5 * ldc;
        FloatVector.fromArray(S, c, o).add(c50).intoArray(c, o);
        FloatVector.fromArray(S, c, o + VL).add(c51).intoArray(c, o + VL);
    }

    /** Micro-tile of up to 6 rows × 2 vectors (AVX2); see {@link #tile}. */
    private static void tile6x2(int kc, float[] a, int aOff, float[] b, int bOff,
            float[] c, int cOff, int ldc, int rows, int cols, float alpha, float beta, float[] spill) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            int bp = bOff + p * 2 * VL;
            FloatVector b0 = FloatVector.fromArray(S, b, bp);
            FloatVector b1 = FloatVector.fromArray(S, b, bp + VL);
            int ap = aOff + p * 6;
            FloatVector av = FloatVector.broadcast(S, a[ap]);
            c00 = av.fma(b0, c00); c01 = av.fma(b1, c01);
            av = FloatVector.broadcast(S, a[ap + 1]);
            c10 = av.fma(b0, c10); c11 = av.fma(b1, c11);
            av = FloatVector.broadcast(S, a[ap + 2]);
            c20 = av.fma(b0, c20); c21 = av.fma(b1, c21);
            av = FloatVector.broadcast(S, a[ap + 3]);
            c30 = av.fma(b0, c30); c31 = av.fma(b1, c31);
            av = FloatVector.broadcast(S, a[ap + 4]);
            c40 = av.fma(b0, c40); c41 = av.fma(b1, c41);
            av = FloatVector.broadcast(S, a[ap + 5]);
            c50 = av.fma(b0, c50); c51 = av.fma(b1, c51);
        }
        c00.intoArray(spill, 0 * VL); c01.intoArray(spill, 1 * VL);
        c10.intoArray(spill, 2 * VL); c11.intoArray(spill, 3 * VL);
        c20.intoArray(spill, 4 * VL); c21.intoArray(spill, 5 * VL);
        c30.intoArray(spill, 6 * VL); c31.intoArray(spill, 7 * VL);
        c40.intoArray(spill, 8 * VL); c41.intoArray(spill, 9 * VL);
        c50.intoArray(spill, 10 * VL); c51.intoArray(spill, 11 * VL);
        fold(spill, 2, c, cOff, ldc, rows, cols, alpha, beta);
    }

    /** Micro-tile of up to 6 rows × 1 vector (AVX2); see {@link #tile}. */
    private static void tile6x1(int kc, float[] a, int aOff, float[] b, int bOff,
            float[] c, int cOff, int ldc, int rows, int cols, float alpha, float beta, float[] spill) {
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            int bp = bOff + p * VL;
            FloatVector b0 = FloatVector.fromArray(S, b, bp);
            int ap = aOff + p * 6;
            FloatVector av = FloatVector.broadcast(S, a[ap]);
            c00 = av.fma(b0, c00);
            av = FloatVector.broadcast(S, a[ap + 1]);
            c10 = av.fma(b0, c10);
            av = FloatVector.broadcast(S, a[ap + 2]);
            c20 = av.fma(b0, c20);
            av = FloatVector.broadcast(S, a[ap + 3]);
            c30 = av.fma(b0, c30);
            av = FloatVector.broadcast(S, a[ap + 4]);
            c40 = av.fma(b0, c40);
            av = FloatVector.broadcast(S, a[ap + 5]);
            c50 = av.fma(b0, c50);
        }
        c00.intoArray(spill, 0 * VL);
        c10.intoArray(spill, 1 * VL);
        c20.intoArray(spill, 2 * VL);
        c30.intoArray(spill, 3 * VL);
        c40.intoArray(spill, 4 * VL);
        c50.intoArray(spill, 5 * VL);
        fold(spill, 1, c, cOff, ldc, rows, cols, alpha, beta);
    }

    /** Folds the spilled accumulators (row-major, {@code nv} vectors per row) into C; see the class comment. */
    private static void fold(float[] spill, int nv, float[] c, int cOff, int ldc, int rows, int cols,
            float alpha, float beta) {
        FloatVector alphas = FloatVector.broadcast(S, alpha);
        FloatVector betas = FloatVector.broadcast(S, beta);
        for (int r = 0; r < rows; r++) {
            int o = cOff + r * ldc;
            for (int v = 0; v < nv; v++) {
                int j = v * VL;
                FloatVector t = FloatVector.fromArray(S, spill, (r * nv + v) * VL);
                if (alpha != 1f) {
                    t = t.mul(alphas);
                }
                if (j + VL <= cols) {
                    if (beta == 1f) {
                        t = FloatVector.fromArray(S, c, o + j).add(t);
                    } else if (beta != 0f) {
                        t = FloatVector.fromArray(S, c, o + j).fma(betas, t);
                    }
                    t.intoArray(c, o + j);
                } else {
                    VectorMask<Float> m = S.indexInRange(j, cols);
                    if (beta == 1f) {
                        t = FloatVector.fromArray(S, c, o + j, m).add(t);
                    } else if (beta != 0f) {
                        t = FloatVector.fromArray(S, c, o + j, m).fma(betas, t);
                    }
                    t.intoArray(c, o + j, m);
                }
            }
        }
    }
}
