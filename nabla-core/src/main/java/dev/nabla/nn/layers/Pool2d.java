package dev.nabla.nn.layers;

import dev.nabla.autograd.Function;
import dev.nabla.kernel.Window2d;
import dev.nabla.nn.Module;
import dev.nabla.tensor.Tensor;

/**
 * What {@link MaxPool2d} and {@link AvgPool2d} share: a parameter-free window over each channel, checked
 * when built (padding at most half the kernel, as PyTorch) and described in {@code toString()}. Each
 * subclass supplies the differentiable op for one input's geometry.
 */
abstract class Pool2d extends Module {
    private final WindowSpec window;

    /** Each argument is one value for both dimensions or a (height, width) pair. */
    Pool2d(String name, int[] kernel, int[] stride, int[] padding) {
        this.window = WindowSpec.of(kernel, stride, padding).requirePoolablePadding(name);
    }

    /** Kernel, stride and padding. */
    final WindowSpec window() {
        return window;
    }

    /** The op that pools an input of geometry g. */
    abstract Function function(Window2d g);

    @Override
    public final Tensor forward(Tensor x) {
        return function(window.geometry(this, x)).apply(x);
    }

    @Override
    protected final String extraRepr() {
        return window.describe();
    }
}
