package dev.nabla.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link Conv} on layers whose products read the column matrix in place and compute the input gradient
 * as dYᵀ·W, against the plain recipe written out: im2col, Y = W·col, dW = dY·colᵀ, dcol = Wᵀ·dY and
 * col2im. The two must give the same bits, since both sum every element in the same order; except the
 * forward product of the planes that run tap by tap ({@link TapConv}), which sums in another order.
 */
class ConvTest {

    @ParameterizedTest(name = "{1}->{2} on {3}x{3}, batch {0}")
    @CsvSource({
        "8, 32, 24, 8",    // one chunk of 8 images
        "5, 48, 40, 2",    // 2x2 planes: most cells are padding
        "3, 16, 8, 7",     // odd plane size
    })
    void inPlaceProductsGiveTheBitsOfTheWrittenOutRecipe(int n, int cIn, int cOut, int size) {
        Window2d g = new Window2d(n, cIn, size, size, 3, 3, 1, 1, 1, 1);
        assertThat(Conv.implicit(g)).isTrue();
        assertThat(Conv.imagesPerChunk(g)).as("one chunk, so the recipe below needs no chunk loop").isEqualTo(n);
        int k = cIn * 9;
        int p = g.outPlane();
        int cols = n * p;
        SplittableRandom r = new SplittableRandom(n + 100L * size);
        float[] x = random(r, n * cIn * size * size);
        float[] w = random(r, cOut * k);
        float[] dy = random(r, n * cOut * p);

        float[] y = new float[dy.length];
        float[] dx = new float[x.length];
        float[] dw = new float[w.length];
        Conv.forward(g, cOut, x, 0, w, 0, null, 0, y, 0);
        Conv.backward(g, cOut, x, 0, w, 0, dy, 0, dx, dw, null);

        float[] col = new float[k * cols];
        Im2col.im2col(g, x, 0, 0, n, col, cols);
        float[] yMat = new float[cOut * cols];
        Gemm.sgemm(false, false, cOut, cols, k, 1f, w, 0, k, col, 0, cols, 0f, yMat, 0, cols);
        float[] dyMat = new float[cOut * cols];
        for (int i = 0; i < n; i++) {
            for (int o = 0; o < cOut; o++) {
                for (int q = 0; q < p; q++) {
                    if (Conv.tapwise(g)) {
                        // Summed tap by tap (TapConv, tested against float64 in TapConvTest): not these bits.
                        assertThat(y[(i * cOut + o) * p + q]).as("y[%d, %d, %d]", i, o, q)
                                .isCloseTo(yMat[o * cols + i * p + q], org.assertj.core.data.Offset.offset(1e-4f));
                    } else {
                        assertThat(y[(i * cOut + o) * p + q]).as("y[%d, %d, %d]", i, o, q)
                                .isEqualTo(yMat[o * cols + i * p + q]);
                    }
                    dyMat[o * cols + i * p + q] = dy[(i * cOut + o) * p + q];
                }
            }
        }
        float[] dwExpected = new float[w.length];
        Gemm.sgemm(false, true, cOut, k, cols, 1f, dyMat, 0, cols, col, 0, cols, 0f, dwExpected, 0, k);
        assertThat(dw).as("dw").containsExactly(dwExpected);
        float[] dcol = new float[k * cols];
        Gemm.sgemm(true, false, k, cols, cOut, 1f, w, 0, k, dyMat, 0, cols, 0f, dcol, 0, cols);
        float[] dxExpected = new float[x.length];
        Im2col.col2im(g, dcol, cols, 0, n, dxExpected, 0);
        assertThat(dx).as("dx").containsExactly(dxExpected);
    }

    private static float[] random(SplittableRandom r, int size) {
        float[] a = new float[size];
        for (int i = 0; i < size; i++) {
            a[i] = (float) r.nextGaussian();
        }
        return a;
    }
}
