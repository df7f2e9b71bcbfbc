package dev.nabla.kernel;

import static dev.nabla.kernel.VectorMicroKernel.S;
import static dev.nabla.kernel.VectorMicroKernel.VL;

import jdk.incubator.vector.FloatVector;

/**
 * Dot products along k for the last columns of {@link VectorInPlaceGemm}'s C, those that do not fill a
 * whole vector: C = A·Bᵀ with both A's rows and B's rows contiguous in k, four rows of A against four
 * (or one) rows of B at a time.
 *
 * <p>Why: a tile is whole vectors of columns, so the MLPs' 100-column X·Wᵀ leaves 4 columns that a
 * 16-lane tile would compute with 12 idle lanes, as much work as 16 columns (measured: a quarter of
 * the time of the 96 others). Here all lanes run along k instead.
 *
 * <p>Order of the sum, fixed whatever the thread count or the position of the row: lane l accumulates
 * the products with {@code (p − p0) mod VL = l} by FMA in p order; the lanes are then added in lane
 * order, the last {@code kc mod VL} products FMA'd on in p order, and the result stored into C or
 * added onto it.
 */
final class VectorDotKernel {
    /** Floats of the scratch that {@link #dot4x4} and {@link #dot4x1} spill their lanes to. */
    static final int SCRATCH = 16 * VL;

    private VectorDotKernel() {}

    /**
     * C[r][j] (+)= Σ A[r][p]·B[j][p] over p in [p0, p0+kc), for 4 rows of A (first at {@code a[aOff]},
     * {@code lda} apart) and 4 rows of B ({@code b[bOff]}, {@code ldb} apart); C's tile at {@code c[cOff]}.
     */
    static void dot4x4(int p0, int kc, float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float[] c,
            int cOff, int ldc, boolean add, float[] scratch) {
        FloatVector s00 = FloatVector.zero(S), s01 = FloatVector.zero(S), s02 = FloatVector.zero(S);
        FloatVector s03 = FloatVector.zero(S), s10 = FloatVector.zero(S), s11 = FloatVector.zero(S);
        FloatVector s12 = FloatVector.zero(S), s13 = FloatVector.zero(S), s20 = FloatVector.zero(S);
        FloatVector s21 = FloatVector.zero(S), s22 = FloatVector.zero(S), s23 = FloatVector.zero(S);
        FloatVector s30 = FloatVector.zero(S), s31 = FloatVector.zero(S), s32 = FloatVector.zero(S);
        FloatVector s33 = FloatVector.zero(S);
        int a0 = aOff + p0, a1 = a0 + lda, a2 = a1 + lda, a3 = a2 + lda;
        int b0 = bOff + p0, b1 = b0 + ldb, b2 = b1 + ldb, b3 = b2 + ldb;
        int kv = kc / VL * VL;
        for (int p = 0; p < kv; p += VL) {
            FloatVector w0 = FloatVector.fromArray(S, b, b0 + p);
            FloatVector w1 = FloatVector.fromArray(S, b, b1 + p);
            FloatVector w2 = FloatVector.fromArray(S, b, b2 + p);
            FloatVector w3 = FloatVector.fromArray(S, b, b3 + p);
            FloatVector x = FloatVector.fromArray(S, a, a0 + p);
            s00 = x.fma(w0, s00); s01 = x.fma(w1, s01); s02 = x.fma(w2, s02); s03 = x.fma(w3, s03);
            x = FloatVector.fromArray(S, a, a1 + p);
            s10 = x.fma(w0, s10); s11 = x.fma(w1, s11); s12 = x.fma(w2, s12); s13 = x.fma(w3, s13);
            x = FloatVector.fromArray(S, a, a2 + p);
            s20 = x.fma(w0, s20); s21 = x.fma(w1, s21); s22 = x.fma(w2, s22); s23 = x.fma(w3, s23);
            x = FloatVector.fromArray(S, a, a3 + p);
            s30 = x.fma(w0, s30); s31 = x.fma(w1, s31); s32 = x.fma(w2, s32); s33 = x.fma(w3, s33);
        }
        s00.intoArray(scratch, 0); s01.intoArray(scratch, VL); s02.intoArray(scratch, 2 * VL);
        s03.intoArray(scratch, 3 * VL); s10.intoArray(scratch, 4 * VL); s11.intoArray(scratch, 5 * VL);
        s12.intoArray(scratch, 6 * VL); s13.intoArray(scratch, 7 * VL); s20.intoArray(scratch, 8 * VL);
        s21.intoArray(scratch, 9 * VL); s22.intoArray(scratch, 10 * VL); s23.intoArray(scratch, 11 * VL);
        s30.intoArray(scratch, 12 * VL); s31.intoArray(scratch, 13 * VL); s32.intoArray(scratch, 14 * VL);
        s33.intoArray(scratch, 15 * VL);
        for (int r = 0; r < 4; r++) {
            for (int j = 0; j < 4; j++) {
                finish(scratch, (r * 4 + j) * VL, kv, kc, a, a0 + r * lda, b, b0 + j * ldb, c, cOff + r * ldc + j, add);
            }
        }
    }

    /** As {@link #dot4x4} for one row of B. */
    static void dot4x1(int p0, int kc, float[] a, int aOff, int lda, float[] b, int bOff, float[] c, int cOff,
            int ldc, boolean add, float[] scratch) {
        FloatVector s0 = FloatVector.zero(S), s1 = FloatVector.zero(S), s2 = FloatVector.zero(S);
        FloatVector s3 = FloatVector.zero(S);
        int a0 = aOff + p0, a1 = a0 + lda, a2 = a1 + lda, a3 = a2 + lda;
        int b0 = bOff + p0;
        int kv = kc / VL * VL;
        for (int p = 0; p < kv; p += VL) {
            FloatVector w0 = FloatVector.fromArray(S, b, b0 + p);
            s0 = FloatVector.fromArray(S, a, a0 + p).fma(w0, s0);
            s1 = FloatVector.fromArray(S, a, a1 + p).fma(w0, s1);
            s2 = FloatVector.fromArray(S, a, a2 + p).fma(w0, s2);
            s3 = FloatVector.fromArray(S, a, a3 + p).fma(w0, s3);
        }
        s0.intoArray(scratch, 0); s1.intoArray(scratch, VL); s2.intoArray(scratch, 2 * VL);
        s3.intoArray(scratch, 3 * VL);
        for (int r = 0; r < 4; r++) {
            finish(scratch, r * VL, kv, kc, a, a0 + r * lda, b, b0, c, cOff + r * ldc, add);
        }
    }

    /**
     * One element: the lanes at {@code lanes[l]} added in lane order, the products of k steps kv…kc
     * FMA'd on, and the sum stored into or added onto {@code c[o]}.
     */
    private static void finish(float[] lanes, int l, int kv, int kc, float[] a, int ai, float[] b, int bi, float[] c,
            int o, boolean add) {
        float s = lanes[l];
        for (int v = 1; v < VL; v++) {
            s += lanes[l + v];
        }
        for (int p = kv; p < kc; p++) {
            s = Math.fma(a[ai + p], b[bi + p], s);
        }
        c[o] = add ? c[o] + s : s;
    }
}
