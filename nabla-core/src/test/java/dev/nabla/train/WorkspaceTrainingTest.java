package dev.nabla.train;

import static dev.nabla.testing.TensorAssert.assertBitIdentical;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nabla.autograd.NoGrad;
import dev.nabla.nn.Module;
import dev.nabla.nn.losses.CrossEntropyLoss;
import dev.nabla.nn.models.ConvNet;
import dev.nabla.nn.models.ConvNetSpec;
import dev.nabla.nn.models.Mlp;
import dev.nabla.nn.models.MlpSpec;
import dev.nabla.optim.Adam;
import dev.nabla.optim.Optimizer;
import dev.nabla.optim.SGD;
import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;
import dev.nabla.tensor.Workspace;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Training with the step's tensors in a {@link Workspace} (as {@link Trainer} does) gives the same bits
 * as training without one: every parameter, buffer (BatchNorm's running statistics) and optimizer
 * state, over several steps of models with BatchNorm, dropout and convolutions.
 */
class WorkspaceTrainingTest {
    private static final int STEPS = 4;

    @Test
    void convNetWithBatchNormAndAdam() {
        Supplier<Module> model = () -> new ConvNet(
                new ConvNetSpec(List.of(3, 16, 16), List.of(List.of(8), List.of(16, 16)), true, 10), new Rng(3));
        compare(model, m -> new Adam(m.parameters(), 1e-3), new int[] {6, 3, 16, 16});
    }

    @Test
    void mlpWithBatchNormDropoutAndMomentum() {
        Supplier<Module> model = () -> new Mlp(MlpSpec.of(300, List.of(64, 64), 10).withBatchNorm(true)
                .withDropout(0.3), new Rng(5));
        compare(model, m -> new SGD(m.parameters(), 0.05, 0.9), new int[] {100, 300});
    }

    /**
     * A graph whose backward passes gradients through unchanged (add), as views (reshape, broadcast)
     * and along shared subexpressions, with big leaves: the engine's give-backs must never hand out an
     * array that a pending gradient still uses.
     */
    @Test
    void passThroughViewsAndSharedSubexpressions() {
        Tensor[] plain = sharedGraphGrads(null);
        Workspace workspace = new Workspace();
        for (int step = 0; step < 3; step++) {
            Tensor[] recycled = sharedGraphGrads(workspace);
            for (int i = 0; i < plain.length; i++) {
                assertBitIdentical(plain[i], recycled[i], "gradient " + i + " at step " + step);
            }
        }
        assertThat(workspace.heldFloats()).as("the backward pass reused its arrays")
                .isLessThan(workspace.peakFloats() + 20L * 64 * 128);
    }

    private static Tensor[] sharedGraphGrads(Workspace workspace) {
        Rng rng = new Rng(9);
        Tensor a = Tensor.randn(rng, 64, 128).requiresGrad(true);
        Tensor b = Tensor.randn(rng, 128).requiresGrad(true);
        Workspace.Scope scope = workspace == null ? null : workspace.open();
        try {
            Tensor s = a.add(a);                           // both gradients are the same tensor
            Tensor t = s.mul(a).add(b);                    // b's gradient is a reduction of a broadcast
            Tensor u = t.reshape(128, 64).exp().reshape(64, 128);
            Tensor v = u.add(t).mul(s).add(u.mul(t));       // t and u reach the loss along two paths each
            v.sum().backward();
            return new Tensor[] {a.grad().copy(), b.grad().copy()};
        } finally {
            if (scope != null) {
                scope.close();
            }
        }
    }

    /**
     * Inference without a graph: a Sequential hands each layer's output back once the next layer has
     * used it, so a ConvNet's pass holds far less than the sum of its layers' outputs, with the same bits.
     */
    @Test
    void inferenceReusesLayerOutputsWithinThePass() {
        ConvNet model = new ConvNet(
                new ConvNetSpec(List.of(3, 16, 16), List.of(List.of(8), List.of(16, 16)), true, 10), new Rng(3));
        model.eval();
        Tensor x = Tensor.randn(new Rng(4), 16, 3, 16, 16);
        Tensor expected;
        try (NoGrad ignored = NoGrad.enter()) {
            expected = model.forward(x);
        }
        Workspace workspace = new Workspace();
        for (int pass = 0; pass < 3; pass++) {
            try (Workspace.Scope s = workspace.open(); NoGrad ignored = NoGrad.enter()) {
                assertBitIdentical(expected, model.forward(x), "logits of pass " + pass);
            }
        }
        // Every layer output of at least MIN_FLOATS, if each were held to the end of the pass: conv, BN and
        // ReLU at 8@16x16 (3 x 32768), the pool (8192), two convs at 16@8x8 with their BN and ReLU
        // (6 x 16384), the last pool (4096). Without a graph each conv + BN + ReLU (+ pool) is one op with
        // one output, and outputs are handed back as they go: the first block's pooled output (8192), the
        // 8x8 conv's (16384) and the last block's pooled output (4096) are all the pass ever holds: 28672.
        long allOutputs = 3L * 32768 + 8192 + 6L * 16384 + 4096;
        assertThat(workspace.heldFloats()).as("floats held").isEqualTo(28672).isLessThan(allOutputs);
    }

    private static void compare(Supplier<Module> build, Function<Module, Optimizer> optimizer, int[] inputShape) {
        Module plain = build.get();
        Module recycled = build.get();
        Optimizer plainOpt = optimizer.apply(plain);
        Optimizer recycledOpt = optimizer.apply(recycled);
        Workspace workspace = new Workspace();
        CrossEntropyLoss loss = new CrossEntropyLoss();
        plain.train();
        recycled.train();
        Rng data = new Rng(11);
        for (int step = 0; step < STEPS; step++) {
            Tensor x = Tensor.randn(data, inputShape);
            int[] y = new int[inputShape[0]];
            for (int i = 0; i < y.length; i++) {
                y[i] = data.nextInt(10);
            }
            plainOpt.zeroGrad();
            Tensor plainLoss = loss.forward(plain.forward(x), y);
            plainLoss.backward();
            plainOpt.step();
            double recycledLoss;
            try (Workspace.Scope s = workspace.open()) {
                recycledOpt.zeroGrad();
                Tensor l = loss.forward(recycled.forward(x), y);
                l.backward();
                recycledLoss = l.item();
            }
            recycledOpt.step();
            assertThat(recycledLoss).as("loss at step %d", step).isEqualTo(plainLoss.item());
        }
        assertThat(workspace.peakFloats()).as("the workspace served the steps").isPositive();
        assertSameState(plain.stateDict(), recycled.stateDict(), "model");
        assertSameState(plainOpt.stateDict(), recycledOpt.stateDict(), "optimizer");
    }

    private static void assertSameState(Map<String, ?> expected, Map<String, ?> actual, String what) {
        assertThat(actual.keySet()).isEqualTo(expected.keySet());
        for (Map.Entry<String, ?> e : expected.entrySet()) {
            Object a = actual.get(e.getKey());
            if (e.getValue() instanceof Tensor t) {
                assertBitIdentical(t, (Tensor) a, what + " " + e.getKey());
            } else {
                assertThat(a).as(what + " " + e.getKey()).isEqualTo(e.getValue());
            }
        }
    }
}
