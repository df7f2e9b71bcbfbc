package dev.nabla.kernel;

import java.util.function.IntToDoubleFunction;

/**
 * Max and average pooling over NCHW planes, with the window geometry of {@link Window2d}.
 *
 * <p>Shapes: x and dx [N, C, H, W]; y, dy and argmax [N, C, H_out, W_out]. Windows are clipped to the
 * input, so padded cells never win a max (as PyTorch's −∞ padding) and add nothing to a sum.
 * Average pooling divides by kh·kw whatever the clipping (PyTorch's {@code count_include_pad=true}).
 *
 * <p>Work is split by (image, channel) plane and every plane is walked in a fixed (oh, ow, row, column)
 * order. Backward scatters only into the plane its task owns, so overlapping windows (stride smaller
 * than the kernel) accumulate in that fixed order, and results do not depend on the number of threads.
 * The float and double entry points differ only in how they read and write their arrays; the walks are
 * shared.
 */
public final class Pooling {
    /** Planes below this many window cells are not worth a task of their own. */
    private static final int GRAIN_CELLS = 1 << 14;

    private Pooling() {}

    /** One output cell and its clipped window: input rows [hs, he) and columns [ws, we) of the plane at base. */
    @FunctionalInterface
    private interface Window {
        void visit(int out, int base, int hs, int he, int ws, int we);
    }

    /** Whether input cell i beats the current best cell j of a window. */
    @FunctionalInterface
    private interface Beats {
        boolean test(int i, int j);
    }

    /** Receives a pair of indices: an output cell and an input cell. */
    @FunctionalInterface
    private interface Pair {
        void accept(int out, int in);
    }

    /** Receives an output cell and a value computed for it. */
    @FunctionalInterface
    private interface Result {
        void accept(int out, double value);
    }

    /**
     * Max pooling: y[o] = the largest input cell of window o, argmax[o] its index in x (counted from
     * {@code xOff}). The first largest cell in row-major order wins a tie; NaN wins, as PyTorch.
     */
    public static void maxForward(Window2d g, float[] x, int xOff, float[] y, int[] argmax) {
        forEachArgmax(g, (i, j) -> x[xOff + i] > x[xOff + j] || Float.isNaN(x[xOff + i]), (o, best) -> {
            argmax[o] = best;
            y[o] = x[xOff + best];
        });
    }

    /** {@link #maxForward(Window2d, float[], int, float[], int[])} in double precision. */
    public static void maxForward(Window2d g, double[] x, int xOff, double[] y, int[] argmax) {
        forEachArgmax(g, (i, j) -> x[xOff + i] > x[xOff + j] || Double.isNaN(x[xOff + i]), (o, best) -> {
            argmax[o] = best;
            y[o] = x[xOff + best];
        });
    }

    /** dx[argmax[o]] += dy[o]: each output's gradient goes to the cell that won its window. */
    public static void maxBackward(Window2d g, int[] argmax, float[] dy, int dyOff, float[] dx) {
        forEachOutput(g, (o, unused) -> dx[argmax[o]] += dy[dyOff + o]);
    }

    /** {@link #maxBackward(Window2d, int[], float[], int, float[])} in double precision. */
    public static void maxBackward(Window2d g, int[] argmax, double[] dy, int dyOff, double[] dx) {
        forEachOutput(g, (o, unused) -> dx[argmax[o]] += dy[dyOff + o]);
    }

    /** Average pooling: y[o] = (sum of window o's input cells) / (kh·kw), summed in double precision. */
    public static void avgForward(Window2d g, float[] x, int xOff, float[] y) {
        windowSums(g, i -> x[xOff + i], (o, sum) -> y[o] = (float) (sum / g.windowSize()));
    }

    /** {@link #avgForward(Window2d, float[], int, float[])} in double precision. */
    public static void avgForward(Window2d g, double[] x, int xOff, double[] y) {
        windowSums(g, i -> x[xOff + i], (o, sum) -> y[o] = sum / g.windowSize());
    }

    /** dx[i] += dy[o] / (kh·kw) for every input cell i of window o. */
    public static void avgBackward(Window2d g, float[] dy, int dyOff, float[] dx) {
        float divisor = g.windowSize();
        forEachCell(g, (o, i) -> dx[i] += dy[dyOff + o] / divisor);
    }

    /** {@link #avgBackward(Window2d, float[], int, float[])} in double precision. */
    public static void avgBackward(Window2d g, double[] dy, int dyOff, double[] dx) {
        double divisor = g.windowSize();
        forEachCell(g, (o, i) -> dx[i] += dy[dyOff + o] / divisor);
    }

    private static void forEachArgmax(Window2d g, Beats beats, Pair result) {
        int w = g.inW();
        forEachWindow(g, (o, base, hs, he, ws, we) -> {
            int best = base + hs * w + ws;
            for (int ih = hs; ih < he; ih++) {
                for (int i = base + ih * w + ws, end = i + we - ws; i < end; i++) {
                    if (beats.test(i, best)) {
                        best = i;
                    }
                }
            }
            result.accept(o, best);
        });
    }

    private static void windowSums(Window2d g, IntToDoubleFunction x, Result result) {
        int w = g.inW();
        forEachWindow(g, (o, base, hs, he, ws, we) -> {
            double sum = 0;
            for (int ih = hs; ih < he; ih++) {
                for (int i = base + ih * w + ws, end = i + we - ws; i < end; i++) {
                    sum += x.applyAsDouble(i);
                }
            }
            result.accept(o, sum);
        });
    }

    /** Every (output cell, input cell of its window) pair, plane by plane. */
    private static void forEachCell(Window2d g, Pair body) {
        int w = g.inW();
        forEachWindow(g, (o, base, hs, he, ws, we) -> {
            for (int ih = hs; ih < he; ih++) {
                for (int i = base + ih * w + ws, end = i + we - ws; i < end; i++) {
                    body.accept(o, i);
                }
            }
        });
    }

    /** Every output cell (the second argument is unused), plane by plane. */
    private static void forEachOutput(Window2d g, Pair body) {
        forEachWindow(g, (o, base, hs, he, ws, we) -> body.accept(o, base));
    }

    /** The windows of all planes, split over the kernel threads by plane; each plane in (oh, ow) order. */
    private static void forEachWindow(Window2d g, Window body) {
        int outH = g.outH();
        int outW = g.outW();
        int planeCells = g.outPlane() * g.windowSize();
        Parallel.range(g.batch() * g.channels(), Math.max(1, GRAIN_CELLS / planeCells), (from, to) -> {
            for (int p = from; p < to; p++) {
                int base = p * g.inPlane();
                int o = p * g.outPlane();
                for (int oh = 0; oh < outH; oh++) {
                    int hs = g.rowStart(oh);
                    int he = g.rowEnd(oh);
                    for (int ow = 0; ow < outW; ow++, o++) {
                        body.visit(o, base, hs, he, g.colStart(ow), g.colEnd(ow));
                    }
                }
            }
        });
    }
}
