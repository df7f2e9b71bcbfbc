package dev.nabla.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nabla.nn.activations.ReLU;
import dev.nabla.nn.layers.BatchNorm1d;
import dev.nabla.nn.layers.Dropout;
import dev.nabla.nn.layers.Linear;
import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** Module's bookkeeping: modes, dotted names, registration rules, parameter count. */
class ModuleTest {
    /**
     * fc1 → bn → block, where block = Sequential(ReLU, Sequential(Dropout, Linear)): a Sequential nested in a
     * Sequential nested in a module, as in PyTorch:
     * <pre>
     * class Net(nn.Module):
     *     def __init__(self):
     *         super().__init__()
     *         self.fc1 = nn.Linear(4, 3)
     *         self.bn = nn.BatchNorm1d(3)
     *         self.block = nn.Sequential(nn.ReLU(), nn.Sequential(nn.Dropout(0.5), nn.Linear(3, 2)))
     * </pre>
     */
    private static final class Net extends Module {
        final Linear fc1 = registerModule("fc1", new Linear(4, 3, new Rng(1)));
        final BatchNorm1d bn = registerModule("bn", new BatchNorm1d(3));
        final Dropout dropout = new Dropout(0.5, 2);
        final Linear fc2 = new Linear(3, 2, new Rng(3));
        final Sequential inner = new Sequential(dropout, fc2);
        final Sequential block = registerModule("block", new Sequential(new ReLU(), inner));

        @Override
        public Tensor forward(Tensor x) {
            return block.forward(bn.forward(fc1.forward(x)));
        }
    }

    /** A module without contents, to register things into. */
    private static final class Bare extends Module {
        @Override
        public Tensor forward(Tensor x) {
            return x;
        }
    }

    private static List<Module> allModules(Module root) {
        List<Module> out = new ArrayList<>(List.of(root));
        root.namedChildren().values().forEach(child -> out.addAll(allModules(child)));
        return out;
    }

    @Test
    void trainAndEvalReachNestedChildren() {
        Net net = new Net();
        List<Module> all = allModules(net);
        assertThat(all).hasSize(8).contains(net.dropout, net.fc2, net.inner);
        assertThat(all).allMatch(Module::isTraining);

        assertThat(net.eval()).isSameAs(net);
        assertThat(all).noneMatch(Module::isTraining);
        Tensor x = Tensor.randn(new Rng(4), 2, 3);
        assertThat(net.dropout.forward(x)).as("dropout two levels down is the identity in eval").isSameAs(x);

        net.train();
        assertThat(all).allMatch(Module::isTraining);

        net.block.train(false);
        assertThat(net.inner.isTraining()).as("a subtree switches its own descendants").isFalse();
        assertThat(net.dropout.isTraining()).isFalse();
        assertThat(net.isTraining()).as("but not its parent").isTrue();
        assertThat(net.bn.isTraining()).as("nor its siblings").isTrue();
    }

    @Test
    void nestedModulesHaveDottedNamesForParametersAndBuffers() {
        Net net = new Net();
        Map<String, Tensor> params = net.namedParameters();
        assertThat(params.keySet()).containsExactly("fc1.weight", "fc1.bias", "bn.weight", "bn.bias",
                "block.1.1.weight", "block.1.1.bias");
        assertThat(params.get("fc1.weight")).isSameAs(net.fc1.weight());
        assertThat(params.get("block.1.1.bias")).isSameAs(net.fc2.bias());
        assertThat(net.parameters()).containsExactlyElementsOf(params.values());

        assertThat(net.namedBuffers().keySet())
                .containsExactly("bn.running_mean", "bn.running_var", "bn.num_batches_tracked");
        // PyTorch's order: each module's parameters, then its buffers, then its children.
        assertThat(net.stateDict().keySet()).containsExactly("fc1.weight", "fc1.bias", "bn.weight", "bn.bias",
                "bn.running_mean", "bn.running_var", "bn.num_batches_tracked", "block.1.1.weight", "block.1.1.bias");
        assertThat(net.namedChildren().keySet()).containsExactly("fc1", "bn", "block");
        assertThat(net.block.namedParameters().keySet()).containsExactly("1.1.weight", "1.1.bias");
    }

    @Test
    void stateDictSharesStorageWithTheBuffers() {
        Net net = new Net();
        Map<String, Tensor> state = net.stateDict();
        net.forward(Tensor.randn(new Rng(5), 6, 4));
        assertThat(state.get("bn.num_batches_tracked").item()).isEqualTo(1f);
        assertThat(state.get("bn.running_mean").abs().sum().item()).isPositive();
        assertThat(state.get("bn.running_mean").requiresGrad()).isFalse();
    }

    @Test
    void registeringANameTwiceIsAnError() {
        Bare m = new Bare();
        m.registerParameter("w", Tensor.zeros(2));
        List<ThrowingCallable> clashes = List.of(
                () -> m.registerParameter("w", Tensor.zeros(2)),
                () -> m.registerBuffer("w", Tensor.zeros(2)),
                () -> m.registerModule("w", new ReLU()),
                () -> m.registerRng("w", new Rng(1)));
        for (ThrowingCallable clash : clashes) {
            assertThatThrownBy(clash).isExactlyInstanceOf(IllegalArgumentException.class)
                    .hasMessage("Bare: name 'w' is already used");
        }
        m.registerModule("child", new ReLU());
        assertThatThrownBy(() -> m.registerBuffer("child", Tensor.zeros(1)))
                .isExactlyInstanceOf(IllegalArgumentException.class).hasMessage("Bare: name 'child' is already used");
        assertThat(m.namedParameters().keySet()).containsExactly("w");
        assertThat(m.namedBuffers()).isEmpty();
        assertThat(m.namedChildren().keySet()).containsExactly("child");
    }

    @Test
    void dottedAndEmptyNamesAreRejected() {
        Bare m = new Bare();
        assertThatThrownBy(() -> m.registerParameter("fc1.weight", Tensor.zeros(2)))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("Bare: invalid name 'fc1.weight' (must be non-empty and contain no '.')");
        assertThatThrownBy(() -> m.registerBuffer("bn.running_mean", Tensor.zeros(2)))
                .isExactlyInstanceOf(IllegalArgumentException.class).hasMessageContaining("invalid name");
        assertThatThrownBy(() -> m.registerModule("a.b", new ReLU()))
                .isExactlyInstanceOf(IllegalArgumentException.class).hasMessageContaining("invalid name 'a.b'");
        assertThatThrownBy(() -> m.registerParameter("", Tensor.zeros(2)))
                .isExactlyInstanceOf(IllegalArgumentException.class).hasMessageContaining("invalid name ''");
        assertThat(m.stateDict()).isEmpty();
        assertThat(m.namedChildren()).isEmpty();
    }

    @Test
    void parameterCountSumsParametersOfAllDescendantsButNotBuffers() {
        // fc1 4·3 + 3, bn 3 + 3, fc2 3·2 + 2; the buffers' 3 + 3 + 1 values do not count.
        assertThat(new Net().parameterCount()).isEqualTo(15 + 6 + 8);
        assertThat(new Linear(784, 100, false, new Rng(1)).parameterCount()).isEqualTo(78_400);
        assertThat(new Sequential(new ReLU(), new Dropout(0.5, 1)).parameterCount()).isZero();
    }
}
