package dev.nabla.nn.losses;

import static dev.nabla.nn.NnTesting.assertGradCheck;
import static dev.nabla.nn.NnTesting.leaf;
import static dev.nabla.testing.TensorAssert.assertClose;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nabla.nn.activations.ReLU;
import dev.nabla.nn.models.Mlp;
import dev.nabla.nn.models.MlpSpec;
import dev.nabla.nn.Sequential;
import dev.nabla.nn.layers.LayerNorm;
import dev.nabla.nn.layers.Linear;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;
import dev.nabla.testing.Golden;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

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

    @Test
    void gradCheck() {
        Rng rng = new Rng(2);
        Tensor a = leaf(rng, 1, 3, 4);
        Tensor b = leaf(rng, 1, 1, 1);
        assertGradCheck(() -> new L2Penalty(0.3, Map.of("a", a, "b", b)).forward(), "L2 penalty", a, b);
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
