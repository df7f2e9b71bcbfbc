package dev.nabla.nn.activations;

import static dev.nabla.nn.NnTesting.assertGradCheck;
import static dev.nabla.nn.NnTesting.leaf;
import static dev.nabla.testing.TensorAssert.assertClose;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nabla.nn.Module;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;
import dev.nabla.testing.Golden;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ActivationsTest {
    private static final Golden GOLDEN = Golden.load("layers");

    /** The golden case names (make_layers.py) and a factory for the matching module. */
    private static final Map<String, Supplier<Module>> MODULES = new LinkedHashMap<>();

    static {
        MODULES.put("relu", ReLU::new);
        MODULES.put("leaky_relu", LeakyReLU::new);
        MODULES.put("leaky_relu_0.2", () -> new LeakyReLU(0.2));
        MODULES.put("elu", ELU::new);
        MODULES.put("elu_0.5", () -> new ELU(0.5));
        MODULES.put("sigmoid", Sigmoid::new);
        MODULES.put("tanh", Tanh::new);
        MODULES.put("softmax_dim1", () -> new Softmax(1));
        MODULES.put("softmax_dim0", () -> new Softmax(0));
        MODULES.put("log_softmax_dim1", () -> new LogSoftmax(1));
        MODULES.put("log_softmax_dim0", () -> new LogSoftmax(0));
    }

    static Stream<String> names() {
        return MODULES.keySet().stream();
    }

    static Stream<Arguments> namesAndShapes() {
        int[][] shapes = {{1, 1}, {1, 5}, {3, 7}, {2, 3, 4}};
        return names().flatMap(n -> Stream.of(shapes).map(s -> Arguments.of(n, s)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("namesAndShapes")
    void gradCheck(String name, int[] shape) {
        Rng rng = new Rng(name.hashCode() + shape.length);
        Tensor x = leaf(rng, 2, shape);
        // Keep ReLU-like kinks away from the finite-difference step.
        for (int i = 0; i < x.numel(); i++) {
            if (Math.abs(x.getFlat(i)) < 1e-3) {
                x.setFlat(i, 0.5);
            }
        }
        Module m = MODULES.get(name).get();
        assertGradCheck(() -> m.forward(x), name, x);
    }

    @ParameterizedTest
    @MethodSource("names")
    void matchesPyTorch(String name) {
        checkGolden(name, MODULES.get(name).get(), "act_" + name, 1e-5, 1e-6);
    }

    @ParameterizedTest
    @MethodSource("names")
    void stableAtPlusMinus1000(String name) {
        Golden.Case c = GOLDEN.get("act_" + name + "_extreme");
        for (DType dtype : DType.values()) {
            Tensor x = c.tensor("x", dtype).requiresGrad(true);
            Tensor y = MODULES.get(name).get().forward(x);
            y.backward(c.tensor("g", dtype));
            for (Tensor t : new Tensor[] {y, x.grad()}) {
                for (int i = 0; i < t.numel(); i++) {
                    assertThat(Double.isFinite(t.getFlat(i))).as(name + " " + dtype + " element " + i).isTrue();
                }
            }
        }
        checkGolden(name, MODULES.get(name).get(), "act_" + name + "_extreme", 1e-5, 1e-6);
    }

    @Test
    void softmaxAlongAMiddleAxisMatchesPyTorch() {
        checkGolden("softmax dim 1 of 3-D", new Softmax(1), "act_softmax_3d_dim1", 1e-5, 1e-6);
        checkGolden("log_softmax dim 1 of 3-D", new LogSoftmax(1), "act_log_softmax_3d_dim1", 1e-5, 1e-6);
    }

    private static void checkGolden(String what, Module m, String caseName, double rtol, double atol) {
        Golden.Case c = GOLDEN.get(caseName);
        Tensor x = c.tensor("x").requiresGrad(true);
        Tensor y = m.forward(x);
        y.backward(c.tensor("g"));
        assertClose(y, c.tensor("y"), rtol, atol, what + " y");
        assertClose(x.grad(), c.tensor("dx"), rtol, atol, what + " dx");
    }

    @Test
    void softmaxRowsSumToOne() {
        Tensor p = new Softmax(-1).forward(Tensor.randn(new Rng(4), 6, 9).mul(30));
        Tensor sums = p.sum(1);
        for (int i = 0; i < 6; i++) {
            assertThat(sums.getFlat(i)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-6));
        }
    }

    @Test
    void softmaxOnAMissingAxisNamesTheLayer() {
        assertThatThrownBy(() -> new Softmax(2).forward(Tensor.zeros(3, 4)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Softmax(dim=2) got input [3, 4]: dimension 2 does not exist in a tensor of rank 2"
                        + " (valid: -2 to 1) — for class scores [N, C] use dim=1 or dim=-1");
    }

    @Test
    void gradientsAccumulateWhenUsedTwice() {
        Tensor x = leaf(new Rng(8), 1, 4, 3);
        Sigmoid s = new Sigmoid();
        s.forward(x).add(s.forward(x)).sum().backward();
        Tensor y = new Sigmoid().forward(x.detach());
        Tensor expected = y.mul(y.neg().add(1)).mul(2);
        assertClose(x.grad(), expected, 1e-12, 1e-12, "sigmoid used twice");
    }

    @Test
    void toStrings() {
        assertThat(new ReLU()).hasToString("ReLU()");
        assertThat(new LeakyReLU()).hasToString("LeakyReLU(negative_slope=0.01)");
        assertThat(new ELU()).hasToString("ELU(alpha=1.0)");
        assertThat(new Softmax(1)).hasToString("Softmax(dim=1)");
        assertThat(new LogSoftmax(-1)).hasToString("LogSoftmax(dim=-1)");
    }
}
