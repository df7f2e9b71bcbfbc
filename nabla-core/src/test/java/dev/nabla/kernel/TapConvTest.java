package dev.nabla.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link Conv#forward} on geometries whose product runs tap by tap ({@link TapConv}), and
 * {@link Conv#backward} (whole-window) on the same ones, against a float64 convolution and its gradients
 * written out here from the definition, and across thread counts.
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

        float[] dy = random(r, y.length);
        float[] dx = new float[x.length];
        float[] dw = random(r, wt.length); // overwritten
        Conv.backward(g, cOut, x, 0, wt, 0, dy, 0, dx, dw, null);
        double[][] grads = referenceGradients(g, cOut, x, wt, dy);
        double tol = 2e-5 * Math.sqrt(Math.max(cOut * kh * kw, n * g.outPlane()));
        for (int i = 0; i < dw.length; i++) {
            assertThat((double) dw[i]).as("dw[%d] of %s", i, g).isCloseTo(grads[0][i],
                    org.assertj.core.data.Offset.offset(tol * (1 + Math.abs(grads[0][i]))));
        }
        for (int i = 0; i < dx.length; i++) {
            assertThat((double) dx[i]).as("dx[%d] of %s", i, g).isCloseTo(grads[1][i],
                    org.assertj.core.data.Offset.offset(tol * (1 + Math.abs(grads[1][i]))));
        }
    }

    /** Each gradient alone (the other null) is the same as both together. */
    @Test
    void eitherGradientAloneGivesTheSameBits() {
        Window2d g = new Window2d(6, 12, 2, 2, 3, 3, 1, 1, 1, 1);
        SplittableRandom r = new SplittableRandom(3);
        float[] x = random(r, 6 * 12 * 4);
        float[] w = random(r, 10 * 12 * 9);
        float[] dy = random(r, 6 * 10 * 4);
        float[] dx = new float[x.length];
        float[] dw = new float[w.length];
        Conv.backward(g, 10, x, 0, w, 0, dy, 0, dx, dw, null);
        float[] dxAlone = new float[x.length];
        Conv.backward(g, 10, x, 0, w, 0, dy, 0, dxAlone, null, null);
        float[] dwAlone = new float[w.length];
        Conv.backward(g, 10, x, 0, w, 0, dy, 0, null, dwAlone, null);
        assertThat(dxAlone).containsExactly(dx);
        assertThat(dwAlone).containsExactly(dw);
    }

    @Test
    void givesTheSameBitsOnAnyNumberOfThreads() {
        Window2d g = new Window2d(130, 64, 4, 4, 3, 3, 1, 1, 1, 1);
        assertThat(Conv.imagesPerChunk(g)).as("several chunks").isLessThan(130);
        SplittableRandom r = new SplittableRandom(7);
        float[] x = random(r, 130 * 64 * 16);
        float[] w = random(r, 48 * 64 * 9);
        float[] dy = random(r, 130 * 48 * 16);
        float[][] first = null;
        for (int t : new int[] {1, 2, 3}) {
            Kernels.setThreads(t);
            float[] y = new float[130 * 48 * 16];
            Conv.forward(g, 48, x, 0, w, 0, null, 0, y, 0);
            float[] dx = new float[x.length];
            float[] dw = new float[w.length];
            Conv.backward(g, 48, x, 0, w, 0, dy, 0, dx, dw, null);
            if (first == null) {
                first = new float[][] {y, dx, dw};
            } else {
                assertThat(y).as("y, %d threads", t).containsExactly(first[0]);
                assertThat(dx).as("dx, %d threads", t).containsExactly(first[1]);
                assertThat(dw).as("dw, %d threads", t).containsExactly(first[2]);
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

    /** dW[o, c, i, j] = Σ dy[n, o, oh, ow]·x[n, c, ih, iw] and dx[n, c, ih, iw] = Σ dy·w, in double. */
    private static double[][] referenceGradients(Window2d g, int cOut, float[] x, float[] w, float[] dy) {
        double[] dw = new double[w.length];
        double[] dx = new double[x.length];
        int cIn = g.channels();
        for (int n = 0; n < g.batch(); n++) {
            for (int o = 0; o < cOut; o++) {
                for (int oh = 0; oh < g.outH(); oh++) {
                    for (int ow = 0; ow < g.outW(); ow++) {
                        double d = dy[((n * cOut + o) * g.outH() + oh) * g.outW() + ow];
                        for (int c = 0; c < cIn; c++) {
                            for (int i = 0; i < g.kernelH(); i++) {
                                for (int j = 0; j < g.kernelW(); j++) {
                                    int ih = oh * g.strideH() - g.padH() + i;
                                    int iw = ow * g.strideW() - g.padW() + j;
                                    if (ih >= 0 && ih < g.inH() && iw >= 0 && iw < g.inW()) {
                                        int wi = ((o * cIn + c) * g.kernelH() + i) * g.kernelW() + j;
                                        int xi = ((n * cIn + c) * g.inH() + ih) * g.inW() + iw;
                                        dw[wi] += d * x[xi];
                                        dx[xi] += d * w[wi];
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return new double[][] {dw, dx};
    }

    private static float[] random(SplittableRandom r, int size) {
        float[] a = new float[size];
        for (int i = 0; i < size; i++) {
            a[i] = (float) r.nextGaussian();
        }
        return a;
    }
}
