package dev.nabla.nn.models;

import static dev.nabla.testing.TensorAssert.assertBitIdentical;
import static dev.nabla.testing.TensorAssert.assertGradCheck;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nabla.autograd.GradCheck;
import dev.nabla.nn.Module;
import dev.nabla.nn.losses.CrossEntropyLoss;
import dev.nabla.optim.SGD;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;
import dev.nabla.testing.Golden;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ConvNetTest {
    private static final Golden MODELS = Golden.load("models");

    /** The model's state dict must have PyTorch's keys, in PyTorch's order, with its shapes. */
    private static void assertPyTorchLayout(Module model, String golden) {
        Golden.Case c = MODELS.get(golden);
        List<String> keys = new ArrayList<>();
        c.node().get("keys").forEach(k -> keys.add(k.asString()));
        Map<String, List<Integer>> shapes = new LinkedHashMap<>();
        JsonNode s = c.node().get("shapes");
        for (int i = 0; i < keys.size(); i++) {
            List<Integer> dims = new ArrayList<>();
            s.get(i).forEach(d -> dims.add(d.asInt()));
            shapes.put(keys.get(i), dims);
        }
        Map<String, Tensor> sd = model.stateDict();
        assertThat(sd.keySet()).containsExactlyElementsOf(keys);
        sd.forEach((k, t) -> assertThat(t.shape()).as(k).containsExactly(
                shapes.get(k).stream().mapToInt(Integer::intValue).toArray()));
        assertThat(model.parameterCount()).isEqualTo((long) c.number("parameters"));
    }

    @Test
    void seedNetworkHasPyTorchsStateDictOnCifarAndMnistShapes() {
        assertPyTorchLayout(new ConvNet(ConvNetSpec.seedDefault(3, 32, 32, 10), new Rng(1)), "cnn_cifar");
        assertPyTorchLayout(new ConvNet(ConvNetSpec.seedDefault(1, 28, 28, 10), new Rng(1)), "cnn_mnist");
        assertPyTorchLayout(new Mlp(MlpSpec.seedDefault(3072), new Rng(1)), "mlp_default");
        assertPyTorchLayout(new Mlp(MlpSpec.of(3072, List.of(100, 100), 10)
                .withActivation(MlpSpec.Activation.ELU).withBatchNorm(true), new Rng(1)), "mlp_elu_bn");
    }

    @Test
    void forwardWorksOnBothInputSizes() {
        ConvNet mnist = new ConvNet(ConvNetSpec.seedDefault(1, 28, 28, 10), new Rng(2));
        assertThat(mnist.forward(Tensor.randn(new Rng(3), 2, 1, 28, 28)).shape()).containsExactly(2, 10);
        ConvNet cifar = new ConvNet(ConvNetSpec.seedDefault(3, 32, 32, 10), new Rng(2));
        assertThat(cifar.forward(Tensor.randn(new Rng(3), 2, 3, 32, 32)).shape()).containsExactly(2, 10);
    }

    @Test
    void gradientsOfASmallConvNetPassTheCheck() {
        ConvNetSpec spec = new ConvNetSpec(List.of(1, 5, 6), List.of(List.of(2), List.of(3)), true, 3);
        ConvNet model = new ConvNet(spec, new Rng(4));
        model.to(DType.FLOAT64);
        Tensor x = Tensor.randn(new Rng(5), 3, 1, 5, 6).to(DType.FLOAT64).detach();
        int[] y = {0, 2, 1};
        Map<String, Tensor> wrt = new LinkedHashMap<>(model.namedParameters());
        assertGradCheck(GradCheck.check(() -> new CrossEntropyLoss().forward(model.forward(x), y), wrt,
                GradCheck.Options.DEFAULT.withSamples(20)), "small ConvNet");
    }

    /** A copy of every entry of the state dict, so later training cannot change it. */
    private static Map<String, Tensor> snapshot(Module m) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        m.stateDict().forEach((k, v) -> out.put(k, v.copy()));
        return out;
    }

    @Test
    void stateDictRoundTripGivesBitIdenticalEvaluationAndBuffers() {
        ConvNetSpec spec = new ConvNetSpec(List.of(3, 8, 8), List.of(List.of(4), List.of(6, 6)), true, 5);
        ConvNet trained = new ConvNet(spec, new Rng(7));
        Tensor x = Tensor.randn(new Rng(8), 4, 3, 8, 8);
        int[] y = {0, 4, 2, 1};
        SGD sgd = new SGD(trained.parameters(), 0.1, 0.9);
        for (int step = 0; step < 2; step++) {
            sgd.zeroGrad();
            new CrossEntropyLoss().forward(trained.forward(x), y).backward();
            sgd.step();
        }
        Map<String, Tensor> buffers = trained.namedBuffers();
        assertThat(buffers.get("layers.1.running_mean").abs().sum().item()).as("running mean moved").isPositive();
        assertThat(buffers.get("layers.1.num_batches_tracked").item()).isEqualTo(2f);

        ConvNet restored = new ConvNet(spec, new Rng(99));
        Tensor probe = Tensor.randn(new Rng(9), 3, 3, 8, 8);
        trained.eval();
        restored.eval();
        Tensor expected = trained.forward(probe);
        assertThat(restored.forward(probe).toFloatArray()).as("a fresh model differs before loading")
                .isNotEqualTo(expected.toFloatArray());

        restored.loadStateDict(trained.stateDict());
        assertBitIdentical(restored.forward(probe), expected, "eval output after loading");
        Map<String, Tensor> restoredState = restored.stateDict();
        assertThat(restoredState.keySet()).containsExactlyElementsOf(trained.stateDict().keySet());
        trained.stateDict().forEach((k, v) -> assertBitIdentical(restoredState.get(k), v, k));
        assertThat(restored.namedBuffers().keySet()).containsExactlyElementsOf(buffers.keySet());

        // The load copies: training the source further leaves the restored model as it was.
        Map<String, Tensor> before = snapshot(restored);
        trained.train();
        trained.forward(x);
        assertThat(trained.namedBuffers().get("layers.1.num_batches_tracked").item()).isEqualTo(3f);
        restored.stateDict().forEach((k, v) -> assertBitIdentical(v, before.get(k), "restored " + k));
    }

    @Test
    void wrongInputNamesTheExpectedShape() {
        ConvNet model = new ConvNet(ConvNetSpec.seedDefault(3, 32, 32, 10), new Rng(2));
        assertThatThrownBy(() -> model.forward(Tensor.zeros(2, 1, 28, 28)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[2, 1, 28, 28]").hasMessageContaining("expected [N, 3, 32, 32]");
    }

    @Test
    void modelSpecReadsBothKindsAndRejectsTypos() {
        Record cnn = ModelSpec.fromJson("{\"type\": \"cnn\", \"input_shape\": [1, 28, 28]}");
        assertThat(cnn).isEqualTo(ConvNetSpec.seedDefault(1, 28, 28, 10));
        Record mlp = ModelSpec.fromJson("{\"input_size\": 784, \"hidden_sizes\": [100], \"output_size\": 10}");
        assertThat(mlp).isEqualTo(MlpSpec.of(784, List.of(100), 10));
        assertThat(ModelSpec.fromJson(ModelSpec.toJson(cnn))).isEqualTo(cnn);
        assertThat(ModelSpec.fromJson(ModelSpec.toJson(mlp))).isEqualTo(mlp);
        assertThat(ModelSpec.build(cnn, new Rng(1))).isInstanceOf(ConvNet.class);
        assertThatThrownBy(() -> ModelSpec.fromJson("{\"type\": \"rnn\"}")).hasMessageContaining("unknown \"type\"");
        assertThatThrownBy(() -> ModelSpec.fromJson("{\"type\": \"cnn\", \"input_shape\": [1, 28, 28], \"stage\": []}"))
                .hasMessageContaining("stage");
        assertThatThrownBy(() -> ModelSpec.fromJson("{\"type\": \"cnn\", \"input_shape\": [28, 28]}"))
                .hasMessageContaining("[C, H, W]");
        assertThatThrownBy(() -> ModelSpec.fromJson("[1]")).hasMessageContaining("JSON object");
    }
}
