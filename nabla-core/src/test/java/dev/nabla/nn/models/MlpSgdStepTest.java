package dev.nabla.nn.models;

import static dev.nabla.testing.TensorAssert.assertClose;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.nabla.autograd.NoGrad;
import dev.nabla.nn.layers.Linear;
import dev.nabla.nn.losses.CrossEntropyLoss;
import dev.nabla.nn.manual.ManualLinear;
import dev.nabla.nn.manual.ManualMlp;
import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;
import dev.nabla.testing.Golden;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * One full SGD step of the seeds' 3072-100-10 ReLU MLP (batch 200, lr 2e-3) against PyTorch: the loss,
 * every gradient and the new weights. The inputs are generated on both sides from the integer hash in
 * make_layers.py; the update is a plain {@code w -= lr·grad}.
 */
class MlpSgdStepTest {
    private static final Golden.Case CASE = Golden.load("layers").get("sgd_step_3072_100_10");

    /** The hash of make_layers.py: uniform in [−scale, scale), exact in double, then rounded to float. */
    static Tensor hashed(int salt, double scale, int... shape) {
        Tensor t = Tensor.zeros(shape);
        for (int i = 0; i < t.numel(); i++) {
            long h = ((long) i * 2654435761L + salt * 40503L + 1) & 0xFFFFFFFFL;
            h ^= h >>> 16;
            h = (h * 0x45D9F3BL) & 0xFFFFFFFFL;
            h ^= h >>> 16;
            t.setFlat(i, (h / 4294967296.0 * 2 - 1) * scale);
        }
        return t;
    }

    private static int[] labels(int n, int salt, int classes) {
        Tensor u = hashed(salt, 1.0, n);
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = (int) Math.min(classes - 1, Math.floor((u.getFlat(i) + 1) / 2 * classes));
        }
        return y;
    }

    private static Mlp fixtureModel() {
        int d = (int) CASE.number("d");
        int h = (int) CASE.number("h");
        int c = (int) CASE.number("c");
        Mlp mlp = new Mlp(MlpSpec.of(d, List.of(h), c), new Rng(0));
        mlp.loadStateDict(Map.of(
                "layers.0.weight", hashed(3, 1 / Math.sqrt(d), h, d),
                "layers.0.bias", hashed(4, 1 / Math.sqrt(d), h),
                "layers.2.weight", hashed(5, 1 / Math.sqrt(h), c, h),
                "layers.2.bias", hashed(6, 1 / Math.sqrt(h), c)));
        return mlp;
    }

    @Test
    void oneStepMatchesPyTorch() {
        int n = (int) CASE.number("n");
        int d = (int) CASE.number("d");
        double lr = CASE.number("lr");
        Tensor x = hashed(1, 1.0, n, d);
        int[] y = labels(n, 2, (int) CASE.number("c"));
        assertThat(y).containsExactly(CASE.ints("targets"));

        Mlp mlp = fixtureModel();
        Tensor loss = new CrossEntropyLoss().forward(mlp.forward(x), y);
        loss.backward();
        assertThat((double) loss.item()).isCloseTo(CASE.tensor("loss").getFlat(0), within(1e-5));

        Linear fc1 = mlp.linears().get(0);
        Linear fc2 = mlp.linears().get(1);
        assertClose(fc2.weight().grad(), CASE.tensor("dw2"), 1e-4, 1e-7, "dW2");
        assertClose(fc2.bias().grad(), CASE.tensor("db2"), 1e-4, 1e-7, "db2");
        assertClose(fc1.bias().grad(), CASE.tensor("db1"), 1e-4, 1e-7, "db1");
        assertLargeGradient(fc1.weight().grad(), "dw1");

        try (NoGrad ignored = NoGrad.enter()) {
            for (Tensor p : mlp.parameters()) {
                p.addInPlace(p.grad(), -lr);
            }
        }
        assertClose(fc2.weight(), CASE.tensor("new_w2"), 1e-6, 1e-7, "new W2");
        assertClose(fc2.bias(), CASE.tensor("new_b2"), 1e-6, 1e-7, "new b2");
        assertClose(fc1.bias(), CASE.tensor("new_b1"), 1e-6, 1e-7, "new b1");
        assertClose(sample(fc1.weight()), CASE.tensor("new_w1_samples"), 1e-6, 1e-7, "new W1 (sampled)");
    }

    @Test
    void theHandWrittenMlpGivesPyTorchsGradientsToo() {
        int n = (int) CASE.number("n");
        Tensor x = hashed(1, 1.0, n, (int) CASE.number("d"));
        int[] y = labels(n, 2, (int) CASE.number("c"));
        ManualMlp net = ManualMlp.copyOf(fixtureModel());
        Tensor loss = net.forward(x, y);
        net.backward();
        assertThat((double) loss.item()).isCloseTo(CASE.tensor("loss").getFlat(0), within(1e-5));
        ManualLinear fc1 = net.linears().get(0);
        ManualLinear fc2 = net.linears().get(1);
        assertClose(fc2.gradWeight(), CASE.tensor("dw2"), 1e-4, 1e-7, "manual dW2");
        assertClose(fc2.gradBias(), CASE.tensor("db2"), 1e-4, 1e-7, "manual db2");
        assertClose(fc1.gradBias(), CASE.tensor("db1"), 1e-4, 1e-7, "manual db1");
        assertLargeGradient(fc1.gradWeight(), "manual dw1");
    }

    /** dW1 has 307,200 values: compare its sum, its sum of squares and the 400 positions the fixture sampled. */
    private static void assertLargeGradient(Tensor g, String what) {
        double sum = 0;
        double squares = 0;
        for (int i = 0; i < g.numel(); i++) {
            sum += g.getFlat(i);
            squares += g.getFlat(i) * g.getFlat(i);
        }
        double expectedSquares = CASE.number("dw1_sumsq");
        assertThat(squares).as(what + " Σg²").isCloseTo(expectedSquares, within(1e-4 * expectedSquares));
        assertThat(sum).as(what + " Σg").isCloseTo(CASE.number("dw1_sum"), within(1e-4 * Math.sqrt(expectedSquares)));
        assertClose(sample(g), CASE.tensor("dw1_samples"), 1e-4, 1e-8, what + " (sampled)");
    }

    /** The values of a [D_h, D_in] tensor at the flat positions where make_layers.py sampled PyTorch's. */
    private static Tensor sample(Tensor t) {
        int[] idx = CASE.ints("dw1_index");
        Tensor out = Tensor.zeros(idx.length);
        for (int i = 0; i < idx.length; i++) {
            out.setFlat(i, t.getFlat(idx[i]));
        }
        return out;
    }
}
