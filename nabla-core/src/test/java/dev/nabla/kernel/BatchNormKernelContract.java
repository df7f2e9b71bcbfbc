package dev.nabla.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link BatchNormKernel}'s float32 passes against its double passes run on the same values widened: the
 * float path (vector loops in {@link BatchNormKernelTest}, the plain fallback in
 * {@link BatchNormKernelWithoutVectorTest}) must give the same bits, signed zeros and NaN included, for
 * run lengths around the vector widths and with operands at offsets. The double sums see any change in
 * the order of the double operations; the float outputs see a wrong formula (a reordering in double
 * almost never changes a value once it is rounded to float).
 */
abstract class BatchNormKernelContract {
    private static final String CASES = """
            1, false
            1, true
            3, true
            7, false
            8, true
            17, false
            17, true
            1000, false
            1000, true
            """;

    /** A run of n values with the awkward ones planted: NaN, ±0, and x = μ where γ < 0 and β = −0 (so y = −0). */
    private record Run(float[] x, float[] dy, BatchNormKernel.Positions p, int off) {
        static Run of(int n, boolean relu) {
            SplittableRandom r = new SplittableRandom(n * 7L + (relu ? 1 : 0));
            int off = 5;
            float[] x = new float[off + n + 3];
            float[] dy = new float[off + n + 3];
            double[] mean = new double[n];
            double[] invStd = new double[n];
            double[] scale = new double[n];
            double[] shift = new double[n];
            for (int i = 0; i < n; i++) {
                x[off + i] = (float) (r.nextGaussian() * 3);
                dy[off + i] = (float) r.nextGaussian();
                mean[i] = r.nextGaussian();
                invStd[i] = 0.5 + r.nextDouble();
                scale[i] = r.nextGaussian();
                shift[i] = r.nextGaussian() * 0.1;
                switch (i % 5) {
                    case 1 -> {
                        x[off + i] = (float) mean[i];
                        mean[i] = x[off + i];
                        scale[i] = -Math.abs(scale[i]) - 0.1;
                        shift[i] = -0.0;
                    }
                    case 3 -> x[off + i] = i % 2 == 0 ? Float.NaN : -0f;
                    default -> { }
                }
            }
            return new Run(x, dy, new BatchNormKernel.Positions(mean, invStd, scale, shift, relu, true), off);
        }

        int n() {
            return p.mean().length;
        }

        double[] wide(float[] a) {
            double[] d = new double[a.length];
            for (int i = 0; i < a.length; i++) {
                d[i] = a[i];
            }
            return d;
        }
    }

    @ParameterizedTest(name = "n={0} relu={1}")
    @CsvSource(textBlock = CASES)
    void statisticsSumsMatchTheDoublePass(int n, boolean relu) {
        Run run = Run.of(n, relu);
        double[] sums = seeded(n, 1);
        double[] expected = sums.clone();
        BatchNormKernel.accumulate(run.x(), run.off(), n, sums);
        BatchNormKernel.accumulate(run.wide(run.x()), run.off(), n, expected);
        assertSameBits(sums, expected, "sums");

        double[] squares = seeded(n, 2);
        double[] expectedSquares = squares.clone();
        BatchNormKernel.accumulateSquares(run.x(), run.off(), n, run.p().mean(), squares);
        BatchNormKernel.accumulateSquares(run.wide(run.x()), run.off(), n, run.p().mean(), expectedSquares);
        assertSameBits(squares, expectedSquares, "squares");
    }

    @ParameterizedTest(name = "n={0} relu={1}")
    @CsvSource(textBlock = CASES)
    void outputMatchesTheDoublePassRounded(int n, boolean relu) {
        Run run = Run.of(n, relu);
        float[] y = new float[n + 2];
        BatchNormKernel.normalize(run.x(), run.off(), n, run.p(), y, 2);
        double[] expected = new double[n];
        BatchNormKernel.normalize(run.wide(run.x()), run.off(), n, run.p(), expected, 0);
        boolean sawNegativeZero = false;
        for (int i = 0; i < n; i++) {
            assertThat(Float.floatToIntBits(y[2 + i])).as("y[%d]", i).isEqualTo(Float.floatToIntBits((float) expected[i]));
            sawNegativeZero |= Float.floatToRawIntBits(y[2 + i]) == Float.floatToRawIntBits(-0f);
            if (relu) {
                assertThat(Float.floatToRawIntBits(y[2 + i])).as("relu y[%d] is never -0", i)
                        .isNotEqualTo(Float.floatToRawIntBits(-0f));
            }
        }
        if (!relu && n > 1) {
            assertThat(sawNegativeZero).as("the run produced a -0 output to check").isTrue();
        }
    }

    /**
     * One channel's constants as scalars give the bits of the same constants spread over the positions,
     * for each position's constants in turn (position 1 makes y = −0 where x = μ; NaN and −0 inputs sit at
     * positions 3 mod 5).
     */
    @ParameterizedTest(name = "n={0} relu={1}")
    @CsvSource(textBlock = CASES)
    void oneChannelsScalarConstantsGiveTheBitsOfTheSpreadOnes(int n, boolean relu) {
        Run run = Run.of(n, relu);
        BatchNormKernel.Positions p = run.p();
        for (int k = 0; k < Math.min(n, 5); k++) {
            double[][] spread = new double[4][n];
            double[] constants = {p.mean()[k], p.invStd()[k], p.scale()[k], p.shift()[k]};
            for (int j = 0; j < 4; j++) {
                java.util.Arrays.fill(spread[j], constants[j]);
            }
            float[] expected = new float[n];
            BatchNormKernel.normalize(run.x(), run.off(), n,
                    new BatchNormKernel.Positions(spread[0], spread[1], spread[2], spread[3], relu, true), expected, 0);
            float[] y = new float[n + 3];
            BatchNormKernel.normalizeChannel(run.x(), run.off(), n, constants[0], constants[1], constants[2], constants[3],
                    relu, y, 3);
            for (int i = 0; i < n; i++) {
                assertThat(Float.floatToRawIntBits(y[3 + i])).as("constants of position %d, y[%d]", k, i)
                        .isEqualTo(Float.floatToRawIntBits(expected[i]));
            }
        }
    }

    @ParameterizedTest(name = "n={0} relu={1}")
    @CsvSource(textBlock = CASES)
    void gradientsMatchTheDoublePass(int n, boolean relu) {
        Run run = Run.of(n, relu);
        double[] sumDy = seeded(n, 3);
        double[] sumDyXHat = seeded(n, 4);
        double[] expectedDy = sumDy.clone();
        double[] expectedDyXHat = sumDyXHat.clone();
        BatchNormKernel.gradientSums(run.dy(), run.off(), run.x(), run.off(), n, run.p(), sumDy, sumDyXHat);
        BatchNormKernel.gradientSums(run.wide(run.dy()), run.off(), run.wide(run.x()), run.off(), n, run.p(), expectedDy,
                expectedDyXHat);
        assertSameBits(sumDy, expectedDy, "sumDy");
        assertSameBits(sumDyXHat, expectedDyXHat, "sumDyXHat");

        double[] k = seeded(n, 5);
        double[] meanDy = seeded(n, 6);
        double[] meanDyXHat = seeded(n, 7);
        float[] dx = new float[n + 1];
        BatchNormKernel.inputGradient(run.dy(), run.off(), run.x(), run.off(), n, run.p(), k, meanDy, meanDyXHat, dx, 1);
        double[] expected = new double[n];
        BatchNormKernel.inputGradient(run.wide(run.dy()), run.off(), run.wide(run.x()), run.off(), n, run.p(), k, meanDy,
                meanDyXHat, expected, 0);
        for (int i = 0; i < n; i++) {
            assertThat(Float.floatToIntBits(dx[1 + i])).as("dx[%d]", i).isEqualTo(Float.floatToIntBits((float) expected[i]));
        }
    }

    private static double[] seeded(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = r.nextGaussian();
        }
        return a;
    }

    private static void assertSameBits(double[] actual, double[] expected, String what) {
        for (int i = 0; i < expected.length; i++) {
            assertThat(Double.doubleToLongBits(actual[i])).as("%s[%d]", what, i)
                    .isEqualTo(Double.doubleToLongBits(expected[i]));
        }
    }
}
