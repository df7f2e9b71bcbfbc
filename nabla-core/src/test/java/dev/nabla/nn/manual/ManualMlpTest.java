package dev.nabla.nn.manual;

import static dev.nabla.testing.TensorAssert.assertClose;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nabla.nn.layers.Linear;
import dev.nabla.nn.losses.CrossEntropyLoss;
import dev.nabla.nn.models.Mlp;
import dev.nabla.nn.models.MlpSpec;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class ManualMlpTest {
    @ParameterizedTest
    @EnumSource(value = MlpSpec.Activation.class, names = {"RELU", "SIGMOID"})
    void handWrittenGradientsEqualAutograds(MlpSpec.Activation activation) {
        MlpSpec spec = MlpSpec.of(7, List.of(6, 5), 4).withActivation(activation);
        Mlp model = new Mlp(spec, new Rng(1));
        model.to(DType.FLOAT64);
        Tensor x = Tensor.randn(new Rng(2), 9, 7).to(DType.FLOAT64).requiresGrad(true);
        int[] y = {0, 1, 2, 3, 3, 2, 1, 0, 1};

        Tensor loss = new CrossEntropyLoss().forward(model.forward(x), y);
        loss.backward();

        ManualMlp manual = ManualMlp.copyOf(model);
        Tensor manualLoss = manual.forward(x.detach(), y);
        Tensor dx = manual.backward();

        assertClose(manualLoss, loss, 1e-12, 1e-14, "loss");
        assertClose(dx, x.grad(), 1e-10, 1e-14, "dL/dx");
        for (int i = 0; i < model.linears().size(); i++) {
            Linear auto = model.linears().get(i);
            ManualLinear hand = manual.linears().get(i);
            assertClose(hand.gradWeight(), auto.weight().grad(), 1e-10, 1e-14, activation + " dW" + i);
            assertClose(hand.gradBias(), auto.bias().grad(), 1e-10, 1e-14, activation + " db" + i);
        }
    }

    @Test
    void misuseIsExplained() {
        assertThatThrownBy(() -> new ManualLinear(Tensor.zeros(2, 2), Tensor.zeros(2)).backward(Tensor.zeros(1, 2)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("before forward");
        Mlp withBatchNorm = new Mlp(MlpSpec.of(3, List.of(2), 2).withBatchNorm(true), new Rng(1));
        assertThatThrownBy(() -> ManualMlp.copyOf(withBatchNorm)).hasMessageContaining("not written out by hand");
        Mlp tanh = new Mlp(MlpSpec.of(3, List.of(2), 2).withActivation(MlpSpec.Activation.TANH), new Rng(1));
        assertThatThrownBy(() -> ManualMlp.copyOf(tanh)).hasMessageContaining("only relu and sigmoid");
    }
}
