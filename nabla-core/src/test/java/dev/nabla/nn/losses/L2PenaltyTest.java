package dev.nabla.nn.losses;

import static dev.nabla.nn.NnTesting.assertGradCheck;
import static dev.nabla.nn.NnTesting.leaf;
import static dev.nabla.testing.TensorAssert.assertClose;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.nabla.nn.Module;
import dev.nabla.nn.Sequential;
import dev.nabla.nn.activations.ReLU;
import dev.nabla.nn.layers.BatchNorm2d;
import dev.nabla.nn.layers.Conv2d;
import dev.nabla.nn.layers.Flatten;
import dev.nabla.nn.layers.LayerNorm;
import dev.nabla.nn.layers.Linear;
import dev.nabla.nn.models.Mlp;
import dev.nabla.nn.models.MlpSpec;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;
import dev.nabla.testing.Golden;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class L2PenaltyTest {
    @Test
    void matchesPyTorch() {
        Golden.Case c = Golden.load("layers").get("l2_penalty");
        Tensor w1 = c.tensor("w1").requiresGrad(true);
        Tensor w2 = c.tensor("w2").requiresGrad(true);
        Map<String, Tensor> weights = new LinkedHashMap<>();
        weights.put("w1", w1);
        weights.put("w2", w2);
        Tensor loss = new L2Penalty(c.number("lambda"), weights).forward();
        loss.backward();
        assertClose(loss, c.tensor("loss"), 1e-5, 1e-7, "penalty");
        assertClose(w1.grad(), c.tensor("dw1"), 1e-5, 1e-7, "dW1 = 2λW1");
        assertClose(w2.grad(), c.tensor("dw2"), 1e-5, 1e-7, "dW2 = 2λW2");
    }

    /** Sets of penalised shapes: a conv kernel [C_out, C_in, kh, kw], Linear weights [D_out, D_in], edge cases. */
    static Stream<Arguments> lambdasAndShapes() {
        List<int[][]> shapeSets = List.of(
                new int[][] {{4, 3, 3, 3}},
                new int[][] {{5, 7}},
                new int[][] {{4, 3, 3, 3}, {6, 4}, {2, 1, 1, 1}, {1, 1}});
        return Stream.of(0.01, 0.7).flatMap(lambda -> shapeSets.stream().map(shapes -> Arguments.of(lambda, shapes)));
    }

    @ParameterizedTest(name = "lambda={0}, {index}")
    @MethodSource("lambdasAndShapes")
    void gradCheckAndValue(double lambda, int[][] shapes) {
        Rng rng = new Rng(shapes.length * 31L + (long) (lambda * 100));
        Map<String, Tensor> weights = new LinkedHashMap<>();
        double sumOfSquares = 0;
        for (int i = 0; i < shapes.length; i++) {
            Tensor w = leaf(rng, 1, shapes[i]);
            weights.put("w" + i, w);
            for (double v : w.toDoubleArray()) {
                sumOfSquares += v * v;
            }
        }
        L2Penalty penalty = new L2Penalty(lambda, weights);
        assertThat(penalty.forward().getFlat(0)).as("λ·Σ‖W‖²").isCloseTo(lambda * sumOfSquares, within(1e-12));
        assertGradCheck(() -> penalty.forward(), "L2 penalty λ=" + lambda, weights.values().toArray(new Tensor[0]));
    }

    /** A module with a 1-D parameter named "weight" (a per-channel scale) outside any normalisation layer. */
    private static final class Scale extends Module {
        Scale(int channels) {
            registerParameter("weight", Tensor.ones(channels));
        }

        @Override
        public Tensor forward(Tensor x) {
            return x;
        }
    }

    @Test
    void onlyWeightsOfTwoOrMoreDimensionsArePenalised() {
        Conv2d conv = new Conv2d(3, 4, 3, new Rng(1));
        Linear fc = new Linear(16, 2, new Rng(2));
        Sequential model = new Sequential(conv, new BatchNorm2d(4), new ReLU(), new Scale(4), new Flatten(), fc);
        model.to(DType.FLOAT64);
        L2Penalty penalty = new L2Penalty(0.05, model);
        assertThat(penalty.weights().keySet()).containsExactly("0.weight", "5.weight");
        assertThat(penalty.weights().get("0.weight")).isSameAs(conv.weight());

        Tensor value = penalty.forward();
        double expected = 0;
        for (Tensor w : List.of(conv.weight(), fc.weight())) {
            for (double v : w.toDoubleArray()) {
                expected += v * v;
            }
        }
        assertThat(value.getFlat(0)).as("biases add nothing to the value").isCloseTo(0.05 * expected, within(1e-12));
        value.backward();
        assertClose(conv.weight().grad(), conv.weight().detach().mul(0.1), 1e-12, 1e-14, "conv dW = 2λW");
        assertClose(fc.weight().grad(), fc.weight().detach().mul(0.1), 1e-12, 1e-14, "linear dW = 2λW");
        model.namedParameters().forEach((name, p) -> {
            if (!penalty.weights().containsKey(name)) {
                assertThat(p.grad()).as(name + " receives no gradient").isNull();
            }
        });
    }

    @Test
    void selectsWeightMatricesButNotBiasesOrNormParameters() {
        Mlp mlp = new Mlp(MlpSpec.of(8, List.of(6, 5), 3).withBatchNorm(true), new Rng(1));
        assertThat(L2Penalty.weightsOf(mlp).keySet())
                .containsExactly("layers.0.weight", "layers.3.weight", "layers.6.weight");
        Sequential withLayerNorm = new Sequential(new Linear(4, 4, new Rng(1)), new LayerNorm(2, 2), new ReLU());
        assertThat(L2Penalty.weightsOf(withLayerNorm).keySet()).containsExactly("0.weight");
    }

    @Test
    void addsTwoLambdaWToTheLossGradient() {
        Mlp mlp = new Mlp(MlpSpec.of(4, List.of(3), 2), new Rng(3));
        mlp.to(DType.FLOAT64);
        Tensor x = Tensor.randn(new Rng(4), 5, 4).to(DType.FLOAT64);
        int[] y = {0, 1, 1, 0, 1};
        new CrossEntropyLoss().forward(mlp.forward(x), y).backward();
        Map<String, Tensor> plain = new LinkedHashMap<>();
        mlp.namedParameters().forEach((k, v) -> plain.put(k, v.grad().copy()));
        mlp.zeroGrad();
        L2Penalty penalty = new L2Penalty(0.01, mlp);
        new CrossEntropyLoss().forward(mlp.forward(x), y).add(penalty.forward()).backward();
        mlp.namedParameters().forEach((k, p) -> {
            Tensor expected = penalty.weights().containsKey(k) ? plain.get(k).add(p.detach().mul(0.02)) : plain.get(k);
            assertClose(p.grad(), expected, 1e-12, 1e-14, k);
        });
    }

    @Test
    void invalidUse() {
        assertThatThrownBy(() -> new L2Penalty(-1, Map.of())).hasMessageContaining("lambda must be non-negative");
        assertThatThrownBy(() -> new L2Penalty(0.1, new ReLU()).forward())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no weights to penalise");
        assertThat(new L2Penalty(0.5, new Linear(2, 2, new Rng(1))))
                .hasToString("L2Penalty(lambda=0.5, weights=[weight])");
    }
}
