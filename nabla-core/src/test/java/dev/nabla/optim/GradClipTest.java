package dev.nabla.optim;

import static dev.nabla.testing.TensorAssert.assertBitIdentical;
import static dev.nabla.testing.TensorAssert.assertClose;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.nabla.kernel.Kernels;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;
import dev.nabla.testing.Golden;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class GradClipTest {
    static final Golden GOLDEN = Golden.load("optim");
    /** The parameter shapes of make_optim.py; the second parameter has no gradient in the clipping cases. */
    static final int[][] SHAPES = {{3, 4}, {4}, {2}};

    static Stream<String> cases() {
        return GOLDEN.names().stream().filter(n -> n.startsWith("clip_"));
    }

    /** PyTorch sums per tensor in float32 lanes, we sum in double: the norms agree to float precision. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesPyTorch(String name) {
        Golden.Case c = GOLDEN.get(name);
        List<Tensor> params = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            Tensor p = Tensor.zeros(SHAPES[k]).requiresGrad(true);
            if (c.has("grad.p" + k)) {
                p.setGrad(c.tensor("grad.p" + k));
            }
            params.add(p);
        }
        String norm = c.string("norm_type");
        double normType = norm.equals("inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(norm);
        double total = GradClip.clipGradNorm(params, c.number("max_norm"), normType);
        assertThat(total).isCloseTo(c.number("total_norm"), within(1e-6 * c.number("total_norm")));
        assertThat(params.get(1).grad()).as("a parameter without a gradient is left alone").isNull();
        for (int k : new int[] {0, 2}) {
            assertClose(params.get(k).grad(), c.tensor("clipped.p" + k), 1e-6, 0, name + " p" + k);
        }
    }

    @Test
    void otherNormsFollowTheirDefinition() {
        Tensor a = Tensor.zeros(2).requiresGrad(true);
        Tensor b = Tensor.zeros(1).requiresGrad(true);
        a.setGrad(Tensor.of(new float[] {3, -4}, 2));
        b.setGrad(Tensor.of(new float[] {-5}, 1));
        assertThat(GradClip.clipGradNorm(List.of(a, b), 100, 1)).isEqualTo(12.0);
        assertThat(GradClip.clipGradNorm(List.of(a, b), 100, 3)).isCloseTo(Math.cbrt(27 + 64 + 125), within(1e-12));
        assertThat(GradClip.clipGradNorm(List.of(a, b), 6, 1)).isEqualTo(12.0);
        assertClose(a.grad(), Tensor.of(new float[] {1.5f, -2f}, 2), 1e-6, 0, "halved by max_norm 6 of 12");
    }

    @Test
    void largeGradientsGiveTheSameBitsOnOneOrTwoThreads() {
        Tensor big = Tensor.zeros(300_001).requiresGrad(true);
        Tensor g = Tensor.randn(new Rng(7), 300_001);
        int threads = Kernels.threads();
        try {
            Kernels.setThreads(1);
            big.setGrad(g.copy());
            double one = GradClip.clipGradNorm(List.of(big), 1.0);
            Tensor clippedOne = big.grad().copy();
            Kernels.setThreads(2);
            big.setGrad(g.copy());
            double two = GradClip.clipGradNorm(List.of(big), 1.0);
            assertThat(Double.doubleToRawLongBits(two)).isEqualTo(Double.doubleToRawLongBits(one));
            assertBitIdentical(big.grad(), clippedOne, "clipped on 2 threads vs 1");
            assertThat(one).isCloseTo(Math.sqrt(300_001), within(0.01 * Math.sqrt(300_001)));
        } finally {
            Kernels.setThreads(threads);
        }
    }

    @Test
    void noGradientsGiveZero() {
        assertThat(GradClip.clipGradNorm(List.of(Tensor.zeros(3).requiresGrad(true)), 1.0)).isZero();
    }

    @Test
    void badArgumentsAreRejected() {
        List<Tensor> params = List.of(Tensor.zeros(3).requiresGrad(true));
        assertThatThrownBy(() -> GradClip.clipGradNorm(params, -1.0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("clipGradNorm: max_norm must be >= 0, got -1.0");
        assertThatThrownBy(() -> GradClip.clipGradNorm(params, 1.0, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("clipGradNorm: norm_type must be > 0");
        Tensor p64 = Tensor.zeros(DType.FLOAT64, 2).requiresGrad(true);
        p64.setGrad(Tensor.ones(DType.FLOAT64, 2));
        assertThatThrownBy(() -> GradClip.clipGradNorm(List.of(p64), 1.0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is float64");
    }
}
