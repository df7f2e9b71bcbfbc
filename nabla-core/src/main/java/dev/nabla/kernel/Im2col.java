package dev.nabla.kernel;

import java.util.Arrays;

/**
 * Unfolds sliding windows into a column matrix (im2col) and folds gradients back (col2im), so that a
 * convolution becomes one matrix product.
 *
 * <p>Layout, for images [n0, n0 + count) of an NCHW input x [N, C, H, W] and the geometry in
 * {@link Window2d}: col is [C·kh·kw, count·H_out·W_out] (row stride {@code ldCol}), where row
 * (c·kh + i)·kw + j, column (n − n0)·H_out·W_out + oh·W_out + ow holds x[n, c, oh·sh − ph + i,
 * ow·sw − pw + j], or 0 where that cell is padding. With this layout the rows line up with the weight
 * [C_out, C·kh·kw] and the columns with the output pixels, and each (row, image, oh) segment is a
 * strided run of one input row, copied as a block.
 *
 * <p>Both directions are split over the (image, channel) planes: plane (n, c) owns rows c·kh·kw … of
 * the columns of image n, and col2im's sums into x[n, c] stay inside that plane's task, in a fixed
 * (i, j, oh, ow) order. So no two tasks touch the same element and results do not depend on the number
 * of threads.
 */
public final class Im2col {
    /** Planes below this many column cells are not worth a task of their own. */
    private static final int GRAIN_CELLS = 1 << 14;

    /** Marks a run of padding cells in {@link Run#run}. */
    private static final int PADDING = -1;

    private Im2col() {}

    /**
     * One run of a column-matrix row: {@code len} cells from {@code colPos} whose input cells start at
     * {@code xPos} and step by the column stride, or padding when {@code xPos == PADDING}.
     */
    @FunctionalInterface
    private interface Run {
        void run(int colPos, int xPos, int len);
    }

    /** Fills col (see the class comment) from images [n0, n0 + count) of x, which starts at {@code xOff}. */
    public static void im2col(Window2d g, float[] x, int xOff, int n0, int count, float[] col, int ldCol) {
        int sw = g.strideW();
        forEachRun(g, xOff, n0, count, ldCol, (cp, xp, len) -> {
            if (xp == PADDING) {
                Arrays.fill(col, cp, cp + len, 0f);
            } else if (sw == 1) {
                System.arraycopy(x, xp, col, cp, len);
            } else {
                for (int i = 0; i < len; i++) {
                    col[cp + i] = x[xp + i * sw];
                }
            }
        });
    }

    /** {@link #im2col(Window2d, float[], int, int, int, float[], int)} in double precision. */
    public static void im2col(Window2d g, double[] x, int xOff, int n0, int count, double[] col, int ldCol) {
        int sw = g.strideW();
        forEachRun(g, xOff, n0, count, ldCol, (cp, xp, len) -> {
            if (xp == PADDING) {
                Arrays.fill(col, cp, cp + len, 0.0);
            } else {
                for (int i = 0; i < len; i++) {
                    col[cp + i] = x[xp + i * sw];
                }
            }
        });
    }

    /**
     * The adjoint of im2col: adds every column-matrix cell into the input cell it was copied from
     * ({@code dx += col2im(col)}); padding cells are dropped. dx starts at {@code dxOff}.
     */
    public static void col2im(Window2d g, float[] col, int ldCol, int n0, int count, float[] dx, int dxOff) {
        int sw = g.strideW();
        forEachRun(g, dxOff, n0, count, ldCol, (cp, xp, len) -> {
            if (xp != PADDING) {
                for (int i = 0; i < len; i++) {
                    dx[xp + i * sw] += col[cp + i];
                }
            }
        });
    }

    /** {@link #col2im(Window2d, float[], int, int, int, float[], int)} in double precision. */
    public static void col2im(Window2d g, double[] col, int ldCol, int n0, int count, double[] dx, int dxOff) {
        int sw = g.strideW();
        forEachRun(g, dxOff, n0, count, ldCol, (cp, xp, len) -> {
            if (xp != PADDING) {
                for (int i = 0; i < len; i++) {
                    dx[xp + i * sw] += col[cp + i];
                }
            }
        });
    }

    /** Walks the runs of every (image, channel) plane of images [n0, n0 + count), in parallel over planes. */
    private static void forEachRun(Window2d g, int xOff, int n0, int count, int ldCol, Run r) {
        int c = g.channels();
        int planeCells = g.windowSize() * g.outPlane();
        if ((long) (c * g.windowSize()) * ldCol > Integer.MAX_VALUE
                || ldCol < (long) count * g.outPlane()) {
            throw new IllegalArgumentException("im2col: column matrix [" + c * g.windowSize() + " x " + ldCol
                    + "] cannot hold " + count + " images of " + g);
        }
        Parallel.range(count * c, Math.max(1, GRAIN_CELLS / planeCells), (from, to) -> {
            for (int p = from; p < to; p++) {
                int image = p / c;
                int ch = p % c;
                int xPlane = xOff + ((n0 + image) * c + ch) * g.inPlane();
                walkPlane(g, ch, xPlane, image * g.outPlane(), ldCol, r);
            }
        });
    }

    /** The runs of one plane: for each kernel cell (i, j) and output row, padding, a strided copy, padding. */
    private static void walkPlane(Window2d g, int ch, int xPlane, int colImage, int ldCol, Run r) {
        int kh = g.kernelH();
        int kw = g.kernelW();
        int outH = g.outH();
        int outW = g.outW();
        int inH = g.inH();
        int inW = g.inW();
        for (int i = 0; i < kh; i++) {
            for (int j = 0; j < kw; j++) {
                int rowStart = ((ch * kh + i) * kw + j) * ldCol + colImage;
                int lo = g.firstValidOutCol(j);
                int hi = g.endValidOutCol(j);
                int xCol = lo < hi ? g.inputCol(lo, j) : 0;
                for (int oh = 0; oh < outH; oh++) {
                    int ih = g.inputRow(oh, i);
                    int dst = rowStart + oh * outW;
                    if (ih < 0 || ih >= inH || lo == hi) {
                        r.run(dst, PADDING, outW);
                        continue;
                    }
                    if (lo > 0) {
                        r.run(dst, PADDING, lo);
                    }
                    r.run(dst + lo, xPlane + ih * inW + xCol, hi - lo);
                    if (hi < outW) {
                        r.run(dst + hi, PADDING, outW - hi);
                    }
                }
            }
        }
    }
}
