package dev.nabla.nn.losses;

import static dev.nabla.nn.NnTesting.assertGradCheck;
import static dev.nabla.nn.NnTesting.leaf;
import static dev.nabla.testing.TensorAssert.assertClose;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nabla.nn.activations.LogSoftmax;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;
import dev.nabla.testing.Golden;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class LossesTest {
    private static final Golden GOLDEN = Golden.load("layers");

    static Stream<Arguments> batches() {
        return Stream.of(Reduction.values()).flatMap(r -> Stream.of(
                Arguments.of(r, 1, 1), Arguments.of(r, 1, 4), Arguments.of(r, 3, 2), Arguments.of(r, 7, 5)));
    }

    private static int[] targets(Rng rng, int n, int c) {
        int[] t = new int[n];
        for (int i = 0; i < n; i++) {
            t[i] = rng.nextInt(c);
        }
        return t;
    }

    @ParameterizedTest(name = "{0} N={1} C={2}")
    @MethodSource("batches")
    void crossEntropyGradCheck(Reduction r, int n, int c) {
        Rng rng = new Rng(n * 13L + c);
        Tensor z = leaf(rng, 3, n, c);
        int[] t = targets(rng, n, c);
        assertGradCheck(() -> new CrossEntropyLoss(r).forward(z, t), "CE", z);
    }

    @ParameterizedTest(name = "{0} N={1} C={2}")
    @MethodSource("batches")
    void nllGradCheck(Reduction r, int n, int c) {
        Rng rng = new Rng(n * 17L + c);
        Tensor z = leaf(rng, 3, n, c);
        int[] t = targets(rng, n, c);
        assertGradCheck(() -> new NLLLoss(r).forward(new LogSoftmax(1).forward(z), t), "NLL∘LogSoftmax", z);
    }

    @ParameterizedTest(name = "{0} N={1} C={2}")
    @MethodSource("batches")
    void mseGradCheckOnBothInputs(Reduction r, int n, int c) {
        Rng rng = new Rng(n * 19L + c);
        Tensor x = leaf(rng, 1, n, c);
        Tensor t = leaf(rng, 1, n, c);
        assertGradCheck(() -> new MSELoss(r).forward(x, t), "MSE", x, t);
    }

    @ParameterizedTest
    @EnumSource(Reduction.class)
    void crossEntropyMatchesPyTorchIncludingAtPlusMinus1000(Reduction r) {
        for (String name : new String[] {"ce_" + r, "ce_extreme_" + r}) {
            Golden.Case c = GOLDEN.get(name);
            for (DType dtype : DType.values()) {
                Tensor z = c.tensor("logits", dtype).requiresGrad(true);
                Tensor loss = new CrossEntropyLoss(r).forward(z, c.ints("targets"));
                loss.backward();
                assertThat(loss.shape()).isEmpty();
                assertThat(Double.isFinite(loss.getFlat(0))).as(name).isTrue();
                assertClose(loss, c.tensor("loss", dtype), 1e-5, 1e-6, name + " loss");
                assertClose(z.grad(), c.tensor("dlogits", dtype), 1e-5, 1e-6, name + " dlogits");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Reduction.class)
    void nllAndMseMatchPyTorch(Reduction r) {
        Golden.Case c = GOLDEN.get("nll_" + r);
        Tensor y = c.tensor("input").requiresGrad(true);
        Tensor loss = new NLLLoss(r).forward(y, c.ints("targets"));
        loss.backward();
        assertClose(loss, c.tensor("loss"), 1e-5, 1e-6, "nll loss");
        assertClose(y.grad(), c.tensor("dinput"), 1e-5, 1e-6, "nll dinput");

        Golden.Case m = GOLDEN.get("mse_" + r);
        Tensor x = m.tensor("input").requiresGrad(true);
        Tensor t = m.tensor("target").requiresGrad(true);
        Tensor mse = new MSELoss(r).forward(x, t);
        mse.backward();
        assertClose(mse, m.tensor("loss"), 1e-5, 1e-6, "mse loss");
        assertClose(x.grad(), m.tensor("dinput"), 1e-5, 1e-6, "mse dinput");
        assertClose(t.grad(), m.tensor("dtarget"), 1e-5, 1e-6, "mse dtarget");
    }

    @Test
    void crossEntropyGradientIsSoftmaxMinusOneHotOverN() {
        Tensor z = Tensor.of(new double[] {1, 2, 3, 0, 0, 0}, 2, 3).requiresGrad(true);
        new CrossEntropyLoss().forward(z, new int[] {2, 0}).backward();
        double e = Math.exp(1) + Math.exp(2) + Math.exp(3);
        double[] expected = {Math.exp(1) / e / 2, Math.exp(2) / e / 2, (Math.exp(3) / e - 1) / 2,
            (1 / 3.0 - 1) / 2, 1 / 3.0 / 2, 1 / 3.0 / 2};
        assertClose(z.grad(), Tensor.of(expected, 2, 3), 1e-12, 1e-15, "(p − onehot)/N");
    }

    @Test
    void crossEntropyEqualsNllOfLogSoftmax() {
        Tensor z = Tensor.randn(new Rng(3), 6, 4).mul(4);
        int[] t = {0, 1, 2, 3, 3, 1};
        assertClose(new CrossEntropyLoss().forward(z, t), new NLLLoss().forward(new LogSoftmax(1).forward(z), t),
                1e-6, 1e-7, "CE = NLL∘LogSoftmax");
    }

    @Test
    void targetsAreChecked() {
        CrossEntropyLoss ce = new CrossEntropyLoss();
        assertThatThrownBy(() -> ce.forward(Tensor.zeros(3, 10), new int[] {0, 10, 2}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("CrossEntropyLoss: target 10 at position 1 is out of range for 10 classes (valid: 0 to 9)"
                        + " — are the labels 1-based, or does the model's output size differ from the number of"
                        + " classes?");
        assertThatThrownBy(() -> ce.forward(Tensor.zeros(3, 10), new int[] {-1, 0, 0}))
                .hasMessageContaining("target -1 at position 0");
        assertThatThrownBy(() -> ce.forward(Tensor.zeros(3, 10), new int[] {1, 2}))
                .hasMessage("CrossEntropyLoss got input [3, 10] but 2 targets: there must be one class index per row");
        assertThatThrownBy(() -> ce.forward(Tensor.zeros(10), new int[] {1}))
                .hasMessageContaining("expected class scores [N, C] — for a single sample use shape [1, C]");
        assertThatThrownBy(() -> new NLLLoss().forward(Tensor.zeros(2, 3), new int[] {3, 0}))
                .hasMessageContaining("NLLLoss: target 3 at position 0");
        assertThatThrownBy(() -> new MSELoss().forward(Tensor.zeros(4, 1), Tensor.zeros(4)))
                .hasMessageContaining("MSELoss got input [4, 1] and target [4]");
    }

    @Test
    void toStrings() {
        assertThat(new CrossEntropyLoss()).hasToString("CrossEntropyLoss(reduction=mean)");
        assertThat(new NLLLoss(Reduction.SUM)).hasToString("NLLLoss(reduction=sum)");
        assertThat(new MSELoss()).hasToString("MSELoss(reduction=mean)");
    }
}
