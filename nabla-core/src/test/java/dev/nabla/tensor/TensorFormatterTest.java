package dev.nabla.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nabla.testing.Golden;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** toString against the text PyTorch prints for the same float32 values (golden/format.json). */
class TensorFormatterTest {
    private static final Golden GOLDEN = Golden.load("format");

    static List<String> cases() {
        return GOLDEN.names();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void printsLikePyTorch(String name) {
        Golden.Case c = GOLDEN.get(name);
        assertThat(c.tensor("x").toString()).isEqualTo(c.string("text"));
    }

    /** The suffixes as PyTorch 1.13 prints them for the same tensors (grad_fn names end in "Backward0"). */
    @Test
    void showsDtypeGradFlagAndGradFn() {
        Tensor x = Tensor.of(new double[] {1.5, 2}).requiresGrad(true);
        assertThat(x.toString()).isEqualTo("tensor([1.5000, 2.0000], dtype=float64, requires_grad=True)");
        assertThat(x.mul(x).toString())
                .isEqualTo("tensor([2.2500, 4.0000], dtype=float64, grad_fn=<MulBackward0>)");
        assertThat(x.add(x).toString()).isEqualTo("tensor([3., 4.], dtype=float64, grad_fn=<AddBackward0>)");
        assertThat(x.exp().toString())
                .isEqualTo("tensor([4.4817, 7.3891], dtype=float64, grad_fn=<ExpBackward0>)");
    }

    @Test
    void describesEmptyTensorsWithTheirSizeAsATuple() {
        assertThat(Tensor.zeros(0, 3).toString()).isEqualTo("tensor([], size=(0, 3))");
        assertThat(Tensor.zeros(DType.FLOAT64, 0, 3).toString()).isEqualTo("tensor([], size=(0, 3), dtype=float64)");
        Tensor x = Tensor.zeros(0, 3).requiresGrad(true);
        assertThat(x.toString()).isEqualTo("tensor([], size=(0, 3), requires_grad=True)");
        assertThat(x.mul(2).toString()).isEqualTo("tensor([], size=(0, 3), grad_fn=<MulBackward0>)");
        assertThat(Tensor.zeros(0).toString()).isEqualTo("tensor([])");
    }
}
