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

    @Test
    void showsDtypeGradFlagAndGradFn() {
        Tensor x = Tensor.of(new double[] {1.5, 2}).requiresGrad(true);
        assertThat(x.toString()).isEqualTo("tensor([1.5000, 2.0000], dtype=float64, requires_grad=True)");
        assertThat(x.mul(x).toString()).endsWith(", grad_fn=<MulBackward>)");
    }

    @Test
    void describesEmptyMatrices() {
        assertThat(Tensor.zeros(0, 3).toString()).isEqualTo("tensor([], size=[0, 3])");
    }
}
