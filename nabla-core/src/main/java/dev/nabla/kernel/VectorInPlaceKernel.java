package dev.nabla.kernel;

import static dev.nabla.kernel.VectorMicroKernel.S;
import static dev.nabla.kernel.VectorMicroKernel.VL;

import jdk.incubator.vector.FloatVector;

/**
 * Micro-kernels of {@link VectorInPlaceGemm}: eight rows of C by one, two or three vectors, with A read
 * where it lies (row-major, k contiguous, rows {@code lda} apart) instead of from a packed panel. B is a
 * packed panel as for {@link VectorMicroKernel}: row p of it is {@code nv·VL} floats at
 * {@code b[bOff + p·nv·VL]}.
 *
 * <p>Each k step loads the nv vectors of B, broadcasts A[r][p] for the eight rows and does {@code 8·nv}
 * FMAs, exactly as the packed kernels do; only the address of A differs (eight row offsets, each
 * advancing by one float, so C2 hoists their bounds checks as it does for a packed panel). The
 * accumulators then go into C as {@code C = acc}, or {@code C = C + acc} when {@code add}: the same
 * operations as {@link VectorMicroKernel}'s alpha = 1 epilogues, so every element has the same bits
 * whichever of the two computed it.
 */
final class VectorInPlaceKernel {
    /** Rows of a tile. */
    static final int ROWS = 8;

    private VectorInPlaceKernel() {}

    /**
     * Computes the 8 × (nv·VL) tile at {@code c[cOff]} over {@code kc} k steps, A's first row at
     * {@code a[aOff]}; {@code add} adds onto C rather than overwriting it.
     */
    static void tile(int nv, int kc, float[] a, int aOff, int lda, float[] b, int bOff, float[] c, int cOff, int ldc,
            boolean add) {
        switch (nv) {
            case 3 -> tile8x3(kc, a, aOff, lda, b, bOff, c, cOff, ldc, add);
            case 2 -> tile8x2(kc, a, aOff, lda, b, bOff, c, cOff, ldc, add);
            case 1 -> tile8x1(kc, a, aOff, lda, b, bOff, c, cOff, ldc, add);
            default -> throw new IllegalArgumentException("vectors per tile: " + nv + " (expected 1, 2 or 3)");
        }
    }

    /** Eight rows of A in place times 3 vectors of packed B; see the class comment. */
    private static void tile8x3(int kc, float[] a, int aOff, int lda, float[] b, int bOff, float[] c, int cOff,
            int ldc, boolean add) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S), c02 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S), c12 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S), c22 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S), c32 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S), c42 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S), c52 = FloatVector.zero(S);
        FloatVector c60 = FloatVector.zero(S), c61 = FloatVector.zero(S), c62 = FloatVector.zero(S);
        FloatVector c70 = FloatVector.zero(S), c71 = FloatVector.zero(S), c72 = FloatVector.zero(S);
        int a0 = aOff, a1 = a0 + lda, a2 = a1 + lda, a3 = a2 + lda;
        int a4 = a3 + lda, a5 = a4 + lda, a6 = a5 + lda, a7 = a6 + lda;
        for (int p = 0; p < kc; p++) {
            int bp = bOff + p * 3 * VL;
            FloatVector b0 = FloatVector.fromArray(S, b, bp);
            FloatVector b1 = FloatVector.fromArray(S, b, bp + VL);
            FloatVector b2 = FloatVector.fromArray(S, b, bp + 2 * VL);
            FloatVector av = FloatVector.broadcast(S, a[a0 + p]);
            c00 = av.fma(b0, c00); c01 = av.fma(b1, c01); c02 = av.fma(b2, c02);
            av = FloatVector.broadcast(S, a[a1 + p]);
            c10 = av.fma(b0, c10); c11 = av.fma(b1, c11); c12 = av.fma(b2, c12);
            av = FloatVector.broadcast(S, a[a2 + p]);
            c20 = av.fma(b0, c20); c21 = av.fma(b1, c21); c22 = av.fma(b2, c22);
            av = FloatVector.broadcast(S, a[a3 + p]);
            c30 = av.fma(b0, c30); c31 = av.fma(b1, c31); c32 = av.fma(b2, c32);
            av = FloatVector.broadcast(S, a[a4 + p]);
            c40 = av.fma(b0, c40); c41 = av.fma(b1, c41); c42 = av.fma(b2, c42);
            av = FloatVector.broadcast(S, a[a5 + p]);
            c50 = av.fma(b0, c50); c51 = av.fma(b1, c51); c52 = av.fma(b2, c52);
            av = FloatVector.broadcast(S, a[a6 + p]);
            c60 = av.fma(b0, c60); c61 = av.fma(b1, c61); c62 = av.fma(b2, c62);
            av = FloatVector.broadcast(S, a[a7 + p]);
            c70 = av.fma(b0, c70); c71 = av.fma(b1, c71); c72 = av.fma(b2, c72);
        }
        if (add) {
            int o = cOff;
            c00 = FloatVector.fromArray(S, c, o).add(c00);
            c01 = FloatVector.fromArray(S, c, o + VL).add(c01);
            c02 = FloatVector.fromArray(S, c, o + 2 * VL).add(c02);
            o = cOff + ldc;
            c10 = FloatVector.fromArray(S, c, o).add(c10);
            c11 = FloatVector.fromArray(S, c, o + VL).add(c11);
            c12 = FloatVector.fromArray(S, c, o + 2 * VL).add(c12);
            o = cOff + 2 * ldc;
            c20 = FloatVector.fromArray(S, c, o).add(c20);
            c21 = FloatVector.fromArray(S, c, o + VL).add(c21);
            c22 = FloatVector.fromArray(S, c, o + 2 * VL).add(c22);
            o = cOff + 3 * ldc;
            c30 = FloatVector.fromArray(S, c, o).add(c30);
            c31 = FloatVector.fromArray(S, c, o + VL).add(c31);
            c32 = FloatVector.fromArray(S, c, o + 2 * VL).add(c32);
            o = cOff + 4 * ldc;
            c40 = FloatVector.fromArray(S, c, o).add(c40);
            c41 = FloatVector.fromArray(S, c, o + VL).add(c41);
            c42 = FloatVector.fromArray(S, c, o + 2 * VL).add(c42);
            o = cOff + 5 * ldc;
            c50 = FloatVector.fromArray(S, c, o).add(c50);
            c51 = FloatVector.fromArray(S, c, o + VL).add(c51);
            c52 = FloatVector.fromArray(S, c, o + 2 * VL).add(c52);
            o = cOff + 6 * ldc;
            c60 = FloatVector.fromArray(S, c, o).add(c60);
            c61 = FloatVector.fromArray(S, c, o + VL).add(c61);
            c62 = FloatVector.fromArray(S, c, o + 2 * VL).add(c62);
            o = cOff + 7 * ldc;
            c70 = FloatVector.fromArray(S, c, o).add(c70);
            c71 = FloatVector.fromArray(S, c, o + VL).add(c71);
            c72 = FloatVector.fromArray(S, c, o + 2 * VL).add(c72);
        }
        int o = cOff;
        c00.intoArray(c, o); c01.intoArray(c, o + VL); c02.intoArray(c, o + 2 * VL);
        o = cOff + ldc;
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

    /** Eight rows of A in place times 2 vectors of packed B; see the class comment. */
    private static void tile8x2(int kc, float[] a, int aOff, int lda, float[] b, int bOff, float[] c, int cOff,
            int ldc, boolean add) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S);
        FloatVector c60 = FloatVector.zero(S), c61 = FloatVector.zero(S);
        FloatVector c70 = FloatVector.zero(S), c71 = FloatVector.zero(S);
        int a0 = aOff, a1 = a0 + lda, a2 = a1 + lda, a3 = a2 + lda;
        int a4 = a3 + lda, a5 = a4 + lda, a6 = a5 + lda, a7 = a6 + lda;
        for (int p = 0; p < kc; p++) {
            int bp = bOff + p * 2 * VL;
            FloatVector b0 = FloatVector.fromArray(S, b, bp);
            FloatVector b1 = FloatVector.fromArray(S, b, bp + VL);
            FloatVector av = FloatVector.broadcast(S, a[a0 + p]);
            c00 = av.fma(b0, c00); c01 = av.fma(b1, c01);
            av = FloatVector.broadcast(S, a[a1 + p]);
            c10 = av.fma(b0, c10); c11 = av.fma(b1, c11);
            av = FloatVector.broadcast(S, a[a2 + p]);
            c20 = av.fma(b0, c20); c21 = av.fma(b1, c21);
            av = FloatVector.broadcast(S, a[a3 + p]);
            c30 = av.fma(b0, c30); c31 = av.fma(b1, c31);
            av = FloatVector.broadcast(S, a[a4 + p]);
            c40 = av.fma(b0, c40); c41 = av.fma(b1, c41);
            av = FloatVector.broadcast(S, a[a5 + p]);
            c50 = av.fma(b0, c50); c51 = av.fma(b1, c51);
            av = FloatVector.broadcast(S, a[a6 + p]);
            c60 = av.fma(b0, c60); c61 = av.fma(b1, c61);
            av = FloatVector.broadcast(S, a[a7 + p]);
            c70 = av.fma(b0, c70); c71 = av.fma(b1, c71);
        }
        if (add) {
            int o = cOff;
            c00 = FloatVector.fromArray(S, c, o).add(c00);
            c01 = FloatVector.fromArray(S, c, o + VL).add(c01);
            o = cOff + ldc;
            c10 = FloatVector.fromArray(S, c, o).add(c10);
            c11 = FloatVector.fromArray(S, c, o + VL).add(c11);
            o = cOff + 2 * ldc;
            c20 = FloatVector.fromArray(S, c, o).add(c20);
            c21 = FloatVector.fromArray(S, c, o + VL).add(c21);
            o = cOff + 3 * ldc;
            c30 = FloatVector.fromArray(S, c, o).add(c30);
            c31 = FloatVector.fromArray(S, c, o + VL).add(c31);
            o = cOff + 4 * ldc;
            c40 = FloatVector.fromArray(S, c, o).add(c40);
            c41 = FloatVector.fromArray(S, c, o + VL).add(c41);
            o = cOff + 5 * ldc;
            c50 = FloatVector.fromArray(S, c, o).add(c50);
            c51 = FloatVector.fromArray(S, c, o + VL).add(c51);
            o = cOff + 6 * ldc;
            c60 = FloatVector.fromArray(S, c, o).add(c60);
            c61 = FloatVector.fromArray(S, c, o + VL).add(c61);
            o = cOff + 7 * ldc;
            c70 = FloatVector.fromArray(S, c, o).add(c70);
            c71 = FloatVector.fromArray(S, c, o + VL).add(c71);
        }
        int o = cOff;
        c00.intoArray(c, o); c01.intoArray(c, o + VL);
        o = cOff + ldc;
        c10.intoArray(c, o); c11.intoArray(c, o + VL);
        o = cOff + 2 * ldc;
        c20.intoArray(c, o); c21.intoArray(c, o + VL);
        o = cOff + 3 * ldc;
        c30.intoArray(c, o); c31.intoArray(c, o + VL);
        o = cOff + 4 * ldc;
        c40.intoArray(c, o); c41.intoArray(c, o + VL);
        o = cOff + 5 * ldc;
        c50.intoArray(c, o); c51.intoArray(c, o + VL);
        o = cOff + 6 * ldc;
        c60.intoArray(c, o); c61.intoArray(c, o + VL);
        o = cOff + 7 * ldc;
        c70.intoArray(c, o); c71.intoArray(c, o + VL);
    }

    /** Eight rows of A in place times 1 vector of packed B; see the class comment. */
    private static void tile8x1(int kc, float[] a, int aOff, int lda, float[] b, int bOff, float[] c, int cOff,
            int ldc, boolean add) {
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S);
        FloatVector c60 = FloatVector.zero(S);
        FloatVector c70 = FloatVector.zero(S);
        int a0 = aOff, a1 = a0 + lda, a2 = a1 + lda, a3 = a2 + lda;
        int a4 = a3 + lda, a5 = a4 + lda, a6 = a5 + lda, a7 = a6 + lda;
        for (int p = 0; p < kc; p++) {
            int bp = bOff + p * VL;
            FloatVector b0 = FloatVector.fromArray(S, b, bp);
            FloatVector av = FloatVector.broadcast(S, a[a0 + p]);
            c00 = av.fma(b0, c00);
            av = FloatVector.broadcast(S, a[a1 + p]);
            c10 = av.fma(b0, c10);
            av = FloatVector.broadcast(S, a[a2 + p]);
            c20 = av.fma(b0, c20);
            av = FloatVector.broadcast(S, a[a3 + p]);
            c30 = av.fma(b0, c30);
            av = FloatVector.broadcast(S, a[a4 + p]);
            c40 = av.fma(b0, c40);
            av = FloatVector.broadcast(S, a[a5 + p]);
            c50 = av.fma(b0, c50);
            av = FloatVector.broadcast(S, a[a6 + p]);
            c60 = av.fma(b0, c60);
            av = FloatVector.broadcast(S, a[a7 + p]);
            c70 = av.fma(b0, c70);
        }
        if (add) {
            int o = cOff;
            c00 = FloatVector.fromArray(S, c, o).add(c00);
            o = cOff + ldc;
            c10 = FloatVector.fromArray(S, c, o).add(c10);
            o = cOff + 2 * ldc;
            c20 = FloatVector.fromArray(S, c, o).add(c20);
            o = cOff + 3 * ldc;
            c30 = FloatVector.fromArray(S, c, o).add(c30);
            o = cOff + 4 * ldc;
            c40 = FloatVector.fromArray(S, c, o).add(c40);
            o = cOff + 5 * ldc;
            c50 = FloatVector.fromArray(S, c, o).add(c50);
            o = cOff + 6 * ldc;
            c60 = FloatVector.fromArray(S, c, o).add(c60);
            o = cOff + 7 * ldc;
            c70 = FloatVector.fromArray(S, c, o).add(c70);
        }
        int o = cOff;
        c00.intoArray(c, o);
        o = cOff + ldc;
        c10.intoArray(c, o);
        o = cOff + 2 * ldc;
        c20.intoArray(c, o);
        o = cOff + 3 * ldc;
        c30.intoArray(c, o);
        o = cOff + 4 * ldc;
        c40.intoArray(c, o);
        o = cOff + 5 * ldc;
        c50.intoArray(c, o);
        o = cOff + 6 * ldc;
        c60.intoArray(c, o);
        o = cOff + 7 * ldc;
        c70.intoArray(c, o);
    }
}
