package dev.nabla.kernel;

import static dev.nabla.kernel.VectorMicroKernel.MR;
import static dev.nabla.kernel.VectorMicroKernel.NR;
import static dev.nabla.kernel.VectorMicroKernel.VL;

/**
 * Single-precision GEMM on the Vector API, blocked as in GotoBLAS/BLIS. Only loaded when
 * {@link Kernels#vectorEnabled()}.
 */
final class VectorGemm implements FloatGemm {
    static FloatGemm create() {
        return new VectorGemm();
    }

    static final int KC = Integer.getInteger("nabla.kc", 256);
    static final int MC = Integer.getInteger("nabla.mc", 128) / MR * MR;
    static final int NC = Integer.getInteger("nabla.nc", 3072) / NR * NR;
    static final boolean PACK_A = Boolean.getBoolean("nabla.packA");

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    @Override
    public void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
            float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
            float beta, float[] c, int cOff, int ldc) {
        int vectors = (n + VL - 1) / VL;
        int tiles = (m + MR - 1) / MR;
        double flops = 2.0 * m * n * k;
        int t = (int) Math.max(1, Math.min(Kernels.threads(), flops / 2e6));
        boolean splitN = vectors >= tiles || vectors % t == 0;
        if (splitN) {
            Parallel.range(vectors, Math.max(1, vectors / t), (v0, v1) -> block(transA, transB, 0, m, v0 * VL,
                    Math.min(n, v1 * VL), k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc));
        } else {
            Parallel.range(tiles, Math.max(1, tiles / t), (t0, t1) -> block(transA, transB, t0 * MR,
                    Math.min(m, t1 * MR), 0, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc));
        }
    }

    private static void block(boolean transA, boolean transB, int m0, int m1, int n0, int n1, int k,
            float alpha, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
            float beta, float[] c, int cOff, int ldc) {
        Scratch s = SCRATCH.get();
        float[] pa = s.a(MC * KC);
        float[] spill = s.spill;
        float[] pb = s.b(Math.min(NC, n1 - n0 + NR) * KC);
        for (int jc = n0; jc < n1; jc += NC) {
            int nc = Math.min(NC, n1 - jc);
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                float betaBlock = pc == 0 ? beta : 1f;
                VectorPacking.packB(transB, b, bOff, ldb, pc, kc, jc, nc, pb, 0, kc * NR);
                for (int ic = m0; ic < m1; ic += MC) {
                    int mc = Math.min(MC, m1 - ic);
                    if (PACK_A) {
                        VectorPacking.packA(transA, a, aOff, lda, ic, mc, pc, kc, pa);
                    } else if (mc % MR != 0) {
                        int last = mc / MR * MR;
                        VectorPacking.packA(transA, a, aOff, lda, ic + last, mc - last, pc, kc, pa);
                    }
                    int c0 = cOff + ic * ldc + jc;
                    for (int jr = 0; jr < nc; jr += NR) {
                        int cols = Math.min(NR, nc - jr);
                        for (int ir = 0; ir < mc; ir += MR) {
                            int rows = Math.min(MR, mc - ir);
                            if (PACK_A) {
                                VectorMicroKernel.tile(kc, pa, ir * kc, 1, MR, pb, jr * kc, c, c0 + ir * ldc + jr, ldc,
                                        rows, cols, alpha, betaBlock, spill);
                            } else if (rows < MR) {
                                VectorMicroKernel.tile(kc, pa, 0, 1, MR, pb, jr * kc, c, c0 + ir * ldc + jr, ldc,
                                        rows, cols, alpha, betaBlock, spill);
                            } else if (transA) {
                                VectorMicroKernel.tile(kc, a, aOff + pc * lda + ic + ir, 1, lda, pb, jr * kc, c,
                                        c0 + ir * ldc + jr, ldc, rows, cols, alpha, betaBlock, spill);
                            } else {
                                VectorMicroKernel.tile(kc, a, aOff + (ic + ir) * lda + pc, lda, 1, pb, jr * kc, c,
                                        c0 + ir * ldc + jr, ldc, rows, cols, alpha, betaBlock, spill);
                            }
                        }
                    }
                }
            }
        }
    }

    /** Per-thread packing buffers, grown on demand and kept: GEMM allocates nothing in steady state. */
    private static final class Scratch {
        private float[] a = new float[0];
        private float[] b = new float[0];
        final float[] spill = new float[MR * NR];

        float[] a(int size) {
            if (a.length < size) {
                a = new float[size];
            }
            return a;
        }

        float[] b(int size) {
            if (b.length < size) {
                b = new float[size];
            }
            return b;
        }
    }
}
