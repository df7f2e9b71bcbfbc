package dev.nabla.bench;

import java.util.Locale;
import java.util.Random;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * EXPERIMENT, not production code: does the A broadcast of the 8 × 3-vector sgemm micro-kernel cost FMA
 * throughput? Times several register-tile shapes of C[MR×NR] += A[MR×kc]·B[kc×NR] on one thread, on the
 * same values, with B packed {@code [k][j]} (kc × NR) and A packed k-major ({@code a[k·MR + r]}), both
 * small enough to stay in L1/L2, one tile repeated many times:
 * <ul>
 *   <li>(a) 8 rows × 3 vectors: 8 broadcasts per 24 FMAs (the shape of VectorMicroKernel.tile8x3Store);
 *   <li>(b) 4 rows × 6 vectors: 4 broadcasts per 24 FMAs;
 *   <li>(c) 6 rows × 4 vectors: 6 broadcasts per 24 FMAs;
 *   <li>(d) 8 × 3 with A pre-broadcast (kc × MR × VL floats), read with {@code fromArray}: no broadcast;
 *   <li>(e) extra: (a) with the runtime-stride A indexing (aOff + r·rs + p·ks) of tile8x3Store;
 *   <li>(p) extra reference: 24 independent FMA chains on registers only, no loads, no broadcasts.
 * </ul>
 * Each variant is checked against a scalar reference first, warmed up ≥ 3 s, then timed in windows of
 * ~0.5 s; the best window is reported. Usage: {@code MicroTileExperiment [kc ...]} (default 256 512; kc 64 fits L1).
 */
public final class MicroTileExperiment {
    static final VectorSpecies<Float> S;
    static {
        VectorSpecies<Float> s = FloatVector.SPECIES_512;
        if (FloatVector.SPECIES_PREFERRED.length() != 16) {
            s = FloatVector.SPECIES_PREFERRED;
        }
        S = s;
    }
    static final int VL = S.length();
    static final double WARMUP_S = 3.0;
    static final double WINDOW_S = 0.5;
    static final int WINDOWS = 6;

    private MicroTileExperiment() {}

    // ---------------------------------------------------------------- kernels (c is MR × NR, ldc = NR)

    /** (a) 8 × 3 vectors, broadcast of a[p·8 + r]. */
    static void k8x3(int kc, float[] a, float[] b, float[] c) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S), c02 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S), c12 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S), c22 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S), c32 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S), c42 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S), c52 = FloatVector.zero(S);
        FloatVector c60 = FloatVector.zero(S), c61 = FloatVector.zero(S), c62 = FloatVector.zero(S);
        FloatVector c70 = FloatVector.zero(S), c71 = FloatVector.zero(S), c72 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            int bp = p * 3 * VL;
            FloatVector b0 = FloatVector.fromArray(S, b, bp);
            FloatVector b1 = FloatVector.fromArray(S, b, bp + VL);
            FloatVector b2 = FloatVector.fromArray(S, b, bp + 2 * VL);
            int ap = p * 8;
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
        int n = 3 * VL;
        c00.intoArray(c, 0); c01.intoArray(c, VL); c02.intoArray(c, 2 * VL);
        c10.intoArray(c, n); c11.intoArray(c, n + VL); c12.intoArray(c, n + 2 * VL);
        c20.intoArray(c, 2 * n); c21.intoArray(c, 2 * n + VL); c22.intoArray(c, 2 * n + 2 * VL);
        c30.intoArray(c, 3 * n); c31.intoArray(c, 3 * n + VL); c32.intoArray(c, 3 * n + 2 * VL);
        c40.intoArray(c, 4 * n); c41.intoArray(c, 4 * n + VL); c42.intoArray(c, 4 * n + 2 * VL);
        c50.intoArray(c, 5 * n); c51.intoArray(c, 5 * n + VL); c52.intoArray(c, 5 * n + 2 * VL);
        c60.intoArray(c, 6 * n); c61.intoArray(c, 6 * n + VL); c62.intoArray(c, 6 * n + 2 * VL);
        c70.intoArray(c, 7 * n); c71.intoArray(c, 7 * n + VL); c72.intoArray(c, 7 * n + 2 * VL);
    }

    /** (b) 4 × 6 vectors, broadcast of a[p·4 + r]. */
    static void k4x6(int kc, float[] a, float[] b, float[] c) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S), c02 = FloatVector.zero(S);
        FloatVector c03 = FloatVector.zero(S), c04 = FloatVector.zero(S), c05 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S), c12 = FloatVector.zero(S);
        FloatVector c13 = FloatVector.zero(S), c14 = FloatVector.zero(S), c15 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S), c22 = FloatVector.zero(S);
        FloatVector c23 = FloatVector.zero(S), c24 = FloatVector.zero(S), c25 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S), c32 = FloatVector.zero(S);
        FloatVector c33 = FloatVector.zero(S), c34 = FloatVector.zero(S), c35 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            int bp = p * 6 * VL;
            FloatVector b0 = FloatVector.fromArray(S, b, bp);
            FloatVector b1 = FloatVector.fromArray(S, b, bp + VL);
            FloatVector b2 = FloatVector.fromArray(S, b, bp + 2 * VL);
            FloatVector b3 = FloatVector.fromArray(S, b, bp + 3 * VL);
            FloatVector b4 = FloatVector.fromArray(S, b, bp + 4 * VL);
            FloatVector b5 = FloatVector.fromArray(S, b, bp + 5 * VL);
            int ap = p * 4;
            FloatVector av = FloatVector.broadcast(S, a[ap]);
            c00 = av.fma(b0, c00); c01 = av.fma(b1, c01); c02 = av.fma(b2, c02);
            c03 = av.fma(b3, c03); c04 = av.fma(b4, c04); c05 = av.fma(b5, c05);
            av = FloatVector.broadcast(S, a[ap + 1]);
            c10 = av.fma(b0, c10); c11 = av.fma(b1, c11); c12 = av.fma(b2, c12);
            c13 = av.fma(b3, c13); c14 = av.fma(b4, c14); c15 = av.fma(b5, c15);
            av = FloatVector.broadcast(S, a[ap + 2]);
            c20 = av.fma(b0, c20); c21 = av.fma(b1, c21); c22 = av.fma(b2, c22);
            c23 = av.fma(b3, c23); c24 = av.fma(b4, c24); c25 = av.fma(b5, c25);
            av = FloatVector.broadcast(S, a[ap + 3]);
            c30 = av.fma(b0, c30); c31 = av.fma(b1, c31); c32 = av.fma(b2, c32);
            c33 = av.fma(b3, c33); c34 = av.fma(b4, c34); c35 = av.fma(b5, c35);
        }
        int n = 6 * VL;
        c00.intoArray(c, 0); c01.intoArray(c, VL); c02.intoArray(c, 2 * VL);
        c03.intoArray(c, 3 * VL); c04.intoArray(c, 4 * VL); c05.intoArray(c, 5 * VL);
        c10.intoArray(c, n); c11.intoArray(c, n + VL); c12.intoArray(c, n + 2 * VL);
        c13.intoArray(c, n + 3 * VL); c14.intoArray(c, n + 4 * VL); c15.intoArray(c, n + 5 * VL);
        c20.intoArray(c, 2 * n); c21.intoArray(c, 2 * n + VL); c22.intoArray(c, 2 * n + 2 * VL);
        c23.intoArray(c, 2 * n + 3 * VL); c24.intoArray(c, 2 * n + 4 * VL); c25.intoArray(c, 2 * n + 5 * VL);
        c30.intoArray(c, 3 * n); c31.intoArray(c, 3 * n + VL); c32.intoArray(c, 3 * n + 2 * VL);
        c33.intoArray(c, 3 * n + 3 * VL); c34.intoArray(c, 3 * n + 4 * VL); c35.intoArray(c, 3 * n + 5 * VL);
    }

    /** (c) 6 × 4 vectors, broadcast of a[p·6 + r]. */
    static void k6x4(int kc, float[] a, float[] b, float[] c) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S), c02 = FloatVector.zero(S), c03 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S), c12 = FloatVector.zero(S), c13 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S), c22 = FloatVector.zero(S), c23 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S), c32 = FloatVector.zero(S), c33 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S), c42 = FloatVector.zero(S), c43 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S), c52 = FloatVector.zero(S), c53 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            int bp = p * 4 * VL;
            FloatVector b0 = FloatVector.fromArray(S, b, bp);
            FloatVector b1 = FloatVector.fromArray(S, b, bp + VL);
            FloatVector b2 = FloatVector.fromArray(S, b, bp + 2 * VL);
            FloatVector b3 = FloatVector.fromArray(S, b, bp + 3 * VL);
            int ap = p * 6;
            FloatVector av = FloatVector.broadcast(S, a[ap]);
            c00 = av.fma(b0, c00); c01 = av.fma(b1, c01); c02 = av.fma(b2, c02); c03 = av.fma(b3, c03);
            av = FloatVector.broadcast(S, a[ap + 1]);
            c10 = av.fma(b0, c10); c11 = av.fma(b1, c11); c12 = av.fma(b2, c12); c13 = av.fma(b3, c13);
            av = FloatVector.broadcast(S, a[ap + 2]);
            c20 = av.fma(b0, c20); c21 = av.fma(b1, c21); c22 = av.fma(b2, c22); c23 = av.fma(b3, c23);
            av = FloatVector.broadcast(S, a[ap + 3]);
            c30 = av.fma(b0, c30); c31 = av.fma(b1, c31); c32 = av.fma(b2, c32); c33 = av.fma(b3, c33);
            av = FloatVector.broadcast(S, a[ap + 4]);
            c40 = av.fma(b0, c40); c41 = av.fma(b1, c41); c42 = av.fma(b2, c42); c43 = av.fma(b3, c43);
            av = FloatVector.broadcast(S, a[ap + 5]);
            c50 = av.fma(b0, c50); c51 = av.fma(b1, c51); c52 = av.fma(b2, c52); c53 = av.fma(b3, c53);
        }
        int n = 4 * VL;
        c00.intoArray(c, 0); c01.intoArray(c, VL); c02.intoArray(c, 2 * VL); c03.intoArray(c, 3 * VL);
        c10.intoArray(c, n); c11.intoArray(c, n + VL); c12.intoArray(c, n + 2 * VL); c13.intoArray(c, n + 3 * VL);
        c20.intoArray(c, 2 * n); c21.intoArray(c, 2 * n + VL); c22.intoArray(c, 2 * n + 2 * VL); c23.intoArray(c, 2 * n + 3 * VL);
        c30.intoArray(c, 3 * n); c31.intoArray(c, 3 * n + VL); c32.intoArray(c, 3 * n + 2 * VL); c33.intoArray(c, 3 * n + 3 * VL);
        c40.intoArray(c, 4 * n); c41.intoArray(c, 4 * n + VL); c42.intoArray(c, 4 * n + 2 * VL); c43.intoArray(c, 4 * n + 3 * VL);
        c50.intoArray(c, 5 * n); c51.intoArray(c, 5 * n + VL); c52.intoArray(c, 5 * n + 2 * VL); c53.intoArray(c, 5 * n + 3 * VL);
    }

    /** (d) 8 × 3 vectors, A pre-broadcast: the vector of row r at step p is a[(p·8 + r)·VL ...]. */
    static void k8x3pre(int kc, float[] a, float[] b, float[] c) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S), c02 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S), c12 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S), c22 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S), c32 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S), c42 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S), c52 = FloatVector.zero(S);
        FloatVector c60 = FloatVector.zero(S), c61 = FloatVector.zero(S), c62 = FloatVector.zero(S);
        FloatVector c70 = FloatVector.zero(S), c71 = FloatVector.zero(S), c72 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            int bp = p * 3 * VL;
            FloatVector b0 = FloatVector.fromArray(S, b, bp);
            FloatVector b1 = FloatVector.fromArray(S, b, bp + VL);
            FloatVector b2 = FloatVector.fromArray(S, b, bp + 2 * VL);
            int ap = p * 8 * VL;
            FloatVector av = FloatVector.fromArray(S, a, ap);
            c00 = av.fma(b0, c00); c01 = av.fma(b1, c01); c02 = av.fma(b2, c02);
            av = FloatVector.fromArray(S, a, ap + VL);
            c10 = av.fma(b0, c10); c11 = av.fma(b1, c11); c12 = av.fma(b2, c12);
            av = FloatVector.fromArray(S, a, ap + 2 * VL);
            c20 = av.fma(b0, c20); c21 = av.fma(b1, c21); c22 = av.fma(b2, c22);
            av = FloatVector.fromArray(S, a, ap + 3 * VL);
            c30 = av.fma(b0, c30); c31 = av.fma(b1, c31); c32 = av.fma(b2, c32);
            av = FloatVector.fromArray(S, a, ap + 4 * VL);
            c40 = av.fma(b0, c40); c41 = av.fma(b1, c41); c42 = av.fma(b2, c42);
            av = FloatVector.fromArray(S, a, ap + 5 * VL);
            c50 = av.fma(b0, c50); c51 = av.fma(b1, c51); c52 = av.fma(b2, c52);
            av = FloatVector.fromArray(S, a, ap + 6 * VL);
            c60 = av.fma(b0, c60); c61 = av.fma(b1, c61); c62 = av.fma(b2, c62);
            av = FloatVector.fromArray(S, a, ap + 7 * VL);
            c70 = av.fma(b0, c70); c71 = av.fma(b1, c71); c72 = av.fma(b2, c72);
        }
        int n = 3 * VL;
        c00.intoArray(c, 0); c01.intoArray(c, VL); c02.intoArray(c, 2 * VL);
        c10.intoArray(c, n); c11.intoArray(c, n + VL); c12.intoArray(c, n + 2 * VL);
        c20.intoArray(c, 2 * n); c21.intoArray(c, 2 * n + VL); c22.intoArray(c, 2 * n + 2 * VL);
        c30.intoArray(c, 3 * n); c31.intoArray(c, 3 * n + VL); c32.intoArray(c, 3 * n + 2 * VL);
        c40.intoArray(c, 4 * n); c41.intoArray(c, 4 * n + VL); c42.intoArray(c, 4 * n + 2 * VL);
        c50.intoArray(c, 5 * n); c51.intoArray(c, 5 * n + VL); c52.intoArray(c, 5 * n + 2 * VL);
        c60.intoArray(c, 6 * n); c61.intoArray(c, 6 * n + VL); c62.intoArray(c, 6 * n + 2 * VL);
        c70.intoArray(c, 7 * n); c71.intoArray(c, 7 * n + VL); c72.intoArray(c, 7 * n + 2 * VL);
    }

    /**
     * (e) Extra: (a) with the operand addressing of VectorMicroKernel.tile8x3Store copied — A element
     * (r, p) at a[aOff + r·rs + p·ks] with rs, ks unknown to the JIT (here rs = 1, ks = 8, the packed
     * layout of (a)), B at b[bOff + p·3·VL]. Same data and arithmetic as (a); only the indexing differs.
     */
    static void k8x3Strided(int kc, float[] a, int aOff, int rs, int ks, float[] b, int bOff, float[] c) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S), c02 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S), c12 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S), c22 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S), c32 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S), c42 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S), c52 = FloatVector.zero(S);
        FloatVector c60 = FloatVector.zero(S), c61 = FloatVector.zero(S), c62 = FloatVector.zero(S);
        FloatVector c70 = FloatVector.zero(S), c71 = FloatVector.zero(S), c72 = FloatVector.zero(S);
        int a0 = aOff;
        int a1 = a0 + rs;
        int a2 = a1 + rs;
        int a3 = a2 + rs;
        int a4 = a3 + rs;
        int a5 = a4 + rs;
        int a6 = a5 + rs;
        int a7 = a6 + rs;
        for (int p = 0; p < kc; p++) {
            int bp = bOff + p * 3 * VL;
            FloatVector b0 = FloatVector.fromArray(S, b, bp);
            FloatVector b1 = FloatVector.fromArray(S, b, bp + VL);
            FloatVector b2 = FloatVector.fromArray(S, b, bp + 2 * VL);
            int ap = p * ks;
            FloatVector av = FloatVector.broadcast(S, a[a0 + ap]);
            c00 = av.fma(b0, c00); c01 = av.fma(b1, c01); c02 = av.fma(b2, c02);
            av = FloatVector.broadcast(S, a[a1 + ap]);
            c10 = av.fma(b0, c10); c11 = av.fma(b1, c11); c12 = av.fma(b2, c12);
            av = FloatVector.broadcast(S, a[a2 + ap]);
            c20 = av.fma(b0, c20); c21 = av.fma(b1, c21); c22 = av.fma(b2, c22);
            av = FloatVector.broadcast(S, a[a3 + ap]);
            c30 = av.fma(b0, c30); c31 = av.fma(b1, c31); c32 = av.fma(b2, c32);
            av = FloatVector.broadcast(S, a[a4 + ap]);
            c40 = av.fma(b0, c40); c41 = av.fma(b1, c41); c42 = av.fma(b2, c42);
            av = FloatVector.broadcast(S, a[a5 + ap]);
            c50 = av.fma(b0, c50); c51 = av.fma(b1, c51); c52 = av.fma(b2, c52);
            av = FloatVector.broadcast(S, a[a6 + ap]);
            c60 = av.fma(b0, c60); c61 = av.fma(b1, c61); c62 = av.fma(b2, c62);
            av = FloatVector.broadcast(S, a[a7 + ap]);
            c70 = av.fma(b0, c70); c71 = av.fma(b1, c71); c72 = av.fma(b2, c72);
        }
        int n = 3 * VL;
        c00.intoArray(c, 0); c01.intoArray(c, VL); c02.intoArray(c, 2 * VL);
        c10.intoArray(c, n); c11.intoArray(c, n + VL); c12.intoArray(c, n + 2 * VL);
        c20.intoArray(c, 2 * n); c21.intoArray(c, 2 * n + VL); c22.intoArray(c, 2 * n + 2 * VL);
        c30.intoArray(c, 3 * n); c31.intoArray(c, 3 * n + VL); c32.intoArray(c, 3 * n + 2 * VL);
        c40.intoArray(c, 4 * n); c41.intoArray(c, 4 * n + VL); c42.intoArray(c, 4 * n + 2 * VL);
        c50.intoArray(c, 5 * n); c51.intoArray(c, 5 * n + VL); c52.intoArray(c, 5 * n + 2 * VL);
        c60.intoArray(c, 6 * n); c61.intoArray(c, 6 * n + VL); c62.intoArray(c, 6 * n + 2 * VL);
        c70.intoArray(c, 7 * n); c71.intoArray(c, 7 * n + VL); c72.intoArray(c, 7 * n + 2 * VL);
    }

    /** Row and k strides of (e), in non-final fields so that C2 cannot treat them as constants. */
    static int strideRs = 1;
    static int strideKs = 8;

    /**
     * (p) Extra reference: the 24 accumulators of (a) updated from 3 + 8 vectors held in registers (no
     * loads, no broadcasts in the loop): the FMA ceiling this JIT reaches with this accumulator count.
     * The operands are the first k step of (a)'s data; c = the result after kc such steps.
     */
    static void kPeak(int kc, float[] a, float[] b, float[] c) {
        FloatVector b0 = FloatVector.fromArray(S, b, 0);
        FloatVector b1 = FloatVector.fromArray(S, b, VL);
        FloatVector b2 = FloatVector.fromArray(S, b, 2 * VL);
        FloatVector a0 = FloatVector.broadcast(S, a[0]), a1 = FloatVector.broadcast(S, a[1]);
        FloatVector a2 = FloatVector.broadcast(S, a[2]), a3 = FloatVector.broadcast(S, a[3]);
        FloatVector a4 = FloatVector.broadcast(S, a[4]), a5 = FloatVector.broadcast(S, a[5]);
        FloatVector a6 = FloatVector.broadcast(S, a[6]), a7 = FloatVector.broadcast(S, a[7]);
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S), c02 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S), c12 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S), c22 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S), c32 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S), c42 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S), c52 = FloatVector.zero(S);
        FloatVector c60 = FloatVector.zero(S), c61 = FloatVector.zero(S), c62 = FloatVector.zero(S);
        FloatVector c70 = FloatVector.zero(S), c71 = FloatVector.zero(S), c72 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            c00 = a0.fma(b0, c00); c01 = a0.fma(b1, c01); c02 = a0.fma(b2, c02);
            c10 = a1.fma(b0, c10); c11 = a1.fma(b1, c11); c12 = a1.fma(b2, c12);
            c20 = a2.fma(b0, c20); c21 = a2.fma(b1, c21); c22 = a2.fma(b2, c22);
            c30 = a3.fma(b0, c30); c31 = a3.fma(b1, c31); c32 = a3.fma(b2, c32);
            c40 = a4.fma(b0, c40); c41 = a4.fma(b1, c41); c42 = a4.fma(b2, c42);
            c50 = a5.fma(b0, c50); c51 = a5.fma(b1, c51); c52 = a5.fma(b2, c52);
            c60 = a6.fma(b0, c60); c61 = a6.fma(b1, c61); c62 = a6.fma(b2, c62);
            c70 = a7.fma(b0, c70); c71 = a7.fma(b1, c71); c72 = a7.fma(b2, c72);
        }
        int n = 3 * VL;
        c00.intoArray(c, 0); c01.intoArray(c, VL); c02.intoArray(c, 2 * VL);
        c10.intoArray(c, n); c11.intoArray(c, n + VL); c12.intoArray(c, n + 2 * VL);
        c20.intoArray(c, 2 * n); c21.intoArray(c, 2 * n + VL); c22.intoArray(c, 2 * n + 2 * VL);
        c30.intoArray(c, 3 * n); c31.intoArray(c, 3 * n + VL); c32.intoArray(c, 3 * n + 2 * VL);
        c40.intoArray(c, 4 * n); c41.intoArray(c, 4 * n + VL); c42.intoArray(c, 4 * n + 2 * VL);
        c50.intoArray(c, 5 * n); c51.intoArray(c, 5 * n + VL); c52.intoArray(c, 5 * n + 2 * VL);
        c60.intoArray(c, 6 * n); c61.intoArray(c, 6 * n + VL); c62.intoArray(c, 6 * n + 2 * VL);
        c70.intoArray(c, 7 * n); c71.intoArray(c, 7 * n + VL); c72.intoArray(c, 7 * n + 2 * VL);
    }

    // ---------------------------------------------------------------- variants, packing, reference

    @FunctionalInterface
    interface Kernel {
        void run(int kc, float[] a, float[] b, float[] c);
    }

    /** One tile shape: mr rows, nv vectors; pre = A stored pre-broadcast; peak = register-only loop. */
    record Variant(String name, int mr, int nv, boolean pre, boolean peak, int broadcastsPer24, boolean strided) {
        int nr() {
            return nv * VL;
        }
    }

    /** A packed k-major: a[p·mr + r] (or, pre-broadcast, VL copies of it at (p·mr + r)·VL). */
    static float[] packA(float[][] aFull, int mr, int kc, boolean pre) {
        int rep = pre ? VL : 1;
        float[] a = new float[kc * mr * rep];
        for (int p = 0; p < kc; p++) {
            for (int r = 0; r < mr; r++) {
                for (int l = 0; l < rep; l++) {
                    a[(p * mr + r) * rep + l] = aFull[r][p];
                }
            }
        }
        return a;
    }

    /** B packed: b[p·nr + j]. */
    static float[] packB(float[][] bFull, int nr, int kc) {
        float[] b = new float[kc * nr];
        for (int p = 0; p < kc; p++) {
            for (int j = 0; j < nr; j++) {
                b[p * nr + j] = bFull[p][j];
            }
        }
        return b;
    }

    static void call(Variant v, int kc, float[] a, float[] b, float[] c) {
        // Each variant gets its own call site in its own timing method (see time*), so C2 sees a
        // monomorphic static call it can inline; this switch is only used for the correctness check.
        if (v.peak) {
            kPeak(kc, a, b, c);
        } else if (v.strided) {
            k8x3Strided(kc, a, 0, strideRs, strideKs, b, 0, c);
        } else if (v.pre) {
            k8x3pre(kc, a, b, c);
        } else if (v.mr == 8) {
            k8x3(kc, a, b, c);
        } else if (v.mr == 4) {
            k4x6(kc, a, b, c);
        } else {
            k6x4(kc, a, b, c);
        }
    }

    /** Max |kernel − scalar double reference| over the tile. */
    static double check(Variant v, int kc, float[][] aFull, float[][] bFull) {
        int nr = v.nr();
        float[] a = packA(aFull, v.mr, kc, v.pre);
        float[] b = packB(bFull, nr, kc);
        float[] c = new float[v.mr * nr];
        call(v, kc, a, b, c);
        double err = 0;
        for (int r = 0; r < v.mr; r++) {
            for (int j = 0; j < nr; j++) {
                double ref = 0;
                for (int p = 0; p < kc; p++) {
                    // The register-only reference repeats the first k step kc times.
                    int pp = v.peak ? 0 : p;
                    ref += (double) aFull[r][pp] * bFull[pp][j];
                }
                err = Math.max(err, Math.abs(ref - c[r * nr + j]));
            }
        }
        return err;
    }

    // One timing loop per kernel, so each loop's call is monomorphic and inlinable.
    static long loop8x3(int reps, int kc, float[] a, float[] b, float[] c) {
        long t0 = System.nanoTime();
        for (int i = 0; i < reps; i++) {
            k8x3(kc, a, b, c);
        }
        return System.nanoTime() - t0;
    }

    static long loop4x6(int reps, int kc, float[] a, float[] b, float[] c) {
        long t0 = System.nanoTime();
        for (int i = 0; i < reps; i++) {
            k4x6(kc, a, b, c);
        }
        return System.nanoTime() - t0;
    }

    static long loop6x4(int reps, int kc, float[] a, float[] b, float[] c) {
        long t0 = System.nanoTime();
        for (int i = 0; i < reps; i++) {
            k6x4(kc, a, b, c);
        }
        return System.nanoTime() - t0;
    }

    static long loop8x3pre(int reps, int kc, float[] a, float[] b, float[] c) {
        long t0 = System.nanoTime();
        for (int i = 0; i < reps; i++) {
            k8x3pre(kc, a, b, c);
        }
        return System.nanoTime() - t0;
    }

    static long loop8x3Strided(int reps, int kc, float[] a, int rs, int ks, float[] b, float[] c) {
        long t0 = System.nanoTime();
        for (int i = 0; i < reps; i++) {
            k8x3Strided(kc, a, 0, rs, ks, b, 0, c);
        }
        return System.nanoTime() - t0;
    }

    static long loopPeak(int reps, int kc, float[] a, float[] b, float[] c) {
        long t0 = System.nanoTime();
        for (int i = 0; i < reps; i++) {
            kPeak(kc, a, b, c);
        }
        return System.nanoTime() - t0;
    }

    static long timed(Variant v, int reps, int kc, float[] a, float[] b, float[] c) {
        if (v.peak) {
            return loopPeak(reps, kc, a, b, c);
        } else if (v.strided) {
            return loop8x3Strided(reps, kc, a, strideRs, strideKs, b, c);
        } else if (v.pre) {
            return loop8x3pre(reps, kc, a, b, c);
        } else if (v.mr == 8) {
            return loop8x3(reps, kc, a, b, c);
        } else if (v.mr == 4) {
            return loop4x6(reps, kc, a, b, c);
        }
        return loop6x4(reps, kc, a, b, c);
    }

    /** Warm-up ≥ 3 s, then WINDOWS windows of ~0.5 s; returns GFLOP/s of each window. */
    static double[] measure(Variant v, int kc, float[][] aFull, float[][] bFull) {
        int nr = v.nr();
        float[] a = packA(aFull, v.mr, kc, v.pre);
        float[] b = packB(bFull, nr, kc);
        float[] c = new float[v.mr * nr];
        double flopsPerCall = 2.0 * v.mr * nr * kc;
        int reps = 1000;
        long warmEnd = System.nanoTime() + (long) (WARMUP_S * 1e9);
        while (System.nanoTime() < warmEnd) {
            long ns = timed(v, reps, kc, a, b, c);
            // aim for ~50 ms per batch during warm-up
            reps = (int) Math.max(100, Math.min(50_000_000L, (long) (reps * 5e7 / Math.max(ns, 1))));
        }
        // size a window to ~WINDOW_S
        long ns = timed(v, reps, kc, a, b, c);
        reps = (int) Math.max(100, Math.min(Integer.MAX_VALUE / 2, (long) (reps * WINDOW_S * 1e9 / Math.max(ns, 1))));
        double[] g = new double[WINDOWS];
        for (int w = 0; w < WINDOWS; w++) {
            long t = timed(v, reps, kc, a, b, c);
            g[w] = flopsPerCall * reps / t;
        }
        if (!(c[0] == c[0])) { // keep c observably used
            System.out.println("NaN");
        }
        return g;
    }

    public static void main(String[] args) {
        Locale.setDefault(Locale.ROOT);
        int[] kcs = args.length == 0 ? new int[] {256, 512} : new int[args.length];
        for (int i = 0; i < args.length; i++) {
            kcs[i] = Integer.parseInt(args[i]);
        }
        System.out.printf("# MicroTileExperiment: species %s, %d floats per vector%n", S, VL);
        if (VL != 16) {
            System.out.printf("# NOTE: SPECIES_PREFERRED has %d lanes, not 16: fell back to SPECIES_PREFERRED; "
                    + "the tile shapes below are then not the AVX-512 ones%n", VL);
        }
        System.out.printf("# java %s, %s; warm-up %.0f s, %d windows of ~%.1f s, best window reported%n",
                System.getProperty("java.version"), System.getProperty("java.vm.name"), WARMUP_S, WINDOWS, WINDOW_S);

        Variant[] vs = {
            new Variant("(a) 8x3 broadcast", 8, 3, false, false, 8, false),
            new Variant("(b) 4x6 broadcast", 4, 6, false, false, 4, false),
            new Variant("(c) 6x4 broadcast", 6, 4, false, false, 6, false),
            new Variant("(d) 8x3 pre-broadcast A", 8, 3, true, false, 0, false),
            new Variant("(e) 8x3 bcast, runtime rs/ks", 8, 3, false, false, 8, true),
            new Variant("(p) 8x3 regs only, no loads", 8, 3, false, true, 0, false),
        };

        int maxKc = 0;
        for (int kc : kcs) {
            maxKc = Math.max(maxKc, kc);
        }
        Random rnd = new Random(42);
        float[][] aFull = new float[8][maxKc];
        float[][] bFull = new float[maxKc][6 * VL];
        for (float[] row : aFull) {
            for (int i = 0; i < row.length; i++) {
                row[i] = rnd.nextFloat() * 2 - 1;
            }
        }
        for (float[] row : bFull) {
            for (int i = 0; i < row.length; i++) {
                row[i] = rnd.nextFloat() * 2 - 1;
            }
        }

        // Correctness first, on a small odd kc (before any timing).
        int kcCheck = 37;
        boolean ok = true;
        for (Variant v : vs) {
            double err = check(v, kcCheck, aFull, bFull);
            System.out.printf("# check %-30s kc=%d  max abs err vs scalar reference = %.3g%n", v.name, kcCheck, err);
            if (!(err < 1e-3)) {
                ok = false;
            }
        }
        if (!ok) {
            System.out.println("# CHECK FAILED: not timing");
            System.exit(1);
        }

        for (int kc : kcs) {
            System.out.printf("%n# kc = %d%n", kc);
            System.out.printf("# %-30s %6s %8s %9s %9s %9s  %s%n", "variant", "MRxNR", "bcast/24", "best", "median",
                    "worst", "A+B bytes");
            for (Variant v : vs) {
                double[] g = measure(v, kc, aFull, bFull);
                double[] s = g.clone();
                java.util.Arrays.sort(s);
                long bytes = 4L * kc * (v.mr * (v.pre ? VL : 1) + v.nr());
                System.out.printf("RESULT kc=%d %-30s %2dx%-3d %8d %9.1f %9.1f %9.1f  %d KiB   windows:", kc, v.name,
                        v.mr, v.nr(), v.broadcastsPer24, s[s.length - 1], s[s.length / 2], s[0], bytes / 1024);
                for (double x : g) {
                    System.out.printf(" %.1f", x);
                }
                System.out.println();
            }
        }
    }
}
