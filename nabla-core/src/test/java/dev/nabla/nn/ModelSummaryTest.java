package dev.nabla.nn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nabla.nn.layers.Linear;
import dev.nabla.nn.models.ConvNet;
import dev.nabla.nn.models.ConvNetSpec;
import dev.nabla.nn.models.Mlp;
import dev.nabla.nn.models.MlpSpec;
import dev.nabla.tensor.Rng;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelSummaryTest {
    @Test
    void seed003MlpHasTheShapesOfTables2And3() {
        Mlp mlp = new Mlp(MlpSpec.of(784, List.of(300), 10).withActivation(MlpSpec.Activation.SIGMOID), new Rng(1));
        ModelSummary s = ModelSummary.of(mlp, new int[] {32, 784}, 10, new Rng(2));
        List<ModelSummary.Layer> l = s.layers();
        assertThat(l).extracting(ModelSummary.Layer::name).containsExactly("layers.0", "layers.1", "layers.2");
        // Table 2: k (32, 300), h (32, 300), o (32, 10).
        assertThat(l.get(0).out()).containsExactly(32, 300);
        assertThat(l.get(1).out()).containsExactly(32, 300);
        assertThat(l.get(2).out()).containsExactly(32, 10);
        // Table 3: dy/do (32, 10), do/dh (32, 300), dh/dk (32, 300); v (300, 10) and w (784, 300) transposed.
        assertThat(l.get(2).dY()).containsExactly(32, 10);
        assertThat(l.get(2).dX()).containsExactly(32, 300);
        assertThat(l.get(1).dX()).containsExactly(32, 300);
        assertThat(l.get(0).dX()).isNull();
        assertThat(l.get(0).parameters().get("weight")).containsExactly(300, 784);
        assertThat(l.get(2).parameters().get("bias")).containsExactly(10);
        assertThat(s.parameterCount()).isEqualTo(784 * 300 + 300 + 300 * 10 + 10);
        long fc1 = 2L * 32 * 784 * 300;
        long fc2 = 2L * 32 * 300 * 10;
        assertThat(l.get(0).forwardFlops()).isEqualTo(fc1 + 32 * 300);
        assertThat(l.get(0).backwardFlops()).isEqualTo(fc1 + 32 * 300); // no dX for the input
        assertThat(l.get(2).backwardFlops()).isEqualTo(2 * fc2 + 32 * 10);
        assertThat(l.get(1).activationBytes()).isEqualTo(32 * 300 * 4);
        assertThat(s.activationBytes()).isEqualTo((32 * 300 * 2 + 32 * 10) * 4L);
    }

    @Test
    void convNetOnCifarShapes() {
        ConvNet net = new ConvNet(ConvNetSpec.seedDefault(3, 32, 32, 10), new Rng(1));
        ModelSummary s = ModelSummary.of(net, new int[] {2, 3, 32, 32}, 10, new Rng(2));
        List<ModelSummary.Layer> l = s.layers();
        assertThat(l).hasSize(8 * 3 + 5 + 2); // 8 × conv-bn-relu, 5 pools, flatten, linear
        assertThat(l.get(0).out()).containsExactly(2, 64, 32, 32);
        assertThat(l.get(3).out()).containsExactly(2, 64, 16, 16);
        assertThat(l.get(l.size() - 2).out()).containsExactly(2, 512);
        assertThat(l.get(l.size() - 2).activationBytes()).isZero(); // Flatten is a view
        assertThat(l.get(l.size() - 1).out()).containsExactly(2, 10);
        // conv 3->64 on 32x32: 2·N·C_out·H·W·C_in·9 multiply-add FLOPs plus the bias.
        assertThat(l.get(0).forwardFlops()).isEqualTo(2L * 2 * 64 * 32 * 32 * 3 * 9 + 2L * 64 * 32 * 32);
        long params = 0;
        int in = 3;
        for (int out : new int[] {64, 128, 256, 256, 512, 512, 512, 512}) {
            params += (long) out * in * 9 + out + 2L * out;
            in = out;
        }
        params += 512 * 10 + 10;
        assertThat(s.parameterCount()).isEqualTo(params).isEqualTo(net.parameterCount());
    }

    @Test
    void linearPrintsItsBackwardFormula() {
        String f = new Linear(784, 300, new Rng(1)).formula();
        assertThat(f).contains("dX = dY·W").contains("dW = dYᵀ·X").contains("db = Σₙ dY").contains("[D_out, D_in]");
        Mlp mlp = new Mlp(MlpSpec.of(4, List.of(3), 2), new Rng(1));
        String all = ModelSummary.of(mlp, new int[] {5, 4}, 2, new Rng(2)).formulas();
        assertThat(all).contains("Linear\n").contains("dX = dY ⊙ 1[X > 0]").contains("dZ = (P − onehot(t))/N")
                .contains("layers.0 [5, 4] → [5, 3]");
    }
}
