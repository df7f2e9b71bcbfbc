package dev.nabla.nn;

import dev.nabla.autograd.GradCheck;
import dev.nabla.nn.layers.Dropout;
import dev.nabla.nn.losses.CrossEntropyLoss;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;

/**
 * A finite-difference check of every parameter of a whole model: what {@code nabla gradcheck} runs. The
 * function checked is the training loss, softmax + cross-entropy of the model's output on a fixed random
 * batch with random targets, so every layer's hand-written backward is on the path.
 *
 * <p>The model is converted to float64 in place. Dropout layers are switched to evaluation mode (identity),
 * because a fresh random mask on every evaluation would make the loss a different function each time;
 * everything else stays in training mode, so BatchNorm uses batch statistics (give it a batch of 2 or more).
 *
 * <pre>{@code
 * Module model = new Mlp(MlpSpec.of(20, List.of(8), 3), new Rng(1));
 * GradCheck.Report r = ModelGradCheck.check(model, new int[] {4, 20}, 3, GradCheck.Options.DEFAULT, new Rng(2));
 * System.out.print(r);
 * }</pre>
 */
public final class ModelGradCheck {
    private ModelGradCheck() {}

    /**
     * Checks every parameter of {@code model} on a random batch of {@code inputShape} ([N, ...]) with random
     * targets in [0, classes), drawn from {@code rng}; {@code options} sets the tolerances and how many
     * elements of each parameter are checked.
     */
    public static GradCheck.Report check(Module model, int[] inputShape, int classes, GradCheck.Options options,
            Rng rng) {
        model.to(DType.FLOAT64);
        model.train();
        disableDropout(model);
        Tensor x = Tensor.randn(rng, inputShape).to(DType.FLOAT64);
        int[] targets = new int[inputShape[0]];
        for (int i = 0; i < targets.length; i++) {
            targets[i] = rng.nextInt(classes);
        }
        CrossEntropyLoss criterion = new CrossEntropyLoss();
        return GradCheck.check(() -> criterion.forward(model.forward(x), targets), model.namedParameters(), options);
    }

    private static void disableDropout(Module m) {
        if (m instanceof Dropout) {
            m.eval();
        }
        m.namedChildren().values().forEach(ModelGradCheck::disableDropout);
    }
}
