package dev.nabla.optim;

import static dev.nabla.testing.TensorAssert.assertBitIdentical;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;
import dev.nabla.testing.Golden;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every optimizer against PyTorch 1.13 (make_optim.py): three parameters, six steps with fixed
 * gradients (the third parameter gets none in the first two steps), parameters and state compared
 * after every step.
 *
 * <p>The comparison is bit for bit: the updates run in float32 in PyTorch's operation order, with a
 * fused multiply-add wherever PyTorch's CPU kernels (built for AVX2 with FMA contraction) compute
 * {@code a + α·b} or {@code a + α·b·c} as one, so even the last bit agrees.
 */
class OptimizerGoldenTest {
    static final Golden GOLDEN = Golden.load("optim");
    static final int PARAMS = 3;
    static final int STEPS = 6;

    static Stream<String> cases() {
        return GOLDEN.names().stream().filter(n -> n.startsWith("opt_"));
    }

    /** Builds the case's optimizer through the public constructors, with PyTorch's defaults where absent. */
    static Optimizer build(Golden.Case c, List<Tensor> params) {
        return switch (c.string("optimizer")) {
            case "SGD" -> new SGD(params, h(c, "lr", 0), h(c, "momentum", 0), h(c, "dampening", 0),
                    h(c, "weight_decay", 0), h(c, "nesterov", 0) != 0);
            case "Adam" -> new Adam(params, h(c, "lr", 1e-3), h(c, "beta1", 0.9), h(c, "beta2", 0.999),
                    h(c, "eps", 1e-8), h(c, "weight_decay", 0), h(c, "amsgrad", 0) != 0);
            case "AdamW" -> new AdamW(params, h(c, "lr", 1e-3), h(c, "beta1", 0.9), h(c, "beta2", 0.999),
                    h(c, "eps", 1e-8), h(c, "weight_decay", 1e-2), h(c, "amsgrad", 0) != 0);
            case "Adadelta" -> new Adadelta(params, h(c, "lr", 1.0), h(c, "rho", 0.9), h(c, "eps", 1e-6),
                    h(c, "weight_decay", 0));
            case "RMSprop" -> new RMSprop(params, h(c, "lr", 1e-2), h(c, "alpha", 0.99), h(c, "eps", 1e-8),
                    h(c, "weight_decay", 0), h(c, "momentum", 0), h(c, "centered", 0) != 0);
            case "Adagrad" -> new Adagrad(params, h(c, "lr", 1e-2), h(c, "lr_decay", 0), h(c, "weight_decay", 0),
                    h(c, "initial_accumulator_value", 0), h(c, "eps", 1e-10));
            default -> throw new IllegalArgumentException(c.string("optimizer"));
        };
    }

    private static double h(Golden.Case c, String name, double fallback) {
        return c.has("h." + name) ? c.number("h." + name) : fallback;
    }

    static List<Tensor> initialParams(Golden.Case c) {
        List<Tensor> params = new ArrayList<>();
        for (int k = 0; k < PARAMS; k++) {
            params.add(c.tensor("init.p" + k).requiresGrad(true));
        }
        return params;
    }

    /** Sets step s's gradients (null where PyTorch had none). */
    static void setGrads(Golden.Case c, List<Tensor> params, int step) {
        for (int k = 0; k < PARAMS; k++) {
            String key = "grad" + step + ".p" + k;
            params.get(k).setGrad(c.has(key) ? c.tensor(key) : null);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void parametersAndStateMatchPyTorchAfterEveryStep(String name) {
        Golden.Case c = GOLDEN.get(name);
        List<Tensor> params = initialParams(c);
        Optimizer opt = build(c, params);
        for (int s = 0; s < STEPS; s++) {
            setGrads(c, params, s);
            opt.step();
            for (int k = 0; k < PARAMS; k++) {
                String at = "after" + s;
                assertBitIdentical(params.get(k), c.tensor(at + ".p" + k), name + " step " + s + " p" + k);
                Map<String, Tensor> state = opt.state(params.get(k));
                String torchStep = at + ".state" + k + ".step";
                if (state.isEmpty() && c.has(torchStep) && c.number(torchStep) == 0) {
                    continue; // PyTorch's Adagrad creates state in its constructor; ours waits for a gradient
                }
                assertThat(new TreeSet<>(state.keySet())).as(name + " step " + s + " state names of p" + k)
                        .isEqualTo(stateNames(c, at + ".state" + k + "."));
                for (String sn : state.keySet()) {
                    String key = at + ".state" + k + "." + sn;
                    Tensor expected = sn.equals("step")
                            ? Tensor.full(DType.FLOAT64, c.number(key))
                            : c.tensor(key, DType.FLOAT64);
                    assertBitIdentical(state.get(sn), expected, name + " step " + s + " state p" + k + " " + sn);
                }
            }
        }
    }

    private static TreeSet<String> stateNames(Golden.Case c, String prefix) {
        TreeSet<String> out = new TreeSet<>();
        c.node().propertyNames().forEach(n -> {
            if (n.startsWith(prefix)) {
                out.add(n.substring(prefix.length()));
            }
        });
        return out;
    }
}
