package dev.nabla.kernel;

import java.util.Arrays;

/**
 * Max and average pooling over NCHW planes, with the window geometry of {@link Window2d}.
 *
 * <p>Shapes: x and dx [N, C, H, W]; y, dy and argmax [N, C, H_out, W_out]. Padded cells never win a max
 * (as PyTorch's −∞ padding) and add zero to a sum; average pooling divides by kh·kw whatever the
 * padding (PyTorch's {@code count_include_pad=true}).
 *
 * <p>Max pooling follows PyTorch's rule exactly: the first largest cell of a window in row-major order
 * wins, and a NaN wins over everything (the last NaN of a window, as PyTorch). The float32 path gets
 * there without data-dependent branches, which cost more than the arithmetic on random data: each
 * plane is copied into a −∞-bordered padded plane, the window maxima are taken cell by cell over all
 * pixels at once ({@code Math.max}), and a second sweep in reverse cell order marks the first cell equal
 * to the max. Windows whose max is −∞ or NaN, where that sweep could pick padding or no cell, take the
 * reference loop over their valid cells; so does the whole float64 path.
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

    /** y[o] = the largest cell of window o, argmax[o] its index in x (counted from {@code xOff}). */
    public static void maxForward(Window2d g, float[] x, int xOff, float[] y, int[] argmax) {
        int kk = g.windowSize();
        int p = g.outPlane();
        int[] taps = g.tapOffsets();
        int[] pixels = g.pixelOffsets();
        Beats beats = (i, j) -> x[i] > x[j] || Float.isNaN(x[i]);
        g.forEachPlane(0, g.batch(), kk * p, () -> negativeInfinity(g), (pad, image, ch) -> {
            int plane = image * g.channels() + ch;
            int xPlane = xOff + plane * g.inPlane();
            int o = plane * p;
            g.pad(x, xPlane, pad);
            for (int q = 0; q < p; q++) {
                y[o + q] = pad[taps[0] + pixels[q]];
            }
            for (int t = 1; t < kk; t++) {
                for (int q = 0, s = taps[t]; q < p; q++) {
                    y[o + q] = Math.max(y[o + q], pad[s + pixels[q]]);
                }
            }
            Arrays.fill(argmax, o, o + p, -1);
            for (int t = kk - 1; t >= 0; t--) {
                for (int q = 0, s = taps[t]; q < p; q++) {
                    argmax[o + q] = pad[s + pixels[q]] == y[o + q] ? t : argmax[o + q];
                }
            }
            for (int q = 0; q < p; q++) {
                int t = argmax[o + q];
                int cell = t < 0 || y[o + q] == Float.NEGATIVE_INFINITY ? -1 : g.unpad(taps[t] + pixels[q]);
                int i = cell >= 0 ? xPlane + cell : firstMax(g, xPlane, q, beats);
                argmax[o + q] = i - xOff;
                y[o + q] = x[i];
            }
        });
    }

    /** {@link #maxForward(Window2d, float[], int, float[], int[])} in double precision (the reference loop). */
    public static void maxForward(Window2d g, double[] x, int xOff, double[] y, int[] argmax) {
        int p = g.outPlane();
        Beats beats = (i, j) -> x[i] > x[j] || Double.isNaN(x[i]);
        g.forEachPlane(0, g.batch(), g.windowSize() * p, () -> null, (none, image, ch) -> {
            int plane = image * g.channels() + ch;
            for (int q = 0; q < p; q++) {
                int i = firstMax(g, xOff + plane * g.inPlane(), q, beats);
                argmax[plane * p + q] = i - xOff;
                y[plane * p + q] = x[i];
            }
        });
    }

    /** dx[argmax[o]] += dy[o]: each output's gradient goes to the cell that won its window. */
    public static void maxBackward(Window2d g, int[] argmax, float[] dy, int dyOff, float[] dx) {
        int p = g.outPlane();
        g.forEachPlane(0, g.batch(), p, () -> null, (none, image, ch) -> {
            for (int o = (image * g.channels() + ch) * p, end = o + p; o < end; o++) {
                dx[argmax[o]] += dy[dyOff + o];
            }
        });
    }

    /** {@link #maxBackward(Window2d, int[], float[], int, float[])} in double precision. */
    public static void maxBackward(Window2d g, int[] argmax, double[] dy, int dyOff, double[] dx) {
        int p = g.outPlane();
        g.forEachPlane(0, g.batch(), p, () -> null, (none, image, ch) -> {
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
        g.forEachPlane(0, g.batch(), kk * p, () -> new float[g.paddedH() * g.paddedW()], (pad, image, ch) -> {
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
        g.forEachPlane(0, g.batch(), g.windowSize() * p, () -> null, (none, image, ch) -> {
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
        g.forEachPlane(0, g.batch(), kk * p, () -> new float[g.paddedH() * g.paddedW()], (pad, image, ch) -> {
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
        g.forEachPlane(0, g.batch(), g.windowSize() * p, () -> null, (none, image, ch) -> {
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

    /** The reference rule for output pixel q of the plane at xPlane: PyTorch's scan over the valid cells. */
    private static int firstMax(Window2d g, int xPlane, int q, Beats beats) {
        int best = -1;
        for (int t = 0; t < g.windowSize(); t++) {
            int cell = g.unpad(g.tapOffsets()[t] + g.pixelOffsets()[q]);
            if (cell >= 0 && (best < 0 || beats.test(xPlane + cell, best))) {
                best = xPlane + cell;
            }
        }
        return best;
    }

    private static float[] negativeInfinity(Window2d g) {
        float[] pad = new float[g.paddedH() * g.paddedW()];
        Arrays.fill(pad, Float.NEGATIVE_INFINITY);
        return pad;
    }
}
