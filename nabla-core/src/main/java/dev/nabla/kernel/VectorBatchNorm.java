package dev.nabla.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The float32 loops of {@link BatchNormKernel} on the Vector API, four elements at a time: each 4-float
 * load widens exactly to a 4-double vector ({@code F2D}, one instruction; see {@link VectorReduce} for why
 * not the halves of a wider vector), the arithmetic is the class comment's in the same order, lane by lane,
 * and results narrow back with {@code D2F}, which rounds as a {@code (float)} cast does. The last
 * {@code n mod 4} elements take the same operations on scalars. Only loaded when
 * {@link Kernels#vectorEnabled()}.
 */
final class VectorBatchNorm {
    /** Doubles per vector: 8 where 512-bit vectors are native, else 4. */
    private static final VectorSpecies<Double> D4 = FloatVector.SPECIES_PREFERRED.vectorBitSize() >= 512
            ? DoubleVector.SPECIES_512 : DoubleVector.SPECIES_256;
    /** Floats per load: as many as D4 has doubles. */
    private static final VectorSpecies<Float> F4 = D4.length() == 8 ? FloatVector.SPECIES_256 : FloatVector.SPECIES_128;
    private static final int L = D4.length();

    private VectorBatchNorm() {}

    /** True when 256-bit vectors are native here. */
    static boolean supported() {
        return FloatVector.SPECIES_PREFERRED.vectorBitSize() >= 256;
    }

    private static DoubleVector widen(float[] x, int at) {
        return (DoubleVector) FloatVector.fromArray(F4, x, at).convertShape(VectorOperators.F2D, D4, 0);
    }

    private static FloatVector narrow(DoubleVector v) {
        return (FloatVector) v.convertShape(VectorOperators.D2F, F4, 0);
    }

    static void accumulate(float[] x, int xOff, int n, double[] sums) {
        int i = 0;
        for (; i + L <= n; i += L) {
            DoubleVector.fromArray(D4, sums, i).add(widen(x, xOff + i)).intoArray(sums, i);
        }
        for (; i < n; i++) {
            sums[i] += x[xOff + i];
        }
    }

    static void accumulateSquares(float[] x, int xOff, int n, double[] mean, double[] squares) {
        int i = 0;
        for (; i + L <= n; i += L) {
            DoubleVector d = widen(x, xOff + i).sub(DoubleVector.fromArray(D4, mean, i));
            DoubleVector.fromArray(D4, squares, i).add(d.mul(d)).intoArray(squares, i);
        }
        for (; i < n; i++) {
            double d = x[xOff + i] - mean[i];
            squares[i] += d * d;
        }
    }

    static void normalize(float[] x, int xOff, int n, BatchNormKernel.Positions c, float[] y, int yOff) {
        double[] mean = c.mean();
        double[] invStd = c.invStd();
        double[] scale = c.scale();
        double[] shift = c.shift();
        boolean relu = c.relu();
        int i = 0;
        for (; i + L <= n; i += L) {
            DoubleVector xHat = widen(x, xOff + i).sub(DoubleVector.fromArray(D4, mean, i))
                    .mul(DoubleVector.fromArray(D4, invStd, i));
            FloatVector f = narrow(DoubleVector.fromArray(D4, scale, i).mul(xHat).add(DoubleVector.fromArray(D4, shift, i)));
            if (relu) {
                // max(f, 0) as Math.max: −0 and +0 become +0, NaN stays.
                f = f.blend(0f, f.compare(VectorOperators.LE, 0f));
            }
            f.intoArray(y, yOff + i);
        }
        for (; i < n; i++) {
            y[yOff + i] = output(x[xOff + i], c, i);
        }
    }

    /** {@link #normalize} over positions that share one channel's constants, given as scalars. */
    static void normalizeChannel(float[] x, int xOff, int n, double mean, double invStd, double scale, double shift,
            boolean relu, float[] y, int yOff) {
        DoubleVector mu = DoubleVector.broadcast(D4, mean);
        DoubleVector inv = DoubleVector.broadcast(D4, invStd);
        DoubleVector gamma = DoubleVector.broadcast(D4, scale);
        DoubleVector beta = DoubleVector.broadcast(D4, shift);
        int i = 0;
        for (; i + L <= n; i += L) {
            FloatVector f = narrow(gamma.mul(widen(x, xOff + i).sub(mu).mul(inv)).add(beta));
            if (relu) {
                f = f.blend(0f, f.compare(VectorOperators.LE, 0f));
            }
            f.intoArray(y, yOff + i);
        }
        for (; i < n; i++) {
            y[yOff + i] = output(x[xOff + i], mean, invStd, scale, shift, relu);
        }
    }

    static void gradientSums(float[] dy, int dyOff, float[] x, int xOff, int n, BatchNormKernel.Positions c,
            double[] sumDy, double[] sumDyXHat) {
        double[] mean = c.mean();
        double[] invStd = c.invStd();
        double[] scale = c.scale();
        double[] shift = c.shift();
        boolean relu = c.relu();
        int i = 0;
        for (; i + L <= n; i += L) {
            DoubleVector xs = widen(x, xOff + i);
            DoubleVector xHat = xs.sub(DoubleVector.fromArray(D4, mean, i)).mul(DoubleVector.fromArray(D4, invStd, i));
            DoubleVector in = widen(dy, dyOff + i);
            if (relu) {
                // dy·signum(y): after the ReLU y is +0, positive or NaN, where signum(y) is y, 1 and y.
                FloatVector y = narrow(DoubleVector.fromArray(D4, scale, i).mul(xHat)
                        .add(DoubleVector.fromArray(D4, shift, i)));
                y = y.blend(0f, y.compare(VectorOperators.LE, 0f));
                in = in.mul((DoubleVector) y.blend(1f, y.compare(VectorOperators.GT, 0f))
                        .convertShape(VectorOperators.F2D, D4, 0));
            }
            DoubleVector.fromArray(D4, sumDy, i).add(in).intoArray(sumDy, i);
            DoubleVector.fromArray(D4, sumDyXHat, i).add(in.mul(xHat)).intoArray(sumDyXHat, i);
        }
        for (; i < n; i++) {
            double xs = x[xOff + i];
            double in = incoming(dy[dyOff + i], x[xOff + i], c, i);
            sumDy[i] += in;
            sumDyXHat[i] += in * ((xs - c.mean()[i]) * c.invStd()[i]);
        }
    }

    static void inputGradient(float[] dy, int dyOff, float[] x, int xOff, int n, BatchNormKernel.Positions c,
            double[] k, double[] meanDy, double[] meanDyXHat, float[] dx, int dxOff) {
        double[] mean = c.mean();
        double[] invStd = c.invStd();
        double[] scale = c.scale();
        double[] shift = c.shift();
        boolean relu = c.relu();
        int i = 0;
        for (; i + L <= n; i += L) {
            DoubleVector xs = widen(x, xOff + i);
            DoubleVector xHat = xs.sub(DoubleVector.fromArray(D4, mean, i)).mul(DoubleVector.fromArray(D4, invStd, i));
            DoubleVector in = widen(dy, dyOff + i);
            if (relu) {
                // dy·signum(y): after the ReLU y is +0, positive or NaN, where signum(y) is y, 1 and y.
                FloatVector y = narrow(DoubleVector.fromArray(D4, scale, i).mul(xHat)
                        .add(DoubleVector.fromArray(D4, shift, i)));
                y = y.blend(0f, y.compare(VectorOperators.LE, 0f));
                in = in.mul((DoubleVector) y.blend(1f, y.compare(VectorOperators.GT, 0f))
                        .convertShape(VectorOperators.F2D, D4, 0));
            }
            DoubleVector inner = in.sub(DoubleVector.fromArray(D4, meanDy, i))
                    .sub(xHat.mul(DoubleVector.fromArray(D4, meanDyXHat, i)));
            narrow(DoubleVector.fromArray(D4, k, i).mul(inner)).intoArray(dx, dxOff + i);
        }
        for (; i < n; i++) {
            double xs = x[xOff + i];
            double in = incoming(dy[dyOff + i], x[xOff + i], c, i);
            double xHat = (xs - c.mean()[i]) * c.invStd()[i];
            dx[dxOff + i] = (float) (k[i] * (in - meanDy[i] - xHat * meanDyXHat[i]));
        }
    }

    private static float output(double x, BatchNormKernel.Positions c, int i) {
        return output(x, c.mean()[i], c.invStd()[i], c.scale()[i], c.shift()[i], c.relu());
    }

    private static float output(double x, double mean, double invStd, double scale, double shift, boolean relu) {
        float y = (float) (scale * ((x - mean) * invStd) + shift);
        return relu ? Math.max(y, 0f) : y;
    }

    private static double incoming(double dy, double x, BatchNormKernel.Positions c, int i) {
        return c.relu() ? dy * Math.signum(output(x, c, i)) : dy;
    }
}
