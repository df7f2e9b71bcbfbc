package dev.nabla.nn.activations;

import dev.nabla.nn.BackwardBeforeForwardContract;
import dev.nabla.tensor.Tensor;
import java.util.List;

/**
 * STYLE rule 2: an activation Function whose backward runs before its forward throws an
 * IllegalStateException that says so. Each case calls backward on a fresh instance with a null context.
 */
class BackwardBeforeForwardTest extends BackwardBeforeForwardContract {
    private static Tensor dy() {
        return Tensor.ones(2, 3);
    }

    @Override
    protected List<Case> cases() {
        return List.of(
                new Case("ReLUFunction", "output", () -> new ReLU.ReLUFunction().backward(null, dy())),
                new Case("LeakyReLUFunction", "input",
                        () -> new LeakyReLU.LeakyReLUFunction(0.01).backward(null, dy())),
                new Case("ELUFunction", "input", () -> new ELU.ELUFunction(1.0).backward(null, dy())),
                new Case("SigmoidFunction", "output", () -> new Sigmoid.SigmoidFunction().backward(null, dy())),
                new Case("TanhFunction", "output", () -> new Tanh.TanhFunction().backward(null, dy())),
                new Case("SoftmaxFunction", "output", () -> new Softmax.SoftmaxFunction(1).backward(null, dy())),
                new Case("LogSoftmaxFunction", "output",
                        () -> new LogSoftmax.LogSoftmaxFunction(1).backward(null, dy())));
    }

    @Override
    protected Class<?> packageAnchor() {
        return ReLU.class;
    }
}
