package dev.nabla.nn.layers;

import static dev.nabla.nn.NnTesting.assertGradCheck;
import static dev.nabla.nn.NnTesting.leaf;
import static dev.nabla.testing.TensorAssert.assertClose;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;
import dev.nabla.testing.Golden;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DropoutFlattenTest {
    private static final Golden GOLDEN = Golden.load("layers");

    @ParameterizedTest
    @ValueSource(strings = {"dropout_0.2", "dropout_0.5"})
    void survivorsAreScaledAsPyTorchDoes(String name) {
        Golden.Case c = GOLDEN.get(name);
        double p = c.number("p");
        Tensor y = new Dropout(p, new Rng(1)).forward(Tensor.ones(2000));
        int kept = 0;
        for (float v : y.toFloatArray()) {
            if (v != 0) {
                kept++;
                assertThat((double) v).isCloseTo(c.number("kept_value"), within(1e-6));
            }
        }
        // PyTorch kept a fraction near 1 − p too; both are Bernoulli(1 − p) over 2000 draws.
        assertThat(kept / 2000.0).isCloseTo(1 - p, within(0.04));
        assertThat(c.number("kept_fraction")).isCloseTo(1 - p, within(0.04));
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
        Tensor x = Tensor.ones(50);
        Dropout a = new Dropout(0.5, 42);
        Dropout b = new Dropout(0.5, 42);
        Tensor first = a.forward(x);
        assertThat(first.toFloatArray()).containsExactly(b.forward(x).toFloatArray());
        assertThat(a.forward(x).toFloatArray()).isNotEqualTo(first.toFloatArray());
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

    @Test
    void flattenMergesTrailingDimensionsAndRoutesGradientsBack() {
        Tensor x = leaf(new Rng(1), 1, 2, 3, 4, 5);
        Tensor y = new Flatten().forward(x);
        assertThat(y.shape()).containsExactly(2, 60);
        assertThat(new Flatten(1, 2).forward(x).shape()).containsExactly(2, 12, 5);
        assertThat(new Flatten(0, -1).forward(x).shape()).containsExactly(120);
        Tensor weights = Tensor.randn(new Rng(2), 2, 60).to(dev.nabla.tensor.DType.FLOAT64);
        assertGradCheck(() -> new Flatten().forward(x).mul(weights), "flatten", x);
        assertClose(y.reshape(2, 3, 4, 5), x, 0, 0, "view");
        assertThatThrownBy(() -> new Flatten().forward(Tensor.zeros(5)))
                .hasMessage("Flatten(start_dim=1, end_dim=-1) got input [5]: dimensions 1 to -1 do not exist in a"
                        + " tensor of rank 1 — is the batch dimension missing? A single sample needs shape [1, ...]");
    }
}
