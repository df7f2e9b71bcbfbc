package dev.nabla.nn.layers;

import static dev.nabla.nn.NnTesting.assertModuleGradCheck;
import static dev.nabla.nn.NnTesting.leaf;
import static dev.nabla.testing.TensorAssert.assertClose;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nabla.autograd.NoGrad;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;
import dev.nabla.testing.Golden;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class LayerNormTest {
    private static final Golden GOLDEN = Golden.load("layers");

    /** Input shape and how many trailing dimensions are normalised. */
    static Stream<Arguments> shapes() {
        return Stream.of(Arguments.of(new int[] {1, 1}, 1), Arguments.of(new int[] {1, 5}, 1),
                Arguments.of(new int[] {4, 7}, 1), Arguments.of(new int[] {2, 3, 5}, 1),
                Arguments.of(new int[] {2, 3, 5}, 2), Arguments.of(new int[] {3}, 1));
    }

    private static LayerNorm layerFor(int[] shape, int k, boolean affine, NormImpl impl, Rng rng) {
        LayerNorm ln = new LayerNorm(Arrays.copyOfRange(shape, shape.length - k, shape.length), 1e-5, affine, impl);
        if (affine) {
            try (NoGrad ignored = NoGrad.enter()) {
                for (int i = 0; i < ln.weight().numel(); i++) {
                    ln.weight().setFlat(i, 1 + 0.5 * rng.nextGaussian());
                    ln.bias().setFlat(i, 0.5 * rng.nextGaussian());
                }
            }
        }
        return ln;
    }

    @ParameterizedTest(name = "{0} over {1}")
    @MethodSource("shapes")
    void gradCheck(int[] shape, int k) {
        for (NormImpl impl : NormImpl.values()) {
            for (boolean affine : new boolean[] {true, false}) {
                Rng rng = new Rng(shape.length * 10L + k);
                LayerNorm ln = layerFor(shape, k, affine, impl, rng);
                assertModuleGradCheck(ln, leaf(rng, 2, shape), ln.toString());
            }
        }
    }

    @ParameterizedTest(name = "{0} over {1}")
    @MethodSource("shapes")
    void fusedAndComposedAgree(int[] shape, int k) {
        Rng rng = new Rng(3);
        LayerNorm fused = layerFor(shape, k, true, NormImpl.FUSED, rng);
        LayerNorm composed = layerFor(shape, k, true, NormImpl.COMPOSED, rng);
        composed.loadStateDict(fused.stateDict());
        fused.to(DType.FLOAT64);
        composed.to(DType.FLOAT64);
        Tensor x = leaf(rng, 3, shape);
        Tensor xc = x.detach().copy().requiresGrad(true);
        Tensor g = leaf(rng, 1, shape).detach();
        Tensor yf = fused.forward(x);
        Tensor yc = composed.forward(xc);
        yf.backward(g);
        yc.backward(g);
        assertClose(yf, yc, 1e-10, 1e-10, "y");
        assertClose(x.grad(), xc.grad(), 1e-9, 1e-10, "dx");
        assertClose(fused.weight().grad(), composed.weight().grad(), 1e-9, 1e-10, "dγ");
        assertClose(fused.bias().grad(), composed.bias().grad(), 1e-9, 1e-10, "dβ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ln_1d", "ln_2d", "ln_no_affine", "ln_n1"})
    void matchesPyTorch(String name) {
        Golden.Case c = GOLDEN.get(name);
        for (NormImpl impl : NormImpl.values()) {
            boolean affine = c.number("affine") == 1;
            LayerNorm ln = new LayerNorm(c.ints("normalized_shape"), 1e-5, affine, impl);
            if (affine) {
                try (NoGrad ignored = NoGrad.enter()) {
                    ln.weight().copyFrom(c.tensor("weight"));
                    ln.bias().copyFrom(c.tensor("bias"));
                }
            }
            Tensor x = c.tensor("x").requiresGrad(true);
            Tensor y = ln.forward(x);
            y.backward(c.tensor("g"));
            String what = name + " " + impl;
            assertClose(y, c.tensor("y"), 1e-4, 1e-5, what + " y");
            assertClose(x.grad(), c.tensor("dx"), 1e-4, 1e-5, what + " dx");
            if (affine) {
                assertClose(ln.weight().grad(), c.tensor("dweight"), 1e-4, 1e-5, what + " dγ");
                assertClose(ln.bias().grad(), c.tensor("dbias"), 1e-4, 1e-5, what + " dβ");
            }
        }
    }

    @Test
    void outputDoesNotDependOnTheRestOfTheBatch() {
        LayerNorm ln = new LayerNorm(6);
        Tensor batch = Tensor.randn(new Rng(2), 5, 6);
        Tensor alone = ln.forward(batch.narrow(0, 2, 1));
        assertClose(ln.forward(batch).narrow(0, 2, 1), alone, 0, 0, "row 2");
    }

    @Test
    void wrongShapeNamesTheLayerAndBothShapes() {
        assertThatThrownBy(() -> new LayerNorm(100).forward(Tensor.zeros(32, 64)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("LayerNorm([100]) got input [32, 64]: the last dimension must be [100] — LayerNorm"
                        + " normalises each sample over its trailing dimensions; does the previous layer output this"
                        + " many features?");
        assertThatThrownBy(() -> new LayerNorm(3, 5).forward(Tensor.zeros(5)))
                .hasMessageContaining("the last 2 dimensions must be [3, 5]");
        assertThatThrownBy(() -> new LayerNorm()).hasMessageContaining("non-empty");
    }

    @Test
    void toStringAndParameters() {
        LayerNorm ln = new LayerNorm(3, 5);
        assertThat(ln).hasToString("LayerNorm([3, 5], eps=1e-05, elementwise_affine=true)");
        assertThat(ln.weight().shape()).containsExactly(3, 5);
        assertThat(ln.stateDict().keySet()).containsExactly("weight", "bias");
        assertThat(LayerNorm.composed(4)).hasToString("LayerNorm([4], eps=1e-05, elementwise_affine=true, composed)");
    }
}
