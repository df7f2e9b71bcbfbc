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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class LinearTest {
    private static final Golden GOLDEN = Golden.load("layers");

    @ParameterizedTest(name = "[{0}, {1}] -> {2}, bias={3}")
    @CsvSource({"1, 1, 1, true", "1, 7, 3, true", "4, 5, 3, true", "7, 3, 6, false", "16, 11, 1, true"})
    void gradCheckInputWeightAndBias(int n, int in, int out, boolean bias) {
        Rng rng = new Rng(n * 31L + in);
        Linear layer = new Linear(in, out, bias, rng);
        assertModuleGradCheck(layer, leaf(rng, 1, n, in), "Linear " + in + "->" + out);
    }

    @Test
    void gradCheckWithLeadingDimensions() {
        Rng rng = new Rng(3);
        Linear layer = new Linear(5, 2, rng);
        assertModuleGradCheck(layer, leaf(rng, 1, 2, 3, 5), "Linear on [2, 3, 5]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"linear_2d", "linear_3d", "linear_n1"})
    void matchesPyTorch(String name) {
        Golden.Case c = GOLDEN.get(name);
        Linear layer = new Linear(7, 4, new Rng(0));
        layer.loadStateDict(java.util.Map.of("weight", c.tensor("weight"), "bias", c.tensor("bias")));
        Tensor x = c.tensor("x").requiresGrad(true);
        Tensor y = layer.forward(x);
        y.backward(c.tensor("g"));
        assertClose(y, c.tensor("y"), 1e-5, 1e-6, name + " y");
        assertClose(x.grad(), c.tensor("dx"), 1e-5, 1e-6, name + " dx");
        assertClose(layer.weight().grad(), c.tensor("dweight"), 1e-5, 1e-6, name + " dW");
        assertClose(layer.bias().grad(), c.tensor("dbias"), 1e-5, 1e-6, name + " db");
    }

    @Test
    void inputThatNeedsNoGradientGetsNone() {
        Linear layer = new Linear(3, 2, new Rng(1));
        Tensor x = Tensor.randn(new Rng(2), 4, 3);
        layer.forward(x).sum().backward();
        assertThat(x.grad()).isNull();
        assertThat(layer.weight().grad()).isNotNull();
        assertThat(layer.bias().grad().shape()).containsExactly(2);
    }

    @Test
    void gradientsAccumulateWhenUsedTwice() {
        Rng rng = new Rng(5);
        Linear layer = new Linear(4, 4, rng);
        layer.to(DType.FLOAT64);
        Tensor x = leaf(rng, 1, 3, 4);
        layer.forward(layer.forward(x)).sum().backward();
        Tensor twice = layer.weight().grad().copy();
        // The same gradient by hand: y1 = x·Wᵀ + b, y2 = y1·Wᵀ + b, L = Σ y2.
        layer.zeroGrad();
        Tensor w = layer.weight().detach();
        Tensor y1;
        try (NoGrad ignored = NoGrad.enter()) {
            y1 = layer.forward(x.detach());
        }
        Tensor ones = Tensor.ones(DType.FLOAT64, 3, 4);
        Tensor dW2 = ones.t().matmul(y1);
        Tensor dY1 = ones.matmul(w);
        Tensor dW1 = dY1.t().matmul(x.detach());
        assertClose(twice, dW1.add(dW2), 1e-12, 1e-12, "dW of a layer used twice");
    }

    @Test
    void wrongInputSizeNamesLayerShapesAndHint() {
        Linear mnist = new Linear(784, 100, new Rng(1));
        assertThatThrownBy(() -> mnist.forward(Tensor.zeros(32, 3072)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Linear(in=784, out=100) got input [32, 3072]: the last dimension must be 784 — did you"
                        + " forget to flatten, or is the dataset CIFAR-10 rather than MNIST?");
        Linear cifar = new Linear(3072, 100, new Rng(1));
        assertThatThrownBy(() -> cifar.forward(Tensor.zeros(2, 3, 32, 32)))
                .hasMessageContaining("got input [2, 3, 32, 32]")
                .hasMessageContaining("did you forget to flatten? Each sample has 3072 values: add a Flatten()");
        Linear small = new Linear(5, 2, new Rng(1));
        assertThatThrownBy(() -> small.forward(Tensor.zeros(2, 6)))
                .hasMessage("Linear(in=5, out=2) got input [2, 6]: the last dimension must be 5 — does the previous"
                        + " layer (or the data) produce 5 features per sample?");
    }

    @Test
    void dtypeMismatchIsExplained() {
        Linear layer = new Linear(3, 2, new Rng(1));
        assertThatThrownBy(() -> layer.forward(Tensor.zeros(DType.FLOAT64, 1, 3)))
                .hasMessageContaining("got a float64 input but its parameters are float32: convert the input with x.to(DType.FLOAT32)");
    }

    @Test
    void defaultInitIsPyTorchsUniformBound() {
        Linear layer = new Linear(400, 30, new Rng(9));
        double bound = 1 / Math.sqrt(400);
        for (Tensor p : layer.parameters()) {
            for (float v : p.toFloatArray()) {
                assertThat(Math.abs(v)).isLessThanOrEqualTo((float) bound);
            }
        }
        assertThat(layer.weight().abs().max().item()).isGreaterThan((float) (0.99 * bound));
    }

    @Test
    void sameSeedSameWeights() {
        Linear a = new Linear(10, 5, new Rng(77));
        Linear b = new Linear(10, 5, new Rng(77));
        assertThat(a.weight().toFloatArray()).containsExactly(b.weight().toFloatArray());
        a.resetParameters(new Rng(78));
        assertThat(a.weight().toFloatArray()).isNotEqualTo(b.weight().toFloatArray());
    }

    @Test
    void toStringAndStateDictKeys() {
        Linear layer = new Linear(784, 100, new Rng(1));
        assertThat(layer).hasToString("Linear(in=784, out=100, bias=true)");
        assertThat(new Linear(3, 2, false, new Rng(1))).hasToString("Linear(in=3, out=2, bias=false)");
        assertThat(layer.stateDict().keySet()).containsExactly("weight", "bias");
        assertThat(layer.weight().shape()).containsExactly(100, 784);
        assertThatThrownBy(() -> new Linear(0, 3, new Rng(1))).hasMessageContaining("must be positive");
    }
}
