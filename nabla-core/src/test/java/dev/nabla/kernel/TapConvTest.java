package dev.nabla.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link Conv#forward} on geometries whose product runs tap by tap ({@link TapConv}), against a float64
 * convolution written out here from the definition, and across thread counts.
 */
class TapConvTest {
    private static final int THREADS = Kernels.threads();

    @AfterEach
    void restoreThreads() {
        Kernels.setThreads(THREADS);
    }

    @ParameterizedTest(name = "N={0} {1}->{2} on {3}x{4}, kernel {5}x{6}, stride {7}, padding {8}x{9}")
    @CsvSource({
        "5, 48, 40, 2, 2, 3, 3, 1, 1, 1",  // the seeds'' 2x2 layers: every pixel misses 5 of 9 taps
        "3, 16, 20, 4, 4, 3, 3, 1, 1, 1",  // the 4x4 layers
        "130, 64, 24, 2, 2, 3, 3, 1, 1, 1", // several chunks of images
        "4, 8, 5, 1, 1, 3, 3, 1, 1, 1",    // a 1x1 plane: only the centre tap is inside
        "2, 6, 7, 2, 2, 3, 3, 1, 2, 2",    // padding 2: no tap is inside for every pixel
        "3, 5, 9, 3, 3, 3, 3, 2, 1, 1",    // stride 2
        "2, 4, 6, 2, 5, 3, 3, 1, 1, 1",    // a rectangular plane
        "2, 4, 6, 2, 5, 3, 3, 1, 1, 0",    // no padding across: the middle row's three taps are inside everywhere
    })
    void matchesTheDefinitionInFloat64(int n, int cIn, int cOut, int h, int w, int kh, int kw, int stride,
            int padH, int padW) {
        Window2d g = new Window2d(n, cIn, h, w, kh, kw, stride, stride, padH, padW);
        assertThat(Conv.tapwise(g)).as("takes the tap-by-tap product").isTrue();
        SplittableRandom r = new SplittableRandom(n * 1000L + cIn * 10L + h);
        float[] x = random(r, n * cIn * h * w);
        float[] wt = random(r, cOut * cIn * kh * kw);
        float[] b = random(r, cOut);
        float[] y = new float[n * cOut * g.outPlane()];
        Conv.forward(g, cOut, x, 0, wt, 0, b, 0, y, 0);
        double[] expected = reference(g, cOut, x, wt, b);
        for (int i = 0; i < y.length; i++) {
            assertThat((double) y[i]).as("y[%d] of %s", i, g).isCloseTo(expected[i],
                    org.assertj.core.data.Offset.offset(2e-5 * Math.sqrt(cIn * kh * kw) * (1 + Math.abs(expected[i]))));
        }
    }

    @Test
    void givesTheSameBitsOnAnyNumberOfThreads() {
        Window2d g = new Window2d(130, 64, 4, 4, 3, 3, 1, 1, 1, 1);
        assertThat(Conv.imagesPerChunk(g)).as("several chunks").isLessThan(130);
        SplittableRandom r = new SplittableRandom(7);
        float[] x = random(r, 130 * 64 * 16);
        float[] w = random(r, 48 * 64 * 9);
        float[] first = null;
        for (int t : new int[] {1, 2, 3}) {
            Kernels.setThreads(t);
            float[] y = new float[130 * 48 * 16];
            Conv.forward(g, 48, x, 0, w, 0, null, 0, y, 0);
            if (first == null) {
                first = y;
            } else {
                assertThat(y).as("%d threads", t).containsExactly(first);
            }
        }
    }

    /** The seeds' CNN: the 2×2 and 4×4 layers take the tap path; 8×8 and larger keep the whole window. */
    @Test
    void smallPlanesTakeTheTapPathAndLargerOnesTheWholeWindow() {
        for (int size : new int[] {1, 2, 4}) {
            assertThat(Conv.tapwise(new Window2d(32, 256, size, size, 3, 3, 1, 1, 1, 1))).as("%dx%d", size, size)
                    .isTrue();
        }
        for (int size : new int[] {8, 16, 32}) {
            assertThat(Conv.tapwise(new Window2d(32, 256, size, size, 3, 3, 1, 1, 1, 1))).as("%dx%d", size, size)
                    .isFalse();
        }
        assertThat(Conv.tapwise(new Window2d(32, 256, 4, 4, 3, 3, 1, 1, 0, 0))).as("no padding").isFalse();
    }

    @Test
    void validPixelsListWhereEachTapIsInside() {
        int[][] valid = new Window2d(1, 1, 2, 2, 3, 3, 1, 1, 1, 1).validPixels();
        assertThat(valid[0]).as("top-left tap: only the bottom-right pixel").containsExactly(3);
        assertThat(valid[1]).as("top tap: the bottom row").containsExactly(2, 3);
        assertThat(valid[4]).as("centre").containsExactly(0, 1, 2, 3);
        assertThat(valid[8]).as("bottom-right tap: only the top-left pixel").containsExactly(0);
    }

    /** y[n, o, oh, ow] = b[o] + Σ_{c, i, j} w[o, c, i, j]·x[n, c, oh·s − p + i, ow·s − p + j], in double. */
    private static double[] reference(Window2d g, int cOut, float[] x, float[] w, float[] b) {
        double[] y = new double[g.batch() * cOut * g.outPlane()];
        for (int n = 0; n < g.batch(); n++) {
            for (int o = 0; o < cOut; o++) {
                for (int oh = 0; oh < g.outH(); oh++) {
                    for (int ow = 0; ow < g.outW(); ow++) {
                        double s = b[o];
                        for (int c = 0; c < g.channels(); c++) {
                            for (int i = 0; i < g.kernelH(); i++) {
                                for (int j = 0; j < g.kernelW(); j++) {
                                    int ih = oh * g.strideH() - g.padH() + i;
                                    int iw = ow * g.strideW() - g.padW() + j;
                                    if (ih >= 0 && ih < g.inH() && iw >= 0 && iw < g.inW()) {
                                        s += (double) w[((o * g.channels() + c) * g.kernelH() + i) * g.kernelW() + j]
                                                * x[((n * g.channels() + c) * g.inH() + ih) * g.inW() + iw];
                                    }
                                }
                            }
                        }
                        y[((n * cOut + o) * g.outH() + oh) * g.outW() + ow] = s;
                    }
                }
            }
        }
        return y;
    }

    private static float[] random(SplittableRandom r, int size) {
        float[] a = new float[size];
        for (int i = 0; i < size; i++) {
            a[i] = (float) r.nextGaussian();
        }
        return a;
    }
}
