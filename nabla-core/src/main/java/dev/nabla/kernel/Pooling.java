package dev.nabla.kernel;

import java.util.Arrays;

/**
 * Max and average pooling over NCHW planes, with the window geometry of {@link Window2d}.
 *
 * <p>Shapes: x and dx [N, C, H, W]; y, dy and argmax [N, C, H_out, W_out]. Padded cells never win a max
 * (as PyTorch's −∞ padding) and add zero to a sum; average pooling divides by kh·kw whatever the
 * padding (PyTorch's {@code count_include_pad=true}).
 *
 * <p>Max pooling follows PyTorch's rule exactly: scanning a window in row-major order, a cell takes
 * over when it is larger than the best so far or NaN; so the first largest cell wins a tie and the last
 * NaN wins over everything. The reference loop does just that over the valid cells of each window; it is
 * the float64 path and the fallback without the Vector API. On random data its comparisons mispredict
 * about every other cell, so the float32 path runs the same rule on {@link VectorPooling}, branch-free,
 * a plane per vector lane: each window cell is one gather from a group of planes, and padding is simply
 * not among the cells searched.
 *
 * <p>Work is split by (image, channel) plane and every plane is walked in a fixed order; backward
 * scatters only into the plane its task owns, so overlapping windows (stride smaller than the kernel)
 * accumulate in a fixed order and results do not depend on the number of threads.
 */
public final class Pooling {
    private Pooling() {}

    /** Whether cell i of x beats the current best cell j (both indices into x). */
    @FunctionalInterface
    private interface Beats {
        boolean test(int i, int j);
    }

    /** Sets output cell o from input cell i. */
    @FunctionalInterface
    private interface Pick {
        void accept(int o, int i);
    }

    /**
     * y[o] = the largest cell of window o, argmax[o] its index in x (counted from {@code xOff}).
     *
     * @param argmax the winners, or null when no backward pass follows (inference): y alone is written, and
     *     on the vector path straight from the running max, with no winner to track
     */
    public static void maxForward(Window2d g, float[] x, int xOff, float[] y, int[] argmax) {
        if (argmax == null) {
            maxForward(g, x, xOff, y, 0);
            return;
        }
        int[][] valid = g.validCells();
        if (Kernels.vectorEnabled() && hasNoEmptyWindow(valid)) {
            maxAcross(g, valid, x, xOff, y, 0, argmax);
        } else {
            Beats beats = (i, j) -> x[i] > x[j] || Float.isNaN(x[i]);
            maxForward(g, xOff, argmax, beats, (o, i) -> y[o] = x[i]);
        }
    }

    /**
     * Inference: y[yOff + o] = the largest cell of window o, with no winners kept; as
     * {@link #maxForward(Window2d, float[], int, float[], int[])} with null winners, y written from {@code yOff}.
     */
    public static void maxForward(Window2d g, float[] x, int xOff, float[] y, int yOff) {
        int[][] valid = g.validCells();
        if (Kernels.vectorEnabled() && hasNoEmptyWindow(valid)) {
            maxAcross(g, valid, x, xOff, y, yOff, null);
        } else {
            Beats beats = (i, j) -> x[i] > x[j] || Float.isNaN(x[i]);
            maxForward(g, xOff, null, beats, (o, i) -> y[yOff + o] = x[i]);
        }
    }

    /**
     * Whether every window covers at least one input cell, as the vector search needs (the layers reject
     * padding of more than half the kernel, so only a direct caller can get the reference loop this way).
     */
    private static boolean hasNoEmptyWindow(int[][] valid) {
        for (int[] cells : valid) {
            if (cells.length == 0) {
                return false;
            }
        }
        return true;
    }

    /** A task's results for one group of planes, output pixel by output pixel: y and (when kept) the winners. */
    private record Group(float[] y, int[] tap) {}

    /**
     * The float32 search on {@link VectorPooling#maxAcross}: each group of {@link VectorPooling#lanes()}
     * planes in one pass, a plane per lane, whose results then go to y (from {@code yOff}) and, when argmax
     * is not null, the winners to argmax (indices into x counted from {@code xOff}). Each plane's result is
     * its own lane's, so it does not depend on the grouping or the thread count.
     */
    private static void maxAcross(Window2d g, int[][] valid, float[] x, int xOff, float[] y, int yOff, int[] argmax) {
        int p = g.outPlane();
        int in = g.inPlane();
        int lanes = VectorPooling.lanes();
        int[] whole = VectorPooling.planeMap(in, lanes);
        int cells = 0;
        for (int[] window : valid) {
            cells += window.length;
        }
        g.forEachPlaneGroup(lanes, cells, () -> new Group(new float[p * lanes], argmax == null ? null : new int[p * lanes]),
                (s, first, count) -> {
                    int[] map = count == lanes ? whole : VectorPooling.planeMap(in, count);
                    int base = xOff + first * in;
                    if (argmax == null) {
                        VectorPooling.maxAcross(valid, x, base, map, s.y());
                    } else {
                        VectorPooling.maxAcross(valid, x, base, map, s.y(), s.tap());
                    }
                    for (int l = 0; l < count; l++) {
                        int o = (first + l) * p;
                        for (int q = 0; q < p; q++) {
                            y[yOff + o + q] = s.y()[q * lanes + l];
                            if (argmax != null) {
                                argmax[o + q] = (first + l) * in + s.tap()[q * lanes + l];
                            }
                        }
                    }
                });
    }

    /**
     * {@link #maxForward(Window2d, float[], int, float[], int[])} in double precision (the reference loop);
     * argmax may be null likewise.
     */
    public static void maxForward(Window2d g, double[] x, int xOff, double[] y, int[] argmax) {
        maxForward(g, xOff, argmax, (i, j) -> x[i] > x[j] || Double.isNaN(x[i]), (o, i) -> y[o] = x[i]);
    }

    /**
     * The reference loop of max pooling: PyTorch's scan of every window; {@code copy} sets y[o] = x[i], and
     * argmax (when not null) gets i.
     */
    private static void maxForward(Window2d g, int xOff, int[] argmax, Beats beats, Pick copy) {
        int p = g.outPlane();
        int[][] valid = g.validCells();
        g.forEachPlane(g.batch(), g.windowSize() * p, () -> null, (none, image, ch) -> {
            int plane = image * g.channels() + ch;
            for (int q = 0; q < p; q++) {
                int i = firstMax(valid[q], xOff + plane * g.inPlane(), beats);
                if (argmax != null) {
                    argmax[plane * p + q] = i - xOff;
                }
                copy.accept(plane * p + q, i);
            }
        });
    }

    /** dx[argmax[o]] += dy[o]: each output's gradient goes to the cell that won its window. */
    public static void maxBackward(Window2d g, int[] argmax, float[] dy, int dyOff, float[] dx) {
        int p = g.outPlane();
        g.forEachPlane(g.batch(), p, () -> null, (none, image, ch) -> {
            for (int o = (image * g.channels() + ch) * p, end = o + p; o < end; o++) {
                dx[argmax[o]] += dy[dyOff + o];
            }
        });
    }

    /** {@link #maxBackward(Window2d, int[], float[], int, float[])} in double precision. */
    public static void maxBackward(Window2d g, int[] argmax, double[] dy, int dyOff, double[] dx) {
        int p = g.outPlane();
        g.forEachPlane(g.batch(), p, () -> null, (none, image, ch) -> {
            int o = (image * g.channels() + ch) * p;
            for (int q = 0; q < p; q++) {
                dx[argmax[o + q]] += dy[dyOff + o + q];
            }
        });
    }

    /** y[o] = (sum of window o's cells, padding counting as 0) / (kh·kw), summed in window-cell order. */
    public static void avgForward(Window2d g, float[] x, int xOff, float[] y) {
        int kk = g.windowSize();
        int p = g.outPlane();
        int[] taps = g.tapOffsets();
        int[] pixels = g.pixelOffsets();
        g.forEachPlane(g.batch(), kk * p, () -> new float[g.paddedH() * g.paddedW()], (pad, image, ch) -> {
            int plane = image * g.channels() + ch;
            int o = plane * p;
            g.pad(x, xOff + plane * g.inPlane(), pad);
            Arrays.fill(y, o, o + p, 0f);
            for (int t = 0; t < kk; t++) {
                for (int q = 0, s = taps[t]; q < p; q++) {
                    y[o + q] += pad[s + pixels[q]];
                }
            }
            for (int q = o; q < o + p; q++) {
                y[q] /= kk;
            }
        });
    }

    /** {@link #avgForward(Window2d, float[], int, float[])} in double precision, over the valid cells only. */
    public static void avgForward(Window2d g, double[] x, int xOff, double[] y) {
        int p = g.outPlane();
        g.forEachPlane(g.batch(), g.windowSize() * p, () -> null, (none, image, ch) -> {
            int plane = image * g.channels() + ch;
            for (int q = 0; q < p; q++) {
                double sum = 0;
                for (int t = 0; t < g.windowSize(); t++) {
                    int cell = g.unpad(g.tapOffsets()[t] + g.pixelOffsets()[q]);
                    sum += cell < 0 ? 0 : x[xOff + plane * g.inPlane() + cell];
                }
                y[plane * p + q] = sum / g.windowSize();
            }
        });
    }

    /** dx[i] += dy[o] / (kh·kw) for every cell i of window o: col2im of dy spread over the window. */
    public static void avgBackward(Window2d g, float[] dy, int dyOff, float[] dx) {
        int kk = g.windowSize();
        int p = g.outPlane();
        int[] taps = g.tapOffsets();
        int[] pixels = g.pixelOffsets();
        int w = g.inW();
        int wp = g.paddedW();
        int first = g.padH() * wp + g.padW();
        g.forEachPlane(g.batch(), kk * p, () -> new float[g.paddedH() * g.paddedW()], (pad, image, ch) -> {
            int plane = image * g.channels() + ch;
            int o = dyOff + plane * p;
            Arrays.fill(pad, 0f);
            for (int t = 0; t < kk; t++) {
                for (int q = 0, s = taps[t]; q < p; q++) {
                    pad[s + pixels[q]] += dy[o + q] / kk;
                }
            }
            int xPlane = plane * g.inPlane();
            for (int r = 0; r < g.inH(); r++) {
                for (int c = 0; c < w; c++) {
                    dx[xPlane + r * w + c] += pad[first + r * wp + c];
                }
            }
        });
    }

    /** {@link #avgBackward(Window2d, float[], int, float[])} in double precision. */
    public static void avgBackward(Window2d g, double[] dy, int dyOff, double[] dx) {
        int p = g.outPlane();
        g.forEachPlane(g.batch(), g.windowSize() * p, () -> null, (none, image, ch) -> {
            int plane = image * g.channels() + ch;
            for (int t = 0; t < g.windowSize(); t++) {
                for (int q = 0; q < p; q++) {
                    int cell = g.unpad(g.tapOffsets()[t] + g.pixelOffsets()[q]);
                    if (cell >= 0) {
                        dx[plane * g.inPlane() + cell] += dy[dyOff + plane * p + q] / g.windowSize();
                    }
                }
            }
        });
    }

    /**
     * The reference rule for one window of the plane at xPlane, given its cells ({@link Window2d#validCells()}):
     * PyTorch's scan, from the first cell. A window of padding alone has no winner (−1).
     */
    private static int firstMax(int[] cells, int xPlane, Beats beats) {
        int best = -1;
        for (int cell : cells) {
            if (best < 0 || beats.test(xPlane + cell, best)) {
                best = xPlane + cell;
            }
        }
        return best;
    }
}
