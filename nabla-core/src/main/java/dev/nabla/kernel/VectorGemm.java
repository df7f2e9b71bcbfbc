package dev.nabla.kernel;

import static dev.nabla.kernel.VectorMicroKernel.MR;
import static dev.nabla.kernel.VectorMicroKernel.NR;
import static dev.nabla.kernel.VectorMicroKernel.VL;

/**
 * Single-precision GEMM on the Vector API, blocked as in GotoBLAS/BLIS. Only loaded when
 * {@link Kernels#vectorEnabled()}.
 *
 * <p>Loops, outermost first, for the part of C one thread owns:
 * <pre>
 *   (before the split: pack all of op(A) into MR-row panels, K-block by K-block)
 *   pc over K in KC steps                       one K-block: every C element gets one FMA chain
 *     jc over N in NC columns                     B block KC×NC stays in L2
 *       pack op(B)[pc, jc] into NR-wide panels
 *       ic over M in MC rows                      A block MC×KC stays in L2
 *         jr over the B panels, ir over MR rows   micro-kernel: MR×NR tile in registers
 * </pre>
 * Both operands are packed, so the micro-kernel reads A at a stride it knows as a constant (see
 * {@link VectorMicroKernel}). All of op(A) is packed once per call, by all threads together, before C is
 * split: GotoBLAS packs an A block per column block, which with an L2-sized NC (below) would copy A
 * n/NC times, and per thread it would copy it once per thread. The exception is a narrow C whose threads
 * split the rows with all of B in one shared block (the MLPs' X·Wᵀ, N = 100): there each A block is used
 * once, so each thread packs its own just before use and it stays in its L2 rather than going out to
 * memory and back.
 *
 * <p>Threads split C, never K. With enough column vectors for an even split, each thread takes a
 * range of columns (in whole vectors) and packs its own B; otherwise (narrow C, e.g. N = 100) the
 * threads split the rows and share one packed copy of B, packed together in a first parallel region.
 * Either way each C element is computed by the same sequence of operations — K-blocks in order, FMAs
 * in k order within a block — so results are bit-identical for any thread count.
 *
 * <p>Shapes with M = 1 or N = 1 go to {@link VectorGemv}: with one row or column there is nothing to
 * reuse, and packing would only add memory traffic. A narrow A·Bᵀ with a long K (the MLPs' X·Wᵀ) goes
 * to {@link VectorInPlaceGemm}, which reads A where it lies instead of packing it.
 */
final class VectorGemm implements FloatGemm {
    /**
     * Longest K-block. Each tile pays a fixed epilogue (24 vectors into C), so longer is better:
     * whole products gained 5–10% going from 256 to 512 (768 measured the same as 512). The B
     * micro-panel (KC·NR·4 = 96 KiB) then streams from L2, which keeps up. Blocks are evened out, see
     * {@link #kStep}.
     */
    static final int KC = 512;
    /**
     * Rows of A per block: the MC×KC block of A (256 KiB) is re-read from L2 for every B panel. 64 to
     * 256 measured the same; 128 leaves room in the 1 MiB L2 for the B panels. A whole number of
     * micro-tiles (126 with 6-row tiles), so every block starts at a panel of the packed A.
     */
    static final int MC = 128 / MR * MR;
    /**
     * Columns of B per block (6 panels): the packed KC×NC block (576 KiB) and the A block (256 KiB) fit
     * a 1 MiB L2 together. Measured on 2 threads, 192–480 were all 5–10% faster than 3072, whose 6 MiB
     * block per thread had to stream from the shared L3; on 1 thread the two were equal.
     */
    static final int NC = 288;
    /** Below this many FLOPs per thread a parallel region costs more than it saves. */
    private static final double MIN_FLOPS_PER_THREAD = 1e6;
    /** Below this many floats of A per thread, A is packed on the calling thread alone. */
    private static final long MIN_PACK_FLOATS_PER_THREAD = 1 << 15;
    /** Largest shared packed B (floats) for a row split; wider products pack it in column blocks. */
    private static final int SHARED_B_FLOATS = 1 << 22;

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    static FloatGemm create() {
        return new VectorGemm();
    }

    @Override
    public void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
            float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
            float beta, float[] c, int cOff, int ldc) {
        if (m == 1 || n == 1) {
            VectorGemv.gemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            return;
        }
        if (VectorInPlaceGemm.suits(transA, transB, m, n, k, alpha, beta)) {
            VectorInPlaceGemm.multiply(m, n, k, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            return;
        }
        if (!transA && transB && transposedIsCheaper(m, n, k)) {
            multiplyTransposed(m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            return;
        }
        packAndMultiply(transA, m, n, k, alpha, a, aOff, lda, dense(transB, b, bOff, ldb), beta, c, cOff, ldc);
    }

    /**
     * Whether C = A·Bᵀ is cheaper computed as Cᵀ = B·Aᵀ: tiles cover rows in steps of MR and columns in
     * whole vectors, so a C with few columns that fill their last vector badly (the MLPs' X·Wᵀ with
     * N = 100 uses 7 vectors, 112 lanes) wastes less when its rows become the columns. Only for a long K,
     * where the product dwarfs the two transposes of C.
     */
    static boolean transposedIsCheaper(int m, int n, int k) {
        if (k < 256) {
            return false;
        }
        long asIs = (long) roundUp(m) * roundUpToVector(n);
        long swapped = (long) roundUp(n) * roundUpToVector(m);
        return swapped * 20 < asIs * 19;
    }

    private static int roundUpToVector(int cols) {
        return (cols + VL - 1) / VL * VL;
    }

    /**
     * C = beta·C + alpha·A·Bᵀ computed as Cᵀ = B·Aᵀ in this thread's buffer, then transposed into C. Each
     * element is the same FMA chain over the same K-blocks, and the epilogue the same, so the bits do not
     * change.
     */
    private void multiplyTransposed(int m, int n, int k, float alpha, float[] a, int aOff, int lda, float[] b, int bOff,
            int ldb, float beta, float[] c, int cOff, int ldc) {
        float[] ct = SCRATCH.get().transposed(m * n);
        if (beta != 0f) {
            VectorPacking.transpose(c, cOff, ldc, m, n, ct, 0, m);
        }
        packAndMultiply(false, n, m, k, alpha, b, bOff, ldb, dense(true, a, aOff, lda), beta, ct, 0, m);
        VectorPacking.transpose(ct, 0, m, n, m, c, cOff, ldc);
    }

    @Override
    public int packedSize(int m, int k) {
        return roundUp(m) * k;
    }

    @Override
    public void pack(boolean transA, int m, int k, float[] a, int aOff, int lda, float[] dst) {
        packAllOfA(transA, m, k, a, aOff, lda, (int) Math.min(Kernels.threads(), Math.max(1,
                (long) m * k / MIN_PACK_FLOATS_PER_THREAD)), dst);
    }

    /**
     * Panel by panel, all taps of one panel's rows before the next panel, so that those rows of {@code a}
     * (MR·k·taps floats, 147 KiB for a 512-channel 3×3 layer) are read from memory once, not once per tap.
     */
    @Override
    public void packTaps(int m, int k, int taps, float[] a, int aOff, float[][] dst) {
        int mPad = roundUp(m);
        int step = kStep(k);
        int panels = mPad / MR;
        int t = (int) Math.min(Kernels.threads(), Math.max(1, (long) m * k * taps / MIN_PACK_FLOATS_PER_THREAD));
        Parallel.range(panels, Math.max(1, panels / t), (q0, q1) -> {
            for (int q = q0; q < q1; q++) {
                int rows = Math.min(MR, m - q * MR);
                for (int tap = 0; tap < taps; tap++) {
                    for (int pc = 0; pc < k; pc += step) {
                        int kc = Math.min(step, k - pc);
                        VectorPacking.packStrided(a, aOff + tap, k * taps, taps, q * MR, rows, pc, kc, dst[tap],
                                pc * mPad + q * MR * kc);
                    }
                }
            }
        });
    }

    @Override
    public void sgemmPacked(int m, int n, int k, float alpha, float[] packedA, boolean transB, float[] b, int bOff,
            int ldb, float beta, float[] c, int cOff, int ldc) {
        multiply(threadsFor(m, n, k), new Product(m, n, k, alpha, packedA, null, dense(transB, b, bOff, ldb), beta, c, cOff,
                ldc));
    }

    @Override
    public void sgemmPacked(int m, int n, int k, float alpha, float[] packedA, boolean transB, IndexedMatrix b,
            float beta, float[] c, int cOff, int ldc) {
        multiply(threadsFor(m, n, k), new Product(m, n, k, alpha, packedA, null, indexed(transB, b), beta, c, cOff, ldc));
    }

    @Override
    public void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
            IndexedMatrix b, float beta, float[] c, int cOff, int ldc) {
        packAndMultiply(transA, m, n, k, alpha, a, aOff, lda, indexed(transB, b), beta, c, cOff, ldc);
    }

    /**
     * Computes C with A read from {@code a} and B from {@code b}. When the threads will split the rows
     * and all of packed B fits one shared block, each A block is used once, so each thread packs its own
     * blocks just before it multiplies them and they stay in its L2; otherwise all of op(A) is packed
     * first into this thread's shared buffer (see the class comment).
     */
    private void packAndMultiply(boolean transA, int m, int n, int k, float alpha, float[] a, int aOff,
            int lda, PanelSource b, float beta, float[] c, int cOff, int ldc) {
        int t = threadsFor(m, n, k);
        if (splitsRows(t, m, n) && n <= sharedBlockCols(k)) {
            ASource blocks = (i0, rows, p0, kc, dst) -> VectorPacking.packA(transA, a, aOff, lda, i0, rows, p0, kc,
                    dst, 0);
            new Product(m, n, k, alpha, null, blocks, b, beta, c, cOff, ldc).sharedB(t);
            return;
        }
        float[] pa = SCRATCH.get().sharedA(packedSize(m, k));
        packAllOfA(transA, m, k, a, aOff, lda, t, pa);
        multiply(t, new Product(m, n, k, alpha, pa, null, b, beta, c, cOff, ldc));
    }

    /** Packs rows i0…i0+rows, K-block p0…p0+kc of op(A) into micro-panels at {@code dst[0]}. */
    @FunctionalInterface
    private interface ASource {
        void pack(int i0, int rows, int p0, int kc, float[] dst);
    }

    /**
     * Packs a block of op(B), rows p0…p0+kc and columns j0…j0+nc, into micro-panels at
     * {@code dst[dOff + q·panelStride]} (see {@link VectorPacking}).
     */
    @FunctionalInterface
    private interface PanelSource {
        void pack(int p0, int kc, int j0, int nc, float[] dst, int dOff, int panelStride);
    }

    private static PanelSource dense(boolean transB, float[] b, int bOff, int ldb) {
        return (p0, kc, j0, nc, dst, dOff, panelStride) ->
                VectorPacking.packB(transB, b, bOff, ldb, p0, kc, j0, nc, dst, dOff, panelStride);
    }

    private static PanelSource indexed(boolean transB, IndexedMatrix b) {
        return (p0, kc, j0, nc, dst, dOff, panelStride) ->
                VectorPacking.packIndexed(transB, b, p0, kc, j0, nc, dst, dOff, panelStride);
    }

    /** Threads worth using for an m × n × k product. */
    static int threadsFor(int m, int n, int k) {
        return (int) Math.min(Kernels.threads(), Math.max(1, 2.0 * m * n * k / MIN_FLOPS_PER_THREAD));
    }

    /** Splits C over t threads, by columns or by rows, whichever gives the more even load. */
    private static void multiply(int t, Product p) {
        if (splitsRows(t, p.m(), p.n())) {
            p.sharedB(t);
        } else {
            int vectors = (p.n() + VL - 1) / VL;
            // A grain of ⌊n/t⌋ makes Parallel.range cut at least t pieces (never fewer, as ⌈n/t⌉ could).
            Parallel.range(vectors, Math.max(1, vectors / t),
                    (v0, v1) -> p.ownB(v0 * VL, Math.min(p.n(), v1 * VL)));
        }
    }

    /** Whether t threads split an m × n product by rows (sharing packed B) rather than by columns. */
    private static boolean splitsRows(int t, int m, int n) {
        int vectors = (n + VL - 1) / VL;
        int tiles = (m + MR - 1) / MR;
        long loadIfColumns = (long) ((vectors + t - 1) / t) * tiles;
        long loadIfRows = (long) ((tiles + t - 1) / t) * vectors;
        return t > 1 && loadIfColumns > loadIfRows;
    }

    /** Columns of the shared packed B block for a row split, a whole number of panels. */
    private static int sharedBlockCols(int k) {
        return Math.max(NR, SHARED_B_FLOATS / k / NR * NR);
    }

    /**
     * Packs all of op(A) once, split over the threads by micro-panels, into {@code pa}: K-block
     * {@code pc} (see {@link #kStep}) starts at {@code pc·roundUp(m)}, and within it the panel of rows
     * {@code i…} at {@code i·kc}. Every thread then reads the same copy, so A is
     * packed once per call whichever way C is split.
     */
    private static void packAllOfA(boolean transA, int m, int k, float[] a, int aOff, int lda, int t, float[] pa) {
        int mPad = roundUp(m);
        int step = kStep(k);
        int panels = mPad / MR;
        Parallel.Range pack = (q0, q1) -> {
            int rows = Math.min(m, q1 * MR) - q0 * MR;
            for (int pc = 0; pc < k; pc += step) {
                int kc = Math.min(step, k - pc);
                VectorPacking.packA(transA, a, aOff, lda, q0 * MR, rows, pc, kc, pa, pc * mPad + q0 * MR * kc);
            }
        };
        if (t == 1 || (long) m * k < MIN_PACK_FLOATS_PER_THREAD * t) {
            pack.run(0, panels);
        } else {
            Parallel.range(panels, Math.max(1, panels / t), pack);
        }
    }

    /**
     * The arguments of one call, and the loops over its blocks. A is either packed already, all of it in
     * {@code pa} (see {@link #packAllOfA}), or packed block by block from {@code aBlocks} (row splits only).
     */
    private record Product(int m, int n, int k, float alpha, float[] pa, ASource aBlocks, PanelSource b, float beta,
            float[] c, int cOff, int ldc) {

        /** Computes C's columns [n0…n1), packing B block by block into this thread's buffer. */
        void ownB(int n0, int n1) {
            Scratch s = SCRATCH.get();
            int step = kStep(k);
            int mPad = roundUp(m);
            float[] pb = s.b(Math.min(NC, n1 - n0 + NR) * step);
            for (int pc = 0; pc < k; pc += step) {
                int kc = Math.min(step, k - pc);
                for (int jc = n0; jc < n1; jc += NC) {
                    int nc = Math.min(NC, n1 - jc);
                    b.pack(pc, kc, jc, nc, pb, 0, kc * NR);
                    for (int ic = 0; ic < m; ic += MC) {
                        block(s, pa, pc * mPad + ic * kc, ic, Math.min(MC, m - ic), pc, kc, jc, nc, pb, 0,
                                kc * NR);
                    }
                }
            }
        }

        /**
         * Computes all of C with the threads splitting the rows in whole tiles. B is packed once, with
         * all of K per panel, into the caller's buffer, and every thread reads it.
         */
        void sharedB(int t) {
            int tiles = (m + MR - 1) / MR;
            int blockCols = sharedBlockCols(k);
            float[] pb = SCRATCH.get().shared(Math.min(n + NR, blockCols) * k);
            int mPad = roundUp(m);
            for (int jc = 0; jc < n; jc += blockCols) {
                int j0 = jc;
                int nc = Math.min(blockCols, n - jc);
                int panels = (nc + NR - 1) / NR;
                Parallel.range(panels, 1, (q0, q1) -> b.pack(0, k, j0 + q0 * NR, Math.min(nc, q1 * NR) - q0 * NR, pb,
                        q0 * k * NR, k * NR));
                Parallel.range(tiles, Math.max(1, tiles / t), (t0, t1) -> {
                    Scratch s = SCRATCH.get();
                    int m0 = t0 * MR;
                    int m1 = Math.min(m, t1 * MR);
                    int step = kStep(k);
                    for (int pc = 0; pc < k; pc += step) {
                        int kc = Math.min(step, k - pc);
                        for (int ic = m0; ic < m1; ic += MC) {
                            int mc = Math.min(MC, m1 - ic);
                            if (pa != null) {
                                block(s, pa, pc * mPad + ic * kc, ic, mc, pc, kc, j0, nc, pb, pc, k * NR);
                            } else {
                                float[] blockA = s.a(roundUp(mc) * kc);
                                aBlocks.pack(ic, mc, pc, kc, blockA);
                                block(s, blockA, 0, ic, mc, pc, kc, j0, nc, pb, pc, k * NR);
                            }
                        }
                    }
                });
            }
        }

        /**
         * One A block (rows ic…ic+mc, K-block pc…pc+kc, packed from {@code packedA[paOff]}) times the packed B
         * panels of columns jc…jc+nc: panel q starts at {@code pb[q·panelStride]}, and this K-block at
         * row {@code pbRow} of it.
         */
        private void block(Scratch s, float[] packedA, int paOff, int ic, int mc, int pc, int kc, int jc, int nc,
                float[] pb, int pbRow, int panelStride) {
            int c0 = cOff + ic * ldc + jc;
            float beta1 = pc == 0 ? beta : 1f;
            for (int jr = 0; jr < nc; jr += NR) {
                int cols = Math.min(NR, nc - jr);
                int width = (cols + VL - 1) / VL * VL;
                int bp = (jr / NR) * panelStride + pbRow * width;
                for (int ir = 0; ir < mc; ir += MR) {
                    VectorMicroKernel.tile(kc, packedA, paOff + ir * kc, pb, bp, c, c0 + ir * ldc + jr, ldc,
                            Math.min(MR, mc - ir), cols, alpha, beta1, s.spill);
                }
            }
        }
    }

    /** Rows rounded up to whole micro-panels. */
    private static int roundUp(int rows) {
        return (rows + MR - 1) / MR * MR;
    }

    /**
     * The K-block length for a given K: at most KC, with all blocks of (nearly) equal length, since a
     * short last block (e.g. 576 = 512 + 64) runs the kernel at poor efficiency. It depends on K
     * alone, which keeps the summation order independent of the thread count.
     */
    static int kStep(int k) {
        int blocks = (k + KC - 1) / KC;
        return (k + blocks - 1) / blocks;
    }

    /** Per-thread buffers, grown on demand and kept: GEMM allocates nothing in steady state. */
    private static final class Scratch {
        final float[] spill = new float[MR * NR];
        /** A thread's own A block and B block, the caller's shared packed A and B, and a transposed C. */
        private float[] a = new float[0];
        private float[] b = new float[0];
        private float[] sharedA = new float[0];
        private float[] shared = new float[0];
        private float[] transposed = new float[0];

        float[] a(int size) {
            return a = atLeast(a, size);
        }

        float[] b(int size) {
            return b = atLeast(b, size);
        }

        float[] sharedA(int size) {
            return sharedA = atLeast(sharedA, size);
        }

        float[] shared(int size) {
            return shared = atLeast(shared, size);
        }

        float[] transposed(int size) {
            return transposed = atLeast(transposed, size);
        }
    }

    /** {@code buffer}, or a new one when it holds fewer than {@code size} floats (the kernels' scratch). */
    static float[] atLeast(float[] buffer, int size) {
        return buffer.length < size ? new float[size] : buffer;
    }
}
