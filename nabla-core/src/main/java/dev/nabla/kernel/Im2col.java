package dev.nabla.kernel;

import java.util.Arrays;
import java.util.function.Supplier;

/**
 * Unfolds sliding windows into a column matrix (im2col) and folds gradients back (col2im), so that a
 * convolution becomes one matrix product.
 *
 * <p>Layout, for images [n0, n0 + count) of an NCHW input x [N, C, H, W] and the geometry in
 * {@link Window2d}: col is [C·kh·kw, count·P] (row stride {@code ldCol}), P = H_out·W_out, where row
 * c·kh·kw + t (window cell t = i·kw + j) and column (n − n0)·P + p (output pixel p = oh·W_out + ow)
 * holds x[n, c, oh·sh − ph + i, ow·sw − pw + j], or 0 where that cell is padding. The rows line up with
 * the weight [C_out, C·kh·kw] and the columns with the output pixels.
 *
 * <p>Two ways to fill a plane's kh·kw rows, chosen by the geometry alone:
 * <ul>
 *   <li>In general, the plane is copied into a zero-bordered padded plane and every cell is a table
 *       lookup ({@link Window2d#tapOffsets()} + {@link Window2d#pixelOffsets()}): no bounds checks and
 *       no branches, which matters for the 4×4 and 2×2 planes of late layers.</li>
 *   <li>When the output has the input's size at stride 1 (the 3×3, padding 1 convolutions of VGG-like
 *       networks) and planes are large, window cell (i, j) reads the whole plane shifted by
 *       (i − ph, j − pw), so each row is one block copy, and the cells that fall off an edge are zeroed
 *       afterwards.</li>
 * </ul>
 *
 * <p>A convolution may also read the matrix in place instead ({@link #implicit}, {@link #pad},
 * {@link #matrix}): the same cells, through offset tables into zero-bordered copies of the input planes.
 *
 * <p>Both directions are split over the (image, channel) planes: plane (n, c) owns rows c·kh·kw … of
 * image n's columns, and col2im's sums into x[n, c] stay inside that plane's task, in window-cell order.
 * So no two tasks touch the same element and results do not depend on the number of threads.
 */
public final class Im2col {
    /** Output planes at least this large use block copies when the geometry allows them. */
    static final int BLOCK_MIN_PIXELS = 256;

    private Im2col() {}

    /** Fills col (see the class comment) from images [n0, n0 + count) of x, which starts at {@code xOff}. */
    public static void im2col(Window2d g, float[] x, int xOff, int n0, int count, float[] col, int ldCol) {
        int kk = g.windowSize();
        int p = g.outPlane();
        if (blocks(g)) {
            forEachPlane(g, xOff, n0, count, ldCol, () -> null, (none, image, ch, xPlane) ->
                    blockIm2col(g, x, xPlane, col, ch * kk * ldCol + image * p, ldCol));
            return;
        }
        int[] taps = g.tapOffsets();
        int[] pixels = g.pixelOffsets();
        forEachPlane(g, xOff, n0, count, ldCol, () -> new float[g.paddedH() * g.paddedW()],
                (pad, image, ch, xPlane) -> {
                    g.pad(x, xPlane, pad);
                    for (int t = 0; t < kk; t++) {
                        int d = (ch * kk + t) * ldCol + image * p;
                        int s = taps[t];
                        for (int q = 0; q < p; q++) {
                            col[d + q] = pad[s + pixels[q]];
                        }
                    }
                });
    }

    /** {@link #im2col(Window2d, float[], int, int, int, float[], int)} in double precision. */
    public static void im2col(Window2d g, double[] x, int xOff, int n0, int count, double[] col, int ldCol) {
        int kk = g.windowSize();
        int p = g.outPlane();
        int[] taps = g.tapOffsets();
        int[] pixels = g.pixelOffsets();
        forEachPlane(g, xOff, n0, count, ldCol, () -> new double[g.paddedH() * g.paddedW()],
                (pad, image, ch, xPlane) -> {
                    g.pad(x, xPlane, pad);
                    for (int c = 0; c < kk * p; c++) {
                        col[(ch * kk + c / p) * ldCol + image * p + c % p] = pad[taps[c / p] + pixels[c % p]];
                    }
                });
    }

    /**
     * The adjoint of im2col: adds every column-matrix cell into the input cell it was copied from
     * ({@code dx += col2im(col)}); padding cells are dropped. dx starts at {@code dxOff}. col is used as
     * scratch: the cells that read padding may be overwritten with zeros.
     */
    public static void col2im(Window2d g, float[] col, int ldCol, int n0, int count, float[] dx, int dxOff) {
        int kk = g.windowSize();
        int p = g.outPlane();
        if (blocks(g)) {
            forEachPlane(g, dxOff, n0, count, ldCol, () -> null, (none, image, ch, xPlane) ->
                    blockCol2im(g, col, ch * kk * ldCol + image * p, ldCol, dx, xPlane));
            return;
        }
        int[] taps = g.tapOffsets();
        int[] pixels = g.pixelOffsets();
        forEachPlane(g, dxOff, n0, count, ldCol, () -> new float[g.paddedH() * g.paddedW()],
                (pad, image, ch, xPlane) -> {
                    Arrays.fill(pad, 0f);
                    for (int t = 0; t < kk; t++) {
                        int d = (ch * kk + t) * ldCol + image * p;
                        int s = taps[t];
                        for (int q = 0; q < p; q++) {
                            pad[s + pixels[q]] += col[d + q];
                        }
                    }
                    addInterior(g, pad, dx, xPlane);
                });
    }

    /**
     * {@link #col2im} from the transpose of the column matrix: colᵀ [count·P, C·kh·kw], row i·P + p at
     * {@code colT[(i·P + p)·ld]}, the layout of an input gradient computed as dYᵀ·W. The cells are added
     * in the same order as {@link #col2im} adds them, so dx gets the same bits. colT is not modified.
     */
    public static void col2imTransposed(Window2d g, float[] colT, int ld, int n0, int count, float[] dx, int dxOff) {
        int kk = g.windowSize();
        int p = g.outPlane();
        if ((long) count * p * ld > Integer.MAX_VALUE || ld < g.channels() * kk) {
            throw new IllegalArgumentException("col2im: transposed column matrix [" + count * p + " x " + ld
                    + "] cannot hold " + count + " images of " + g);
        }
        int[] taps = g.tapOffsets();
        int[] pixels = g.pixelOffsets();
        g.forEachPlane(count, kk * p, () -> new float[g.paddedH() * g.paddedW()], (pad, image, ch) -> {
            Arrays.fill(pad, 0f);
            for (int t = 0; t < kk; t++) {
                int d = image * p * ld + ch * kk + t;
                int s = taps[t];
                for (int q = 0; q < p; q++) {
                    pad[s + pixels[q]] += colT[d + q * ld];
                }
            }
            addInterior(g, pad, dx, dxOff + ((n0 + image) * g.channels() + ch) * g.inPlane());
        });
    }

    /** {@link #col2im(Window2d, float[], int, int, int, float[], int)} in double precision; col is not modified. */
    public static void col2im(Window2d g, double[] col, int ldCol, int n0, int count, double[] dx, int dxOff) {
        int kk = g.windowSize();
        int p = g.outPlane();
        int[] taps = g.tapOffsets();
        int[] pixels = g.pixelOffsets();
        forEachPlane(g, dxOff, n0, count, ldCol, () -> new double[g.paddedH() * g.paddedW()],
                (pad, image, ch, xPlane) -> {
                    Arrays.fill(pad, 0.0);
                    for (int c = 0; c < kk * p; c++) {
                        pad[taps[c / p] + pixels[c % p]] += col[(ch * kk + c / p) * ldCol + image * p + c % p];
                    }
                    for (int q = 0; q < pad.length; q++) {
                        int i = g.unpad(q);
                        if (i >= 0) {
                            dx[xPlane + i] += pad[q];
                        }
                    }
                });
    }

    /**
     * True when a convolution with this geometry should read its column matrix through offset tables
     * ({@link #matrix}) rather than have it written out: whenever a plane's rows are not block copies.
     * Those are the small planes of late layers, where the column matrix (9 cells per input cell) is 2–9 MB
     * per batch chunk for the seeds' CNN, larger than L2, while the padded input is 1.3–2.3× the input.
     */
    static boolean implicit(Window2d g) {
        return !blocks(g);
    }

    /** Floats that {@link #pad} writes for {@code count} images: count·C·H_p·W_p. */
    static int paddedSize(Window2d g, int count) {
        long size = (long) count * g.channels() * g.paddedH() * g.paddedW();
        if (size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("im2col: " + count + " padded images of " + g + " exceed an array");
        }
        return (int) size;
    }

    /**
     * Copies images [n0, n0 + count) of x (from {@code xOff}) into zero-bordered padded planes: plane
     * (i, c) at {@code (i·C + c)·H_p·W_p}. Split over the planes.
     */
    static void pad(Window2d g, float[] x, int xOff, int n0, int count, float[] padded) {
        int plane = g.paddedH() * g.paddedW();
        g.forEachPlane(count, plane, () -> null, (none, image, ch) -> g.padPlane(x,
                xOff + ((n0 + image) * g.channels() + ch) * g.inPlane(), padded, (image * g.channels() + ch) * plane));
    }

    /**
     * The column matrix of {@code count} images padded by {@link #pad}, read in place: row c·kh·kw + t
     * and column i·P + p are padded cell {@code taps[t] + pixels[p]} of plane (i, c) (see
     * {@link Window2d#tapOffsets()} and {@link Window2d#pixelOffsets()}), the same values that
     * {@link #im2col} writes. The offset tables are filled into {@code rowTable} and {@code colTable},
     * which must hold C·kh·kw and count·P entries.
     */
    static IndexedMatrix matrix(Window2d g, int count, float[] padded, int[] rowTable, int[] colTable) {
        int kk = g.windowSize();
        int p = g.outPlane();
        int plane = g.paddedH() * g.paddedW();
        int[] taps = g.tapOffsets();
        int[] pixels = g.pixelOffsets();
        for (int ch = 0; ch < g.channels(); ch++) {
            for (int t = 0; t < kk; t++) {
                rowTable[ch * kk + t] = ch * plane + taps[t];
            }
        }
        for (int i = 0; i < count; i++) {
            for (int q = 0; q < p; q++) {
                colTable[i * p + q] = i * g.channels() * plane + pixels[q];
            }
        }
        return new IndexedMatrix(padded, rowTable, g.channels() * kk, colTable, count * p);
    }

    private static boolean blocks(Window2d g) {
        return g.sameSizeStride1() && g.outPlane() >= BLOCK_MIN_PIXELS;
    }

    /** dx[plane] += the interior of the padded plane. */
    private static void addInterior(Window2d g, float[] pad, float[] dx, int xPlane) {
        int w = g.inW();
        int wp = g.paddedW();
        int first = g.padH() * wp + g.padW();
        for (int r = 0; r < g.inH(); r++) {
            for (int c = 0; c < w; c++) {
                dx[xPlane + r * w + c] += pad[first + r * wp + c];
            }
        }
    }

    /**
     * The kh·kw rows of one plane for a same-size, stride-1 geometry: window cell (i, j) of pixel q reads
     * input cell q + di·W + dj with (di, dj) = (i − ph, j − pw), so the cells [from, to) are one block
     * copy; before it, after it, and where a row wrapped around the plane's left or right edge, they are
     * padding.
     */
    private static void blockIm2col(Window2d g, float[] x, int xPlane, float[] col, int rowBase, int ldCol) {
        int w = g.inW();
        int p = g.outPlane();
        for (int i = 0; i < g.kernelH(); i++) {
            for (int j = 0; j < g.kernelW(); j++) {
                int di = i - g.padH();
                int dj = j - g.padW();
                int d = rowBase + (i * g.kernelW() + j) * ldCol;
                int from = blockFrom(g, di, dj);
                int to = Math.max(from, blockTo(g, di, dj));
                Arrays.fill(col, d, d + from, 0f);
                if (to > from) {
                    System.arraycopy(x, xPlane + from + di * w + dj, col, d + from, to - from);
                }
                Arrays.fill(col, d + to, d + p, 0f);
                zeroWrapped(g, dj, col, d);
            }
        }
    }

    /** The adjoint of {@link #blockIm2col}: each row's block added back, shifted, after zeroing its wrapped cells. */
    private static void blockCol2im(Window2d g, float[] col, int rowBase, int ldCol, float[] dx, int xPlane) {
        int w = g.inW();
        for (int i = 0; i < g.kernelH(); i++) {
            for (int j = 0; j < g.kernelW(); j++) {
                int di = i - g.padH();
                int dj = j - g.padW();
                int d = rowBase + (i * g.kernelW() + j) * ldCol;
                zeroWrapped(g, dj, col, d);
                int shift = xPlane + di * w + dj - d;
                for (int q = d + blockFrom(g, di, dj), end = d + blockTo(g, di, dj); q < end; q++) {
                    dx[q + shift] += col[q];
                }
            }
        }
    }

    /** First pixel whose shifted cell is inside the plane: rows above are padding, and so are -dj cells left. */
    private static int blockFrom(Window2d g, int di, int dj) {
        return Math.min(g.outPlane(), Math.max(0, -di) * g.inW() + Math.max(0, -dj));
    }

    /** One past the last pixel whose shifted cell is inside the plane. */
    private static int blockTo(Window2d g, int di, int dj) {
        return Math.max(0, Math.min(g.inH(), g.inH() - di) * g.inW() - Math.max(0, dj));
    }

    /** Zeroes, in every row of one col row, the |dj| pixels whose shifted column falls off the plane's edge. */
    private static void zeroWrapped(Window2d g, int dj, float[] col, int d) {
        if (dj == 0) {
            return;
        }
        int w = g.inW();
        int first = d + (dj < 0 ? 0 : w - dj);
        int width = Math.min(w, Math.abs(dj));
        // Usually one cell a row: a plain loop, since a call to Arrays.fill costs more than the store.
        for (int r = 0; r < g.inH(); r++) {
            for (int k = 0; k < width; k++) {
                col[first + r * w + k] = 0f;
            }
        }
    }

    /** Runs body(pad, image, channel, xPlane) for every plane of the chunk; see {@link Window2d#forEachPlane}. */
    private static <S> void forEachPlane(Window2d g, int xOff, int n0, int count, int ldCol, Supplier<S> pad,
            PlaneBody<S> body) {
        if ((long) g.channels() * g.windowSize() * ldCol > Integer.MAX_VALUE || ldCol < (long) count * g.outPlane()) {
            throw new IllegalArgumentException("im2col: column matrix [" + g.channels() * g.windowSize() + " x "
                    + ldCol + "] cannot hold " + count + " images of " + g);
        }
        g.forEachPlane(count, g.windowSize() * g.outPlane(), pad, (buffer, image, ch) ->
                body.run(buffer, image, ch, xOff + ((n0 + image) * g.channels() + ch) * g.inPlane()));
    }

    /** One plane of the chunk: its padded-plane buffer, image index in the chunk, channel, start in x. */
    @FunctionalInterface
    private interface PlaneBody<S> {
        void run(S pad, int image, int channel, int xPlane);
    }
}
