package dev.nabla.nn.layers;

import static dev.nabla.testing.TensorAssert.assertClose;
import static dev.nabla.testing.TensorAssert.assertGradCheck;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nabla.autograd.GradCheck;
import dev.nabla.nn.Module;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;
import dev.nabla.testing.Golden;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** MaxPool2d and AvgPool2d: the two share their window handling, so they are tested side by side. */
class PoolingTest {

    private static Module pool(String kind, int kh, int kw, int sh, int sw, int ph, int pw) {
        int[] k = {kh, kw};
        int[] s = {sh, sw};
        int[] p = {ph, pw};
        return kind.equals("max") ? new MaxPool2d(k, s, p) : new AvgPool2d(k, s, p);
    }

    /** Distinct values at least 0.01 apart, so that no max-pool window has a tie within eps. */
    private static Tensor distinct(Rng rng, int... shape) {
        Tensor t = Tensor.zeros(DType.FLOAT64, shape);
        int[] perm = rng.permutation(t.numel());
        for (int i = 0; i < perm.length; i++) {
            t.setFlat(i, (perm[i] - perm.length / 2.0) * 0.01);
        }
        return t.requiresGrad(true);
    }

    @ParameterizedTest(name = "{0}pool N={1} C={2} {3}x{4} kernel {5}x{6} stride {7}x{8} pad {9}x{10}")
    @CsvSource({
        "max, 2, 3, 9, 8, 3, 3, 2, 2, 1, 1",
        "max, 1, 2, 8, 8, 2, 2, 2, 2, 0, 0",
        "max, 2, 1, 7, 6, 3, 2, 1, 2, 1, 0",
        "max, 1, 1, 5, 5, 3, 3, 1, 1, 1, 1",
        "avg, 2, 3, 9, 8, 3, 3, 2, 2, 1, 1",
        "avg, 1, 2, 8, 8, 2, 2, 2, 2, 0, 0",
        "avg, 2, 1, 7, 6, 3, 2, 1, 2, 1, 1",
    })
    void gradientsMatchCentralDifferences(String kind, int n, int c, int h, int w, int kh, int kw, int sh, int sw,
            int ph, int pw) {
        Module pool = pool(kind, kh, kw, sh, sw, ph, pw);
        Tensor x = distinct(new Rng(3), n, c, h, w);
        assertGradCheck(GradCheck.check(() -> pool.forward(x), x), pool.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"maxpool_overlap", "maxpool_2x2", "maxpool_ties", "maxpool_negative",
        "avgpool_overlap_pad", "avgpool_rect"})
    void matchesPyTorch(String name) {
        Golden.Case c = Golden.load("conv").get(name);
        int[] k = c.ints("kernel");
        int[] s = c.ints("stride");
        int[] p = c.ints("padding");
        Module pool = name.startsWith("max") ? new MaxPool2d(k, s, p) : new AvgPool2d(k, s, p);
        for (DType dtype : DType.values()) {
            double tol = dtype == DType.FLOAT64 ? 1e-12 : 1e-6;
            Tensor x = c.tensor("x", dtype).requiresGrad(true);
            Tensor y = pool.forward(x);
            assertClose(y, c.tensor("y", DType.FLOAT64), tol, tol, name + " y " + dtype);
            y.backward(c.tensor("dy", dtype));
            assertClose(x.grad(), c.tensor("dx", DType.FLOAT64), tol, tol, name + " dx " + dtype);
        }
    }

    @Test
    void overlappingWindowsAccumulateTheGradientOfACellThatWinsSeveralOfThem() {
        // 3x3 windows with stride 2 over a 5x5 plane whose largest cell is in the middle: it sits in all four
        // windows, wins all four, and receives the sum of their gradients.
        Tensor x = Tensor.zeros(1, 1, 5, 5);
        x.set(9, 0, 0, 2, 2);
        x.requiresGrad(true);
        Tensor y = new MaxPool2d(3, 2, 0).forward(x);
        assertThat(y.toFloatArray()).containsExactly(9, 9, 9, 9);
        y.backward(Tensor.of(new float[] {1, 2, 3, 4}, 1, 1, 2, 2));
        assertThat(x.grad().get(0, 0, 2, 2)).isEqualTo(10f);
        assertThat(x.grad().sum().item()).isEqualTo(10f);
    }

    /** Without a graph, max pooling reuses one winners array; the outputs must not notice. */
    @Test
    void maxPoolWithoutAGraphGivesTheSameOutputs() {
        MaxPool2d pool = new MaxPool2d(3, 2, 1);
        Tensor big = Tensor.randn(new Rng(3), 4, 8, 12, 12).requiresGrad(true);
        Tensor small = Tensor.randn(new Rng(4), 2, 3, 6, 6).requiresGrad(true);
        Tensor bigWithGraph = pool.forward(big);
        Tensor smallWithGraph = pool.forward(small);
        try (dev.nabla.autograd.NoGrad ignored = dev.nabla.autograd.NoGrad.enter()) {
            // Large, then small (the array is longer than needed), then large again.
            assertThat(pool.forward(big).toFloatArray()).containsExactly(bigWithGraph.toFloatArray());
            assertThat(pool.forward(small).toFloatArray()).containsExactly(smallWithGraph.toFloatArray());
            assertThat(pool.forward(big).toFloatArray()).containsExactly(bigWithGraph.toFloatArray());
        }
        bigWithGraph.sum().backward();
        assertThat(big.grad().sum().item()).as("every window passes 1 to its winner").isEqualTo(4 * 8 * 6 * 6);
    }

    /**
     * Inference writes y straight from the running max, with no winner tracked. On special values it must
     * still give PyTorch's rule bit for bit: the first of tied cells, the last NaN (payload kept), −∞ where
     * a window holds nothing else, padding never; checked against a plain scan and against the forward
     * pass that keeps the winners, on overlapping, padded and side-by-side windows.
     */
    @ParameterizedTest(name = "kernel {0} stride {1} padding {2} on [{5}, {6}, {3}, {4}]")
    @CsvSource({
        "3, 2, 1, 13, 11, 2, 3",
        "2, 2, 0, 13, 11, 2, 3",
        "3, 1, 1, 13, 11, 2, 3",
        "2, 1, 1, 13, 11, 2, 3",
        "3, 2, 1, 9, 32, 2, 3",
        "3, 2, 1, 7, 64, 2, 3",
        "2, 2, 0, 6, 32, 2, 3",
        "3, 1, 1, 5, 16, 2, 3",
        "3, 2, 1, 16, 16, 2, 3",
        // The float32 search takes a vector's worth of planes at a time (16 or 8): several whole groups
        // and a short last one, on the seeds' small planes (4×4 → 2×2, 2×2 → 1×1) and others.
        "3, 2, 1, 2, 2, 4, 19",
        "3, 2, 1, 4, 4, 3, 13",
        "3, 2, 1, 8, 8, 2, 17",
        "2, 2, 0, 2, 2, 5, 7",
        "3, 1, 1, 3, 5, 2, 21",
        "1, 1, 0, 1, 1, 3, 11",
        // Enough groups for the kernel threads to split them.
        "3, 2, 1, 4, 4, 32, 64",
    })
    void maxPoolWithoutAGraphKeepsTiesNaNsAndInfinities(int kernel, int stride, int padding, int h, int w, int n,
            int c) {
        float nan = Float.intBitsToFloat(0x7fc0_1234);
        float[] special = {Float.NEGATIVE_INFINITY, Float.NEGATIVE_INFINITY, nan, Float.NaN, 0f, -0f, 1f, 1f,
            Float.POSITIVE_INFINITY, -2f};
        float[] values = new float[n * c * h * w];
        Rng rng = new Rng(kernel * 100 + stride * 10 + padding + 1000L * w + 100_000L * h + 10_000_000L * n * c);
        for (int i = 0; i < values.length; i++) {
            values[i] = special[rng.nextInt(special.length)];
        }
        // One plane all −∞: every window's max is −∞, and its first valid cell wins.
        java.util.Arrays.fill(values, h * w, 2 * h * w, Float.NEGATIVE_INFINITY);
        MaxPool2d pool = new MaxPool2d(kernel, stride, padding);
        Tensor x = Tensor.of(values, n, c, h, w).requiresGrad(true);
        Tensor withGraph = pool.forward(x);
        float[] withWinners = withGraph.toFloatArray();
        float[] inference;
        try (dev.nabla.autograd.NoGrad ignored = dev.nabla.autograd.NoGrad.enter()) {
            inference = pool.forward(x).toFloatArray();
        }
        float[] wins = new float[values.length];
        float[] expected = scanMaxPool(values, n * c, h, w, kernel, stride, padding, wins);
        assertThat(bits(inference)).as("without a graph").containsExactly(bits(expected));
        assertThat(bits(withWinners)).as("with a graph").containsExactly(bits(expected));
        // Each window's gradient goes to the cell the scan picks, also among equal values.
        withGraph.sum().backward();
        assertThat(x.grad().toFloatArray()).as("gradient routed to the winners").containsExactly(wins);
    }

    /**
     * PyTorch's max pooling as a plain scan: from the first valid cell, a larger cell or a NaN takes over;
     * {@code wins[i]} counts the windows cell i wins.
     */
    private static float[] scanMaxPool(float[] x, int planes, int h, int w, int k, int s, int pad, float[] wins) {
        int oh = (h + 2 * pad - k) / s + 1;
        int ow = (w + 2 * pad - k) / s + 1;
        float[] y = new float[planes * oh * ow];
        for (int plane = 0; plane < planes; plane++) {
            for (int r = 0; r < oh; r++) {
                for (int col = 0; col < ow; col++) {
                    int winner = -1;
                    float best = 0f;
                    for (int i = r * s - pad; i < r * s - pad + k; i++) {
                        for (int j = col * s - pad; j < col * s - pad + k; j++) {
                            if (i < 0 || i >= h || j < 0 || j >= w) {
                                continue;
                            }
                            float v = x[(plane * h + i) * w + j];
                            if (winner < 0 || v > best || Float.isNaN(v)) {
                                best = v;
                                winner = (plane * h + i) * w + j;
                            }
                        }
                    }
                    y[(plane * oh + r) * ow + col] = best;
                    wins[winner]++;
                }
            }
        }
        return y;
    }

    private static int[] bits(float[] values) {
        int[] out = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = Float.floatToRawIntBits(values[i]);
        }
        return out;
    }

    @Test
    void avgPoolCountsPaddingInTheDivisor() {
        Tensor x = Tensor.ones(1, 1, 2, 2);
        // With padding 1 every 3x3 window covers the whole 2x2 input and five padding cells, which count in the
        // divisor: 4/9, not 4/4.
        Tensor y = new AvgPool2d(3, 1, 1).forward(x);
        assertThat(y.toFloatArray()).containsExactly(4f / 9, 4f / 9, 4f / 9, 4f / 9);
    }

    @Test
    void strideDefaultsToTheKernelAndToStringShowsTheWindow() {
        assertThat(new MaxPool2d(2)).hasToString("MaxPool2d(kernel=2x2, stride=2, padding=0)");
        assertThat(new MaxPool2d(3, 2, 1)).hasToString("MaxPool2d(kernel=3x3, stride=2, padding=1)");
        assertThat(new AvgPool2d(new int[] {2, 3}, new int[] {1, 2}, new int[] {1, 0}))
                .hasToString("AvgPool2d(kernel=2x3, stride=1x2, padding=1x0)");
        assertThat(new MaxPool2d(2).forward(Tensor.zeros(2, 3, 8, 6)).shape()).containsExactly(2, 3, 4, 3);
        assertThat(new AvgPool2d(3).forward(Tensor.zeros(1, 1, 7, 7)).shape()).containsExactly(1, 1, 2, 2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"max", "avg"})
    void badInputsAreRejectedWithTheLayerInTheMessage(String kind) {
        Module pool = pool(kind, 3, 3, 2, 2, 1, 1);
        String name = kind.equals("max") ? "MaxPool2d" : "AvgPool2d";
        assertThatThrownBy(() -> pool.forward(Tensor.zeros(32, 512)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(name + "(kernel=3x3, stride=2, padding=1) got input [32, 512]: expected a 4-D"
                        + " batch [N, C, H, W]");
        Module big = pool(kind, 5, 5, 1, 1, 0, 0);
        assertThatThrownBy(() -> big.forward(Tensor.zeros(1, 2, 4, 8)))
                .hasMessage(name + "(kernel=5x5, stride=1, padding=0) got input [1, 2, 4, 8]: the input 4x8 padded by 0"
                        + " is smaller than the kernel 5x5 — use more padding or a smaller kernel, or downsample less"
                        + " before this layer");
        assertThatThrownBy(() -> pool(kind, 3, 3, 1, 1, 2, 1))
                .hasMessage(name + ": padding 2x1 is more than half the kernel 3x3, so a window could lie entirely in"
                        + " the padding (as PyTorch, padding must be at most kernel/2)");
    }
}
