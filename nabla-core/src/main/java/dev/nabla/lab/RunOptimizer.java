package dev.nabla.lab;

import dev.nabla.optim.Adadelta;
import dev.nabla.optim.Adagrad;
import dev.nabla.optim.Adam;
import dev.nabla.optim.AdamW;
import dev.nabla.optim.Optimizer;
import dev.nabla.optim.RMSprop;
import dev.nabla.optim.SGD;
import dev.nabla.tensor.Tensor;
import java.util.List;

/** The optimizer a configuration names, with its hyperparameters. */
public final class RunOptimizer {
    /** The names {@code --optimizer} accepts. */
    public static final List<String> NAMES = List.of("sgd", "adam", "adamw", "adadelta", "rmsprop", "adagrad");

    private RunOptimizer() {}

    /** The configured eps, or PyTorch's default for the optimizer when none is given. */
    private static double eps(RunConfig c, double pytorchDefault) {
        return c.eps() == null ? pytorchDefault : c.eps();
    }

    /** The optimizer for {@code params}; invalid hyperparameters are rejected with PyTorch's messages. */
    public static Optimizer create(RunConfig c, List<Tensor> params) {
        return switch (c.optimizer()) {
            case "sgd" -> new SGD(params, c.lr(), c.momentum(), 0, c.weightDecay(), c.nesterov());
            case "adam" -> new Adam(params, c.lr(), c.beta1(), c.beta2(), eps(c, 1e-8), c.weightDecay(), false);
            case "adamw" -> new AdamW(params, c.lr(), c.beta1(), c.beta2(), eps(c, 1e-8), c.weightDecay(), false);
            case "adadelta" -> new Adadelta(params, c.lr(), c.rho(), eps(c, 1e-6), c.weightDecay());
            case "rmsprop" -> new RMSprop(params, c.lr(), c.alpha(), eps(c, 1e-8), c.weightDecay(), c.momentum(), false);
            case "adagrad" -> new Adagrad(params, c.lr(), 0, c.weightDecay(), 0, eps(c, 1e-10));
            default -> throw new IllegalArgumentException("unknown optimizer '" + c.optimizer() + "' (expected one of "
                    + NAMES + ")");
        };
    }
}
