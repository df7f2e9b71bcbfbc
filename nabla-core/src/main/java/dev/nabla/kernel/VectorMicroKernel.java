package dev.nabla.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register-tiled inner kernels of {@link VectorGemm}: each computes one micro-tile of C, at most
 * {@link #MR} rows by 1, 2 or 3 vectors, from a packed A micro-panel and a packed B micro-panel.
 *
 * <p>Layouts (see {@link VectorPacking}): the A micro-panel is {@code [kc][MR]} (the MR values of one
 * k next to each other, rows past M zero), the B micro-panel is {@code [kc][nv·VL]} (one row of op(B)
 * per k, columns past N zero). Each k step broadcasts the MR values of A and multiplies them into the
 * nv vectors of B: {@code MR·nv} independent FMA chains, which keeps both FMA pipes busy (latency 4,
 * two per cycle on Zen 4/5) while the tile stays in registers (24 accumulators of the 32 AVX-512 has).
 *
 * <p>Every element's K-reduction is the same sequence of FMAs in k order, whichever kernel computes it
 * and however the tile is clipped, so results do not depend on how C was split among threads. The
 * accumulated block is then folded into C by {@link #store}: {@code C = alpha·acc} when {@code beta}
 * is 0 (C is not read), {@code C = C + alpha·acc} when it is 1, else {@code C = beta·C + alpha·acc}.
 */
final class VectorMicroKernel {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    /** Floats per vector: 16 with AVX-512, 8 with AVX2 or 256-bit NEON/SVE. */
    static final int VL = S.length();
    /** Rows of a micro-tile. */
    static final int MR = 8;
    /**
     * Vectors in a full micro-tile row. Three needs 24 accumulator registers, which suits the 32 of
     * AVX-512; with 16-register AVX2 two (16 accumulators) spill less.
     */
    static final int NV = VL >= 16 ? 3 : 2;
    /** Columns of a full micro-tile. */
    static final int NR = NV * VL;

    private VectorMicroKernel() {}

    /**
     * Computes the micro-tile at {@code c[cOff]} ({@code rows} ≤ MR rows, {@code cols} ≤ nv·VL
     * columns, nv = ⌈cols / VL⌉) from {@code kc} steps of the packed panels.
     */
    static void tile(int kc, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int ldc,
            int rows, int cols, float alpha, float beta) {
        if (cols > 2 * VL) {
            tile8x3(kc, a, aOff, b, bOff, c, cOff, ldc, rows, cols, alpha, beta);
        } else if (cols > VL) {
            tile8x2(kc, a, aOff, b, bOff, c, cOff, ldc, rows, cols, alpha, beta);
        } else {
            tile8x1(kc, a, aOff, b, bOff, c, cOff, ldc, rows, cols, alpha, beta);
        }
    }

    /** Micro-tile of 8 rows × 3 vectors; see the class comment. */
    static void tile8x3(int kc, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int ldc,
            int rows, int cols, float alpha, float beta) {
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
            int ap = aOff + p * MR;
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
        store(c00, c, cOff, cols, alpha, beta);
        store(c01, c, cOff + VL, cols - VL, alpha, beta);
        store(c02, c, cOff + 2 * VL, cols - 2 * VL, alpha, beta);
        if (rows == 1) {
            return;
        }
        cOff += ldc;
        store(c10, c, cOff, cols, alpha, beta);
        store(c11, c, cOff + VL, cols - VL, alpha, beta);
        store(c12, c, cOff + 2 * VL, cols - 2 * VL, alpha, beta);
        if (rows == 2) {
            return;
        }
        cOff += ldc;
        store(c20, c, cOff, cols, alpha, beta);
        store(c21, c, cOff + VL, cols - VL, alpha, beta);
        store(c22, c, cOff + 2 * VL, cols - 2 * VL, alpha, beta);
        if (rows == 3) {
            return;
        }
        cOff += ldc;
        store(c30, c, cOff, cols, alpha, beta);
        store(c31, c, cOff + VL, cols - VL, alpha, beta);
        store(c32, c, cOff + 2 * VL, cols - 2 * VL, alpha, beta);
        if (rows == 4) {
            return;
        }
        cOff += ldc;
        store(c40, c, cOff, cols, alpha, beta);
        store(c41, c, cOff + VL, cols - VL, alpha, beta);
        store(c42, c, cOff + 2 * VL, cols - 2 * VL, alpha, beta);
        if (rows == 5) {
            return;
        }
        cOff += ldc;
        store(c50, c, cOff, cols, alpha, beta);
        store(c51, c, cOff + VL, cols - VL, alpha, beta);
        store(c52, c, cOff + 2 * VL, cols - 2 * VL, alpha, beta);
        if (rows == 6) {
            return;
        }
        cOff += ldc;
        store(c60, c, cOff, cols, alpha, beta);
        store(c61, c, cOff + VL, cols - VL, alpha, beta);
        store(c62, c, cOff + 2 * VL, cols - 2 * VL, alpha, beta);
        if (rows == 7) {
            return;
        }
        cOff += ldc;
        store(c70, c, cOff, cols, alpha, beta);
        store(c71, c, cOff + VL, cols - VL, alpha, beta);
        store(c72, c, cOff + 2 * VL, cols - 2 * VL, alpha, beta);
    }

    /** Micro-tile of 8 rows × 2 vectors; see the class comment. */
    static void tile8x2(int kc, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int ldc,
            int rows, int cols, float alpha, float beta) {
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
            int ap = aOff + p * MR;
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
        store(c00, c, cOff, cols, alpha, beta);
        store(c01, c, cOff + VL, cols - VL, alpha, beta);
        if (rows == 1) {
            return;
        }
        cOff += ldc;
        store(c10, c, cOff, cols, alpha, beta);
        store(c11, c, cOff + VL, cols - VL, alpha, beta);
        if (rows == 2) {
            return;
        }
        cOff += ldc;
        store(c20, c, cOff, cols, alpha, beta);
        store(c21, c, cOff + VL, cols - VL, alpha, beta);
        if (rows == 3) {
            return;
        }
        cOff += ldc;
        store(c30, c, cOff, cols, alpha, beta);
        store(c31, c, cOff + VL, cols - VL, alpha, beta);
        if (rows == 4) {
            return;
        }
        cOff += ldc;
        store(c40, c, cOff, cols, alpha, beta);
        store(c41, c, cOff + VL, cols - VL, alpha, beta);
        if (rows == 5) {
            return;
        }
        cOff += ldc;
        store(c50, c, cOff, cols, alpha, beta);
        store(c51, c, cOff + VL, cols - VL, alpha, beta);
        if (rows == 6) {
            return;
        }
        cOff += ldc;
        store(c60, c, cOff, cols, alpha, beta);
        store(c61, c, cOff + VL, cols - VL, alpha, beta);
        if (rows == 7) {
            return;
        }
        cOff += ldc;
        store(c70, c, cOff, cols, alpha, beta);
        store(c71, c, cOff + VL, cols - VL, alpha, beta);
    }

    /** Micro-tile of 8 rows × 1 vector; see the class comment. */
    static void tile8x1(int kc, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int ldc,
            int rows, int cols, float alpha, float beta) {
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
            int ap = aOff + p * MR;
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
        store(c00, c, cOff, cols, alpha, beta);
        if (rows == 1) {
            return;
        }
        cOff += ldc;
        store(c10, c, cOff, cols, alpha, beta);
        if (rows == 2) {
            return;
        }
        cOff += ldc;
        store(c20, c, cOff, cols, alpha, beta);
        if (rows == 3) {
            return;
        }
        cOff += ldc;
        store(c30, c, cOff, cols, alpha, beta);
        if (rows == 4) {
            return;
        }
        cOff += ldc;
        store(c40, c, cOff, cols, alpha, beta);
        if (rows == 5) {
            return;
        }
        cOff += ldc;
        store(c50, c, cOff, cols, alpha, beta);
        if (rows == 6) {
            return;
        }
        cOff += ldc;
        store(c60, c, cOff, cols, alpha, beta);
        if (rows == 7) {
            return;
        }
        cOff += ldc;
        store(c70, c, cOff, cols, alpha, beta);
    }


    /** Folds one accumulator vector into C; {@code valid} (≥ 1) lanes from {@code i} belong to C. */
    private static void store(FloatVector acc, float[] c, int i, int valid, float alpha, float beta) {
        FloatVector t = alpha == 1f ? acc : acc.mul(alpha);
        if (valid >= VL) {
            if (beta != 0f) {
                FloatVector old = FloatVector.fromArray(S, c, i);
                t = beta == 1f ? old.add(t) : old.fma(FloatVector.broadcast(S, beta), t);
            }
            t.intoArray(c, i);
        } else {
            VectorMask<Float> m = S.indexInRange(0, valid);
            if (beta != 0f) {
                FloatVector old = FloatVector.fromArray(S, c, i, m);
                t = beta == 1f ? old.add(t) : old.fma(FloatVector.broadcast(S, beta), t);
            }
            t.intoArray(c, i, m);
        }
    }
}
