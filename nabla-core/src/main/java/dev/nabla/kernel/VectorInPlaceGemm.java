package dev.nabla.kernel;

import static dev.nabla.kernel.VectorInPlaceKernel.ROWS;
import static dev.nabla.kernel.VectorMicroKernel.MR;
import static dev.nabla.kernel.VectorMicroKernel.NR;
import static dev.nabla.kernel.VectorMicroKernel.NV;
import static dev.nabla.kernel.VectorMicroKernel.VL;

import java.util.Arrays;

/**
 * C = A·Bᵀ (+ C) for a narrow C and a long K, the MLPs' X·Wᵀ (1000 × 100 × 3072 in inference), with A
 * read in place rather than packed. Used by {@link VectorGemm} when {@link #suits} says so.
 *
 * <p>Why. Packing A is a transpose: for X·Wᵀ with N = 100 it took a fifth of the product's time (0.72 ms
 * of a thread's 6.5 ms at 1000 × 100 × 3072), and each packed panel was then used by only
 * three tiles. Here the tiles read A's rows where they are ({@link VectorInPlaceKernel}), and only B
 * (W, 1.2 MiB for 3072 × 100) is packed, once per call, by all threads together.
 *
 * <p>Columns. Whole vectors of columns go through the tiles, with the same FMA chains and epilogues as
 * the packed path, so they have its bits. The last {@code n mod VL} columns (4 of the MLPs' 100) would
 * waste most of a vector's lanes, so they are dot products along k ({@link VectorDotKernel}), whose
 * order of summation is fixed but not the tiles'.
 *
 * <p>Loops: K-blocks of {@link VectorGemm#kStep} outermost (the B block, KC × N, stays in L2), then
 * this thread's 8-row tiles (the tile's A rows, 8 × KC, stay in L1 for all its columns). Threads split
 * the tiles, so every element is computed by one thread in the same order whatever the split: results
 * are bit-identical for any thread count. A last tile of fewer than 8 rows is copied into a zero-padded
 * buffer and computed by the same kernels, so a row's bits do not depend on where it sits in A either.
 */
final class VectorInPlaceGemm {
    /** Shortest K worth it: below, packing A costs little, and the dot products' lane sums weigh more. */
    static final int MIN_K = 256;
    /** Widest C: beyond three tiles of columns, packing A is a small part of the product. */
    static final int MAX_N = 3 * NR;

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private VectorInPlaceGemm() {}

    /**
     * Whether C = op(A)·op(B)·alpha + beta·C should be computed here: A not transposed (its rows
     * contiguous in k) and B transposed (so are B's rows, for the dot products), alpha = 1 and beta 0 or
     * 1 (the layers' products), at least one whole tile of rows, a long K and a narrow C; and the
     * AVX-512 tile shape, the only one this was measured on.
     */
    static boolean suits(boolean transA, boolean transB, int m, int n, int k, float alpha, float beta) {
        return MR == ROWS && NV == 3 && !transA && transB && alpha == 1f && (beta == 0f || beta == 1f)
                && m >= ROWS && k >= MIN_K && n <= MAX_N;
    }

    /** C = A·Bᵀ (beta = 0) or C + A·Bᵀ (beta = 1); see {@link #suits}. */
    static void multiply(int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
            float beta, float[] c, int cOff, int ldc) {
        int whole = n / VL * VL;
        int panels = (whole + NR - 1) / NR;
        float[] pb = SCRATCH.get().packed(panels * k * NR);
        Parallel.range(panels, 1, (q0, q1) -> VectorPacking.packB(true, b, bOff, ldb, 0, k, q0 * NR,
                Math.min(whole, q1 * NR) - q0 * NR, pb, q0 * k * NR, k * NR));
        int tiles = (m + ROWS - 1) / ROWS;
        int t = VectorGemm.threadsFor(m, n, k);
        Product p = new Product(m, n, k, a, aOff, lda, b, bOff, ldb, pb, whole, beta == 1f, c, cOff, ldc);
        Parallel.range(tiles, Math.max(1, tiles / t), p::tiles);
    }

    /** One call's operands: B's whole-vector columns packed in {@code pb}, panel q at {@code q·k·NR}. */
    private record Product(int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
            float[] pb, int whole, boolean addToC, float[] c, int cOff, int ldc) {

        /** Computes the rows of tiles [t0, t1), K-block by K-block. */
        void tiles(int t0, int t1) {
            Scratch s = SCRATCH.get();
            int full = Math.min(t1, m / ROWS);
            boolean edge = t1 > full;
            float[] edgeC = null;
            float[] edgeA = null;
            if (edge) {
                edgeA = s.edgeA(ROWS * k);
                edgeC = s.edgeC(ROWS * n);
                copyEdge(edgeA, edgeC);
            }
            int step = VectorGemm.kStep(k);
            for (int pc = 0; pc < k; pc += step) {
                int kc = Math.min(step, k - pc);
                boolean add = pc > 0 || addToC;
                for (int tile = t0; tile < full; tile++) {
                    int i = tile * ROWS;
                    tile(a, aOff + i * lda, lda, pc, kc, c, cOff + i * ldc, ldc, add, s.lanes);
                }
                if (edge) {
                    tile(edgeA, 0, k, pc, kc, edgeC, 0, n, add, s.lanes);
                }
            }
            if (edge) {
                int i0 = full * ROWS;
                for (int r = 0; r < m - i0; r++) {
                    System.arraycopy(edgeC, r * n, c, cOff + (i0 + r) * ldc, n);
                }
            }
        }

        /**
         * One 8-row tile of C at {@code cc[c0]}, K-block pc…pc+kc, from A's rows at {@code aa[a0]}: the
         * whole-vector columns through the tiles, the rest as dot products.
         */
        private void tile(float[] aa, int a0, int ld, int pc, int kc, float[] cc, int c0, int ldcc, boolean add,
                float[] lanes) {
            for (int jr = 0; jr < whole; jr += NR) {
                int nv = Math.min(NR, whole - jr) / VL;
                VectorInPlaceKernel.tile(nv, kc, aa, a0 + pc, ld, pb, (jr / NR) * k * NR + pc * nv * VL, cc,
                        c0 + jr, ldcc, add);
            }
            for (int r = 0; r < ROWS; r += 4) {
                int ar = a0 + r * ld;
                int cr = c0 + r * ldcc;
                int j = whole;
                for (; j + 4 <= n; j += 4) {
                    VectorDotKernel.dot4x4(pc, kc, aa, ar, ld, b, bOff + j * ldb, ldb, cc, cr + j, ldcc, add, lanes);
                }
                for (; j < n; j++) {
                    VectorDotKernel.dot4x1(pc, kc, aa, ar, ld, b, bOff + j * ldb, cc, cr + j, ldcc, add, lanes);
                }
            }
        }

        /** Copies the last rows of A (zero-padded to 8) and, when adding to C, of C into the edge buffers. */
        private void copyEdge(float[] edgeA, float[] edgeC) {
            int i0 = m / ROWS * ROWS;
            Arrays.fill(edgeA, 0f);
            Arrays.fill(edgeC, 0f);
            for (int r = 0; r < m - i0; r++) {
                System.arraycopy(a, aOff + (i0 + r) * lda, edgeA, r * k, k);
                if (addToC) {
                    System.arraycopy(c, cOff + (i0 + r) * ldc, edgeC, r * n, n);
                }
            }
        }
    }

    /** Per-thread buffers, grown on demand and kept. */
    private static final class Scratch {
        final float[] lanes = new float[VectorDotKernel.SCRATCH];
        private float[] packed = new float[0];
        private float[] edgeA = new float[0];
        private float[] edgeC = new float[0];

        float[] packed(int size) {
            return packed = VectorGemm.atLeast(packed, size);
        }

        float[] edgeA(int size) {
            return edgeA = VectorGemm.atLeast(edgeA, size);
        }

        float[] edgeC(int size) {
            return edgeC = VectorGemm.atLeast(edgeC, size);
        }
    }
}
