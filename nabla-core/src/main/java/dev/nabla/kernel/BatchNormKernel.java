package dev.nabla.kernel;

/**
 * The per-element passes of batch normalisation over one contiguous run of a tensor, in double
 * precision, for {@code dev.nabla.nn.layers.BatchNorm}: the layer chooses the runs (one sample's values
 * of a group of channels), folds the per-position sums into per-channel statistics, and spreads each
 * channel's constants over its positions ({@link Positions}).
 *
 * <p>The arithmetic is fixed, element by element, in double, whatever the precision of the tensor:
 * <pre>
 *   x̂     = (x − μ)·invStd
 *   y     = scale·x̂ + shift                      with relu: max(y rounded to the tensor's precision, 0)
 *   in    = dy, with relu: dy·signum(y)          (the ReLU's backward)
 *   dx    = k·((in − meanDy) − x̂·meanDyXHat)
 * </pre>
 * Float32 runs go through {@link VectorBatchNorm} when {@link Kernels#vectorEnabled()}: it widens four
 * floats at a time to doubles and does the same operations in the same order, so both give the same bits
 * (BatchNormKernelTest). Without the module, float runs are widened into a scratch buffer and take the
 * double loops below, as float64 tensors do.
 */
public final class BatchNormKernel {
    /** Checked once; the vector class is never loaded without the module. */
    private static final boolean VECTOR = Kernels.vectorEnabled() && VectorBatchNorm.supported();
    /** Floats widened at a time on the plain path. */
    private static final int CHUNK = 512;
    private static final ThreadLocal<double[][]> SCRATCH = ThreadLocal.withInitial(() -> new double[3][CHUNK]);

    private BatchNormKernel() {}

    /**
     * A run's constants, one value per position (each channel's value repeated over its positions): μ,
     * invStd, scale (γ or 1) and shift (β or 0); {@code relu} applies a ReLU after the affine map, and
     * {@code roundsToFloat} rounds y to float32 before it (as a separate ReLU on a float32 tensor sees it).
     */
    public record Positions(double[] mean, double[] invStd, double[] scale, double[] shift, boolean relu,
            boolean roundsToFloat) {}

    /** {@code sums[i] += x[xOff + i]} for i in [0, n). */
    public static void accumulate(float[] x, int xOff, int n, double[] sums) {
        if (VECTOR) {
            VectorBatchNorm.accumulate(x, xOff, n, sums);
            return;
        }
        double[] xs = scratch(0);
        for (int i0 = 0; i0 < n; i0 += CHUNK) {
            int len = Math.min(CHUNK, n - i0);
            widen(x, xOff + i0, len, xs);
            for (int i = 0; i < len; i++) {
                sums[i0 + i] += xs[i];
            }
        }
    }

    /** {@code sums[i] += x[xOff + i]} for i in [0, n). */
    public static void accumulate(double[] x, int xOff, int n, double[] sums) {
        for (int i = 0; i < n; i++) {
            sums[i] += x[xOff + i];
        }
    }

    /** {@code squares[i] += (x[xOff + i] − mean[i])²} for i in [0, n). */
    public static void accumulateSquares(float[] x, int xOff, int n, double[] mean, double[] squares) {
        if (VECTOR) {
            VectorBatchNorm.accumulateSquares(x, xOff, n, mean, squares);
            return;
        }
        double[] xs = scratch(0);
        for (int i0 = 0; i0 < n; i0 += CHUNK) {
            int len = Math.min(CHUNK, n - i0);
            widen(x, xOff + i0, len, xs);
            squares(xs, 0, len, mean, i0, squares);
        }
    }

    /** {@code squares[i] += (x[xOff + i] − mean[i])²} for i in [0, n). */
    public static void accumulateSquares(double[] x, int xOff, int n, double[] mean, double[] squares) {
        squares(x, xOff, n, mean, 0, squares);
    }

    private static void squares(double[] x, int xOff, int n, double[] mean, int p, double[] squares) {
        for (int i = 0; i < n; i++) {
            double d = x[xOff + i] - mean[p + i];
            squares[p + i] += d * d;
        }
    }

    /** {@code y[yOff + i] = y(x[xOff + i])} for i in [0, n) (see the class comment), rounded to float. */
    public static void normalize(float[] x, int xOff, int n, Positions c, float[] y, int yOff) {
        if (VECTOR) {
            VectorBatchNorm.normalize(x, xOff, n, c, y, yOff);
            return;
        }
        double[] xs = scratch(0);
        double[] ys = scratch(1);
        for (int i0 = 0; i0 < n; i0 += CHUNK) {
            int len = Math.min(CHUNK, n - i0);
            widen(x, xOff + i0, len, xs);
            for (int i = 0; i < len; i++) {
                ys[i] = output(xs[i], c, i0 + i);
            }
            for (int i = 0; i < len; i++) {
                y[yOff + i0 + i] = (float) ys[i];
            }
        }
    }

    /**
     * {@code y[yOff + i] = y(x[xOff + i])} for i in [0, n), positions of one channel whose constants are
     * given as scalars (μ, invStd, scale, shift; see {@link Positions}), with y rounded to float32 before a
     * ReLU: the bits of {@link #normalize(float[], int, int, Positions, float[], int)} with those constants
     * spread over the positions, without spreading them. For a layer that normalises a convolution's
     * output block by block ({@link ChannelOp}).
     */
    public static void normalizeChannel(float[] x, int xOff, int n, double mean, double invStd, double scale,
            double shift, boolean relu, float[] y, int yOff) {
        if (VECTOR) {
            VectorBatchNorm.normalizeChannel(x, xOff, n, mean, invStd, scale, shift, relu, y, yOff);
            return;
        }
        for (int i = 0; i < n; i++) {
            y[yOff + i] = (float) output(x[xOff + i], mean, invStd, scale, shift, relu, true);
        }
    }

    /** {@code y[yOff + i] = y(x[xOff + i])} for i in [0, n) (see the class comment). */
    public static void normalize(double[] x, int xOff, int n, Positions c, double[] y, int yOff) {
        for (int i = 0; i < n; i++) {
            y[yOff + i] = output(x[xOff + i], c, i);
        }
    }

    /**
     * The two sums backward needs: {@code sumDy[i] += in} and {@code sumDyXHat[i] += in·x̂}, with in and
     * x̂ from {@code dy[dyOff + i]} and {@code x[xOff + i]} (see the class comment).
     */
    public static void gradientSums(float[] dy, int dyOff, float[] x, int xOff, int n, Positions c, double[] sumDy,
            double[] sumDyXHat) {
        if (VECTOR) {
            VectorBatchNorm.gradientSums(dy, dyOff, x, xOff, n, c, sumDy, sumDyXHat);
            return;
        }
        double[] dys = scratch(0);
        double[] xs = scratch(1);
        for (int i0 = 0; i0 < n; i0 += CHUNK) {
            int len = Math.min(CHUNK, n - i0);
            widen(dy, dyOff + i0, len, dys);
            widen(x, xOff + i0, len, xs);
            sums(dys, 0, xs, 0, len, c, i0, sumDy, sumDyXHat);
        }
    }

    /** As {@link #gradientSums(float[], int, float[], int, int, Positions, double[], double[])}, in double. */
    public static void gradientSums(double[] dy, int dyOff, double[] x, int xOff, int n, Positions c,
            double[] sumDy, double[] sumDyXHat) {
        sums(dy, dyOff, x, xOff, n, c, 0, sumDy, sumDyXHat);
    }

    private static void sums(double[] dy, int dyOff, double[] x, int xOff, int n, Positions c, int p,
            double[] sumDy, double[] sumDyXHat) {
        for (int i = 0; i < n; i++) {
            int j = p + i;
            double in = incoming(dy[dyOff + i], x[xOff + i], c, j);
            sumDy[j] += in;
            sumDyXHat[j] += in * ((x[xOff + i] - c.mean[j]) * c.invStd[j]);
        }
    }

    /**
     * {@code dx[dxOff + i] = k[i]·((in − meanDy[i]) − x̂·meanDyXHat[i])}, with in and x̂ from
     * {@code dy[dyOff + i]} and {@code x[xOff + i]}, rounded to float.
     */
    public static void inputGradient(float[] dy, int dyOff, float[] x, int xOff, int n, Positions c, double[] k,
            double[] meanDy, double[] meanDyXHat, float[] dx, int dxOff) {
        if (VECTOR) {
            VectorBatchNorm.inputGradient(dy, dyOff, x, xOff, n, c, k, meanDy, meanDyXHat, dx, dxOff);
            return;
        }
        double[] dys = scratch(0);
        double[] xs = scratch(1);
        double[] dxs = scratch(2);
        for (int i0 = 0; i0 < n; i0 += CHUNK) {
            int len = Math.min(CHUNK, n - i0);
            widen(dy, dyOff + i0, len, dys);
            widen(x, xOff + i0, len, xs);
            gradient(dys, 0, xs, 0, len, c, i0, k, meanDy, meanDyXHat, dxs, 0);
            for (int i = 0; i < len; i++) {
                dx[dxOff + i0 + i] = (float) dxs[i];
            }
        }
    }

    /** As {@link #inputGradient(float[], int, float[], int, int, Positions, double[], double[], double[], float[], int)}, in double. */
    public static void inputGradient(double[] dy, int dyOff, double[] x, int xOff, int n, Positions c, double[] k,
            double[] meanDy, double[] meanDyXHat, double[] dx, int dxOff) {
        gradient(dy, dyOff, x, xOff, n, c, 0, k, meanDy, meanDyXHat, dx, dxOff);
    }

    private static void gradient(double[] dy, int dyOff, double[] x, int xOff, int n, Positions c, int p,
            double[] k, double[] meanDy, double[] meanDyXHat, double[] dx, int dxOff) {
        for (int i = 0; i < n; i++) {
            int j = p + i;
            double in = incoming(dy[dyOff + i], x[xOff + i], c, j);
            double xHat = (x[xOff + i] - c.mean[j]) * c.invStd[j];
            dx[dxOff + i] = k[j] * (in - meanDy[j] - xHat * meanDyXHat[j]);
        }
    }

    /** y at position j (see the class comment). */
    private static double output(double x, Positions c, int j) {
        return output(x, c.mean[j], c.invStd[j], c.scale[j], c.shift[j], c.relu, c.roundsToFloat);
    }

    private static double output(double x, double mean, double invStd, double scale, double shift, boolean relu,
            boolean roundsToFloat) {
        double y = scale * ((x - mean) * invStd) + shift;
        if (!relu) {
            return y;
        }
        return Math.max(roundsToFloat ? (double) (float) y : y, 0);
    }

    /** dy as the normalisation sees it: with a ReLU, masked as the ReLU's backward masks it. */
    private static double incoming(double dy, double x, Positions c, int j) {
        return c.relu ? dy * Math.signum(output(x, c, j)) : dy;
    }

    private static double[] scratch(int i) {
        return SCRATCH.get()[i];
    }

    private static void widen(float[] src, int off, int n, double[] dst) {
        for (int i = 0; i < n; i++) {
            dst[i] = src[off + i];
        }
    }
}
