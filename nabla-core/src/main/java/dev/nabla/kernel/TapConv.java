package dev.nabla.kernel;

import java.util.Arrays;

/**
 * A convolution's forward product on small planes as one product per window tap, over only the output
 * pixels where that tap reads the input rather than the padding.
 *
 * <p>With a 3×3 window and padding 1, much of a small plane's column matrix is padding: 5/9 of its
 * cells on a 2×2 plane, 31 % on 4×4, 16 % on 8×8; and {@code Y = W·col} multiplies those zeros like any
 * other number. Split by tap t = (i, j) instead:
 * <pre>
 *   Y[:, V_t] += W_t · X_t      W_t [C_out, C_in] = W[:, :, i, j]
 *                               X_t [C_in, V_t]   = the input cells that tap t of the pixels V_t reads
 * </pre>
 * where V_t are the chunk's pixels whose tap t lies inside the input ({@link Window2d#validPixels}). Each
 * product reads its X_t in place from the chunk's padded copy through the column matrix's offset tables
 * ({@link Im2col#matrix}), as the whole-window product does. Taps whose V_t is every pixel (the centre)
 * write Y directly; the others write a scratch block, which is then added into Y's columns. Y is summed
 * tap by tap in index order, full taps first, so the result is the same for any thread count; it is
 * not the bits of the whole-window product, whose single FMA chain runs over all of K.
 *
 * <p>Each tap's weights are packed for the GEMM once per call, straight from W ({@link Gemm#packTaps}):
 * 1× W in all, read once, as the whole-window product packs W once. (Laying W out tap-major first and
 * packing each tap from there cost 3.6 ms against 1.2 for the whole-window pack on a 512-channel layer.)
 *
 * <p>Measured on 5 Dec 2026 (2 threads, one JVM alternating both paths, median of 8 rounds' medians, on a
 * noisy host; bench/README.md): the forward at batch 32 on 2×2 512→512 9.7 → 8.7 ms, on 4×4 512→512
 * 19.0 → 17.0, on 4×4 256→512 9.7 → 9.5; at batch 256, 2×2 26.6 → 22.6 and 4×4 74.5 → 65.6. On 8×8
 * (256→256, 84 % inside) it was slower, 15.4 → 18.0, hence {@link #MAX_INSIDE}. The products alone
 * save less than the FLOPs (2×2: 4.5 → 3.0 ms for 55 % fewer): K = C_in per product, narrow products
 * of 32 to 128 columns at batch 32, and the scratch blocks added into Y.
 */
final class TapConv {
    /**
     * Geometries where at most this fraction of the window's cells is inside the input take this path.
     * The seeds' 8×8, 4×4 and 2×2 layers have 84 %, 69 % and 44 %; where (nearly) every cell is inside,
     * nine products of K = C_in are slower than one of K = 9·C_in.
     */
    static final double MAX_INSIDE = 0.75;

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /** Channels below this many cells of work are not worth a task of their own. */
    private static final int GRAIN_CELLS = 1 << 14;

    private TapConv() {}

    /** True when this geometry's forward product runs tap by tap (see {@link #MAX_INSIDE}). */
    static boolean suits(Window2d g) {
        long inside = 0;
        for (int[] pixels : g.validPixels()) {
            inside += pixels.length;
        }
        return inside <= MAX_INSIDE * g.windowSize() * g.outPlane();
    }

    /** W's taps, each [C_out, C_in] packed for the GEMM, and the pixels where each is inside. Refilled per call. */
    static final class Weights {
        private PackedA[] taps;
        private int[][] valid;
        private int cIn;

        /** Refills this from W [C_out, C_in, kh, kw] at {@code wOff}, for geometry g. */
        Weights pack(Window2d g, int cOut, float[] w, int wOff) {
            cIn = g.channels();
            valid = g.validPixels();
            taps = Gemm.packTaps(cOut, cIn, g.windowSize(), w, wOff, taps);
            return this;
        }
    }

    /**
     * out [C_out, count·P] = W·col for one chunk of {@code count} images, col being the chunk's column
     * matrix as {@link Im2col#matrix} describes it (row c·kh·kw + t, column i·P + p). Every element of
     * out's first C_out·count·P is written.
     */
    static void product(Window2d g, int cOut, Weights w, IndexedMatrix col, int count, float[] out) {
        int p = g.outPlane();
        int cols = count * p;
        int kk = g.windowSize();
        int in = w.cIn;
        Scratch s = SCRATCH.get();
        int[] rows = s.rows(in);
        boolean written = false;
        for (int t = 0; t < kk; t++) {
            if (w.valid[t].length == p) {
                tapRows(col, t, kk, in, rows);
                Gemm.sgemm(w.taps[t], false, cols, 1f, new IndexedMatrix(col.data, rows, in, col.colOffsets, cols),
                        written ? 1f : 0f, out, 0, cols);
                written = true;
            }
        }
        if (!written) {
            Arrays.fill(out, 0, cOut * cols, 0f);
        }
        for (int t = 0; t < kk; t++) {
            int[] pixels = w.valid[t];
            if (pixels.length == p || pixels.length == 0) {
                continue;
            }
            int v = pixels.length;
            int n = count * v;
            int[] colTable = s.cols(n);
            for (int i = 0; i < count; i++) {
                for (int j = 0; j < v; j++) {
                    colTable[i * v + j] = col.colOffsets[i * p + pixels[j]];
                }
            }
            tapRows(col, t, kk, in, rows);
            float[] part = s.part(cOut * n);
            Gemm.sgemm(w.taps[t], false, n, 1f, new IndexedMatrix(col.data, rows, in, colTable, n), 0f, part, 0, n);
            Parallel.range(cOut, Math.max(1, GRAIN_CELLS / n), (o0, o1) -> {
                for (int o = o0; o < o1; o++) {
                    for (int i = 0; i < count; i++) {
                        int dst = o * cols + i * p;
                        int src = o * n + i * v;
                        for (int j = 0; j < v; j++) {
                            out[dst + pixels[j]] += part[src + j];
                        }
                    }
                }
            });
        }
    }

    /** rows[c] = the offset of row (c, t) of the column matrix. */
    private static void tapRows(IndexedMatrix col, int t, int kk, int in, int[] rows) {
        for (int c = 0; c < in; c++) {
            rows[c] = col.rowOffsets[c * kk + t];
        }
    }

    /** The calling thread's tables and partial product, grown on demand and kept. */
    private static final class Scratch {
        private int[] rows = new int[0];
        private int[] cols = new int[0];
        private float[] part = new float[0];

        int[] rows(int n) {
            if (rows.length < n) {
                rows = new int[n];
            }
            return rows;
        }

        int[] cols(int n) {
            if (cols.length < n) {
                cols = new int[n];
            }
            return cols;
        }

        float[] part(int n) {
            if (part.length < n) {
                part = new float[n];
            }
            return part;
        }
    }
}
