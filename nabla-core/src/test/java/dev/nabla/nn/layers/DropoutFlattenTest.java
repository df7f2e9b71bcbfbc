package dev.nabla.nn.layers;

import static dev.nabla.nn.NnTesting.assertGradCheck;
import static dev.nabla.nn.NnTesting.leaf;
import static dev.nabla.testing.TensorAssert.assertClose;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.nabla.tensor.DType;
import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;
import dev.nabla.testing.Golden;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class DropoutFlattenTest {
    private static final Golden GOLDEN = Golden.load("layers");

    /**
     * Over n = 100,000 draws with a fixed seed the kept count is Binomial(n, 1 − p): the fraction must lie
     * within 4 standard deviations, √(p(1 − p)/n) ≤ 0.0016, of 1 − p. Every survivor is x/(1 − p) exactly
     * (the float32 rounding of the scale), every other element 0.
     */
    @ParameterizedTest(name = "p={0}")
    @ValueSource(doubles = {0.1, 0.2, 0.5, 0.8})
    void keptFractionIsBinomialAndSurvivorsAreScaled(double p) {
        int n = 100_000;
        Tensor x = Tensor.randn(new Rng(2), n);
        Tensor y = new Dropout(p, new Rng(1)).forward(x);
        float[] xs = x.toFloatArray();
        float[] ys = y.toFloatArray();
        float scale = (float) (1 / (1 - p));
        int kept = 0;
        for (int i = 0; i < n; i++) {
            if (ys[i] != 0) {
                kept++;
                assertThat(ys[i]).as("survivor %d", i).isEqualTo(xs[i] * scale);
            }
        }
        double bound = 4 * Math.sqrt(p * (1 - p) / n);
        assertThat(kept / (double) n).as("kept fraction").isCloseTo(1 - p, within(bound));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dropout_0.2", "dropout_0.5"})
    void survivorsAreScaledAsPyTorchDoes(String name) {
        Golden.Case c = GOLDEN.get(name);
        Tensor y = new Dropout(c.number("p"), new Rng(1)).forward(Tensor.ones(100));
        for (float v : y.toFloatArray()) {
            if (v != 0) {
                assertThat((double) v).isCloseTo(c.number("kept_value"), within(1e-6));
            }
        }
        assertThat(y.sum().item()).as("some elements survive").isPositive();
    }

    @Test
    void survivorsAreScaledExactlyInFloat64() {
        Tensor y = new Dropout(0.3, new Rng(5)).forward(Tensor.ones(DType.FLOAT64, 1000));
        for (double v : y.toDoubleArray()) {
            assertThat(v).isIn(0.0, 1 / 0.7);
        }
    }

    @Test
    void evaluationAndZeroProbabilityAreTheIdentity() {
        Tensor x = Tensor.randn(new Rng(3), 4, 5);
        Dropout drop = new Dropout(0.5, 9);
        drop.eval();
        assertThat(drop.forward(x)).isSameAs(x);
        assertThat(new Dropout(0, 9).forward(x)).isSameAs(x);
        assertThat(new Dropout(1, 9).forward(x).abs().sum().item()).isZero();
    }

    @Test
    void sameSeedSameMasksAndEachForwardDrawsANewOne() {
        Tensor x = Tensor.ones(2, 50);
        Dropout a = new Dropout(0.5, 42);
        Dropout b = new Dropout(0.5, 42);
        Tensor first = a.forward(x);
        assertThat(first.toFloatArray()).containsExactly(b.forward(x).toFloatArray());
        Tensor second = a.forward(x);
        assertThat(second.toFloatArray()).isNotEqualTo(first.toFloatArray());
        assertThat(second.toFloatArray()).as("the second mask replays too")
                .containsExactly(b.forward(x).toFloatArray());
        assertThat(new Dropout(0.5, 43).forward(x).toFloatArray()).as("another seed")
                .isNotEqualTo(first.toFloatArray());
    }

    @Test
    void gradientUsesTheSameMask() {
        Tensor x = leaf(new Rng(4), 1, 3, 7);
        Dropout drop = new Dropout(0.3, 5);
        Tensor y = drop.forward(x);
        y.sum().backward();
        for (int i = 0; i < x.numel(); i++) {
            double scale = y.getFlat(i) / x.getFlat(i);
            assertThat(x.grad().getFlat(i)).isCloseTo(scale, within(1e-12));
        }
        // A fresh module with the same seed replays the mask, so the check sees one fixed function.
        assertGradCheck(() -> new Dropout(0.3, 5).forward(x), "dropout", x);
        Tensor single = leaf(new Rng(6), 1, 1, 1);
        assertGradCheck(() -> new Dropout(0.5, 11).forward(single), "dropout [1, 1]", single);
    }

    @Test
    void probabilityIsValidated() {
        assertThatThrownBy(() -> new Dropout(1.5, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Dropout: probability p must be between 0 and 1, got 1.5");
        assertThatThrownBy(() -> new Dropout(-0.1, 1)).hasMessageContaining("got -0.1");
        assertThat(new Dropout(0.25, 1)).hasToString("Dropout(p=0.25)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"flatten_default", "flatten_1_2", "flatten_0_-1"})
    void flattenMatchesPyTorch(String name) {
        Golden.Case c = GOLDEN.get(name);
        Flatten flatten = name.equals("flatten_default") ? new Flatten()
                : new Flatten((int) c.number("start_dim"), (int) c.number("end_dim"));
        Tensor x = c.tensor("x").requiresGrad(true);
        Tensor y = flatten.forward(x);
        y.backward(c.tensor("g"));
        assertClose(y, c.tensor("y"), 0, 0, name + " y");
        assertClose(x.grad(), c.tensor("dx"), 0, 0, name + " dx");
    }

    static Stream<Arguments> flattenShapes() {
        return Stream.of(
                Arguments.of(new int[] {2, 3, 4, 5}, 1, -1),
                Arguments.of(new int[] {3, 2, 5}, 0, 1),
                Arguments.of(new int[] {2, 1, 3, 2, 2}, 2, 3));
    }

    @ParameterizedTest(name = "{0} start={1} end={2}")
    @MethodSource("flattenShapes")
    void flattenGradCheck(int[] shape, int start, int end) {
        Tensor x = leaf(new Rng(shape.length), 1, shape);
        assertGradCheck(() -> new Flatten(start, end).forward(x), "flatten " + Shape.str(shape), x);
    }

    @Test
    void flattenOfAPermutedInputRoutesGradientsBack() {
        Tensor x = leaf(new Rng(8), 1, 3, 4, 2);
        assertGradCheck(() -> new Flatten().forward(x.permute(2, 0, 1)), "flatten of a permuted view", x);
    }

    @Test
    void flattenMergesTrailingDimensionsAndRejectsMissingOnes() {
        Tensor x = leaf(new Rng(1), 1, 2, 3, 4, 5);
        Tensor y = new Flatten().forward(x);
        assertThat(y.shape()).containsExactly(2, 60);
        assertThat(new Flatten(1, 2).forward(x).shape()).containsExactly(2, 12, 5);
        assertThat(new Flatten(0, -1).forward(x).shape()).containsExactly(120);
        assertClose(y.reshape(2, 3, 4, 5), x, 0, 0, "view");
        assertThatThrownBy(() -> new Flatten().forward(Tensor.zeros(5)))
                .hasMessage("Flatten(start_dim=1, end_dim=-1) got input [5]: dimensions 1 to -1 do not exist in a"
                        + " tensor of rank 1 — is the batch dimension missing? A single sample needs shape [1, ...]");
    }
}
