package dev.nabla.nn.models;

import static dev.nabla.nn.NnTesting.assertModuleGradCheck;
import static dev.nabla.nn.NnTesting.leaf;
import static dev.nabla.nn.NnTesting.std;
import static dev.nabla.testing.TensorAssert.assertBitIdentical;
import static dev.nabla.testing.TensorAssert.assertClose;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.nabla.nn.layers.BatchNorm1d;
import dev.nabla.nn.layers.Dropout;
import dev.nabla.nn.layers.Linear;
import dev.nabla.nn.losses.CrossEntropyLoss;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class MlpTest {
    @Test
    void seedDefaultTreeAndParameterCount() {
        Mlp mlp = new Mlp(MlpSpec.seedDefault(3072), new Rng(1));
        assertThat(mlp).hasToString("""
                Mlp(
                  (layers): Sequential(
                    (0): Linear(in=3072, out=100, bias=true)
                    (1): ReLU()
                    (2): Linear(in=100, out=10, bias=true)
                  )
                )""");
        assertThat(mlp.parameterCount()).isEqualTo(3072 * 100 + 100 + 100 * 10 + 10);
        assertThat(mlp.stateDict().keySet())
                .containsExactly("layers.0.weight", "layers.0.bias", "layers.2.weight", "layers.2.bias");
    }

    @Test
    void batchNormAfterEachActivationThenDropout() {
        MlpSpec spec = MlpSpec.of(784, List.of(300, 200), 10).withActivation(MlpSpec.Activation.ELU)
                .withBatchNorm(true).withDropout(0.5);
        Mlp mlp = new Mlp(spec, new Rng(1));
        assertThat(mlp.layers()).hasSize(9);
        assertThat(mlp.layers().get(2)).isInstanceOf(BatchNorm1d.class);
        assertThat(mlp.layers().get(3)).isInstanceOf(Dropout.class);
        assertThat(mlp.stateDict().keySet()).containsExactly("layers.0.weight", "layers.0.bias",
                "layers.2.weight", "layers.2.bias", "layers.2.running_mean", "layers.2.running_var",
                "layers.2.num_batches_tracked", "layers.4.weight", "layers.4.bias", "layers.6.weight", "layers.6.bias",
                "layers.6.running_mean", "layers.6.running_var", "layers.6.num_batches_tracked", "layers.8.weight",
                "layers.8.bias");
        assertThat(mlp.toString()).contains("(1): ELU(alpha=1.0)", "(2): BatchNorm1d(300, eps=1e-05,",
                "(3): Dropout(p=0.5)", "(8): Linear(in=200, out=10, bias=true)");
    }

    @Test
    void gradCheckWithBatchNormInTrainingAndEvaluation() {
        MlpSpec spec = MlpSpec.of(5, List.of(4, 3), 2).withActivation(MlpSpec.Activation.TANH).withBatchNorm(true);
        Rng rng = new Rng(2);
        Mlp mlp = new Mlp(spec, rng);
        mlp.to(DType.FLOAT64);
        Tensor x = leaf(rng, 1, 6, 5);
        assertModuleGradCheck(mlp, x, "Mlp training");
        mlp.eval();
        assertModuleGradCheck(mlp, x, "Mlp eval");
    }

    @Test
    void gradientsAccumulateWhenTheModelIsUsedTwice() {
        Mlp mlp = new Mlp(MlpSpec.of(4, List.of(3), 2), new Rng(3));
        mlp.to(DType.FLOAT64);
        Tensor x = Tensor.randn(new Rng(4), 5, 4).to(DType.FLOAT64);
        int[] y = {0, 1, 1, 0, 1};
        CrossEntropyLoss ce = new CrossEntropyLoss();
        ce.forward(mlp.forward(x), y).backward();
        Map<String, Tensor> once = new LinkedHashMap<>();
        mlp.namedParameters().forEach((k, v) -> once.put(k, v.grad().copy()));
        mlp.zeroGrad();
        ce.forward(mlp.forward(x), y).add(ce.forward(mlp.forward(x), y)).backward();
        mlp.namedParameters().forEach((k, v) -> assertClose(v.grad(), once.get(k).mul(2), 1e-12, 1e-14, k));
    }

    @Test
    void imageBatchesAreFlattened() {
        Mlp mlp = new Mlp(MlpSpec.of(12, List.of(5), 3), new Rng(5));
        Tensor images = Tensor.randn(new Rng(6), 2, 3, 2, 2);
        assertBitIdentical(mlp.forward(images), mlp.forward(images.reshape(2, 12)), "flattened input");
    }

    @ParameterizedTest
    @EnumSource(MlpSpec.InitScheme.class)
    void initialisationSchemes(MlpSpec.InitScheme scheme) {
        MlpSpec spec = MlpSpec.of(500, List.of(400), 10).withInit(scheme, 1e-4);
        Mlp mlp = new Mlp(spec, new Rng(7));
        Linear first = mlp.linears().get(0);
        double std = std(first.weight());
        double expected = switch (scheme) {
            case PYTORCH -> 1 / Math.sqrt(500) / Math.sqrt(3);
            case NORMAL -> 1e-4;
            case KAIMING -> Math.sqrt(2.0 / 500);
            case XAVIER -> Math.sqrt(2) * Math.sqrt(6.0 / 900) / Math.sqrt(3);
        };
        assertThat(std).isCloseTo(expected, within(0.02 * expected));
        if (scheme != MlpSpec.InitScheme.PYTORCH) {
            assertThat(first.bias().abs().sum().item()).isZero();
        }
        Mlp same = new Mlp(spec, new Rng(7));
        assertBitIdentical(same.linears().get(1).weight(), mlp.linears().get(1).weight(), "same seed");
        mlp.resetParameters(new Rng(8));
        assertThat(std(first.weight())).isCloseTo(expected, within(0.02 * expected));
    }

    @Test
    void stateDictRoundTripsIntoAFreshModel() {
        MlpSpec spec = MlpSpec.of(6, List.of(5), 3).withBatchNorm(true);
        Mlp trained = new Mlp(spec, new Rng(1));
        trained.forward(Tensor.randn(new Rng(2), 8, 6));
        Mlp fresh = new Mlp(spec, new Rng(99));
        fresh.loadStateDict(trained.stateDict());
        trained.eval();
        fresh.eval();
        Tensor x = Tensor.randn(new Rng(3), 4, 6);
        assertBitIdentical(fresh.forward(x), trained.forward(x), "outputs after loading");
        assertThat(((BatchNorm1d) fresh.layers().get(2)).numBatchesTracked()).isEqualTo(1);
        // The loaded model owns copies: changing the source afterwards does not leak into it.
        trained.resetParameters(new Rng(4));
        assertThat(fresh.forward(x).toFloatArray()).isNotEqualTo(trained.forward(x).toFloatArray());
    }

    @Test
    void loadStateDictListsEveryProblem() {
        Mlp mlp = new Mlp(MlpSpec.of(6, List.of(5), 3), new Rng(1));
        Map<String, Tensor> state = new LinkedHashMap<>(mlp.stateDict());
        state.remove("layers.2.bias");
        state.put("layers.0.weight", Tensor.zeros(5, 7));
        state.put("fc1.weight", Tensor.zeros(1));
        assertThatThrownBy(() -> mlp.loadStateDict(state))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("missing keys [layers.2.bias]")
                .hasMessageContaining("unexpected keys [fc1.weight]")
                .hasMessageContaining("layers.0.weight: checkpoint has shape [5, 7], the model has [5, 6]");
    }

    @Test
    void inputOfTheWrongSizeIsExplainedByTheFirstLayer() {
        Mlp mlp = new Mlp(MlpSpec.seedDefault(784), new Rng(1));
        assertThatThrownBy(() -> mlp.forward(Tensor.zeros(32, 3, 32, 32)))
                .hasMessageContaining("Linear(in=784, out=100) got input [32, 3072]")
                .hasMessageContaining("is the dataset CIFAR-10 rather than MNIST?");
    }
}
