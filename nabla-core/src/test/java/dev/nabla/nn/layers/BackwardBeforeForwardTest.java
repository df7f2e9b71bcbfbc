package dev.nabla.nn.layers;

import dev.nabla.kernel.Window2d;
import dev.nabla.nn.BackwardBeforeForwardContract;
import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;
import java.util.List;

/**
 * STYLE rule 2: a layer Function whose backward runs before its forward throws an IllegalStateException that
 * says so, instead of a NullPointerException or a silently wrong gradient. Each case calls backward on a
 * fresh instance; the context is null, since backward must stop before it reads anything.
 */
class BackwardBeforeForwardTest extends BackwardBeforeForwardContract {
    /** A 2×2 window of stride 2 over one 4×4 channel; the output gradient is [1, 1, 2, 2]. */
    private static final Window2d WINDOW = new Window2d(1, 1, 4, 4, 2, 2, 2, 2, 0, 0);

    private static Tensor dy() {
        return Tensor.ones(1, 1, 2, 2);
    }

    @Override
    protected List<Case> cases() {
        return List.of(
                new Case("Linear", "LinearFunction", "input",
                        () -> new Linear.LinearFunction().backward(null, Tensor.ones(2, 3))),
                new Case("Conv2d", "Conv2dFunction", "input",
                        () -> new Conv2d.Conv2dFunction(WINDOW, 1, null).backward(null, dy())),
                new Case("MaxPool2d", "MaxPool2dFunction", "argmax",
                        () -> new MaxPool2d.MaxPool2dFunction(WINDOW).backward(null, dy())),
                new Case("AvgPool2d", "AvgPool2dFunction", "input shape",
                        () -> new AvgPool2d.AvgPool2dFunction(WINDOW).backward(null, dy())),
                new Case("BatchNorm (training)", "BatchNormFunction", "input",
                        () -> new BatchNorm.BatchNormFunction(1e-5).backward(null, dy())),
                new Case("BatchNorm (evaluation)", "BatchNormFunction", "input",
                        () -> new BatchNorm.BatchNormFunction(1e-5, Tensor.zeros(1), Tensor.ones(1))
                                .backward(null, dy())),
                new Case("LayerNorm", "LayerNormFunction", "xHat",
                        () -> new LayerNorm.LayerNormFunction(new int[] {2}, 1e-5).backward(null, dy())),
                new Case("Dropout", "DropoutFunction", "mask",
                        () -> new Dropout.DropoutFunction(0.5, new Rng(1)).backward(null, dy())));
    }

    @Override
    protected Class<?> packageAnchor() {
        return Linear.class;
    }
}
