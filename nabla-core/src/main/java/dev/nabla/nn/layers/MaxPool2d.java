package dev.nabla.nn.layers;

import dev.nabla.autograd.Context;
import dev.nabla.autograd.Function;
import dev.nabla.kernel.Pooling;
import dev.nabla.kernel.Window2d;
import dev.nabla.nn.ConsumesImageBlocks;
import dev.nabla.nn.LayerMath;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;

/**
 * 2-D max pooling, as {@code torch.nn.MaxPool2d}: each output cell is the largest input cell of its
 * kh×kw window, {@code y[n, c, oh, ow] = max_{i, j} x[n, c, oh·s_h − p_h + i, ow·s_w − p_w + j]}.
 * Padded cells never win (PyTorch pads with −∞); the first largest cell in row-major order wins a tie.
 *
 * <p>Shapes: x [N, C, H, W], y [N, C, H_out, W_out] with H_out = ⌊(H + 2·p_h − kh) / s_h⌋ + 1 and W_out
 * likewise. The stride defaults to the kernel size (windows side by side). The seeds' CNN uses 3×3
 * windows with stride 2 and padding 1: the windows overlap, and an input cell can win several of them.
 */
public final class MaxPool2d extends Pool2d implements LayerMath, ConsumesImageBlocks {
    /** kernel×kernel windows side by side (stride = kernel), no padding. */
    public MaxPool2d(int kernel) {
        this(kernel, kernel, 0);
    }

    /** kernel×kernel windows; stride and padding apply to both dimensions. */
    public MaxPool2d(int kernel, int stride, int padding) {
        this(new int[] {kernel}, new int[] {stride}, new int[] {padding});
    }

    /** The general form: each argument is one value for both dimensions or a (height, width) pair. */
    public MaxPool2d(int[] kernel, int[] stride, int[] padding) {
        super("MaxPool2d", kernel, stride, padding);
    }

    @Override
    Function function(Window2d g) {
        return new MaxPool2dFunction(g);
    }

    /**
     * Pools a float32 input [N, C, H, W] a block of whole images at a time, each block's windows as
     * {@link #forward} computes them (inference: no winners kept); null when the window does not fit.
     */
    @Override
    public Consumer consumerFor(int[] shape) {
        if (!window().fits(shape)) {
            return null;
        }
        Window2d g = window().over(shape[0], shape[1], shape[2], shape[3]);
        Tensor y = Tensor.unfilled(DType.FLOAT32, g.batch(), g.channels(), g.outH(), g.outW());
        int perImage = g.channels() * g.outPlane();
        return new Consumer(y, (block, off, n0, count) -> Pooling.maxForward(
                window().over(count, shape[1], shape[2], shape[3]), block, off, y.floatData(),
                y.offset() + n0 * perImage));
    }

    @Override
    public String formula() {
        return """
                y[n, c, h, w] = max over the kh×kw window of X     X [N, C, H, W], y [N, C, H_out, W_out]
                dX = dY routed to each window's argmax              [N, C, H, W] (a cell winning several windows sums them)""";
    }

    /** kh·kw comparisons per output cell. */
    @Override
    public long forwardFlops(int[] in, int[] out) {
        return (long) Shape.numel(out) * window().kernelH() * window().kernelW();
    }

    /** One add per output cell, into its argmax. */
    @Override
    public long backwardFlops(int[] in, int[] out, boolean inputGrad) {
        return inputGrad ? Shape.numel(out) : 0;
    }

    /** Max pooling as a differentiable op; keeps the winning cell of every window for backward. */
    static final class MaxPool2dFunction extends Function {
        private final Window2d g;
        private int[] inputShape;
        private int[] argmax;

        MaxPool2dFunction(Window2d g) {
            this.g = g;
        }

        /** y[o] = x[argmax[o]], argmax[o] = the winning cell of window o (a flat index into x). */
        @Override
        protected Tensor forward(Context ctx, Tensor... in) {
            Tensor x = in[0];
            inputShape = x.shape();
            Tensor y = Tensor.unfilled(x.dtype(), g.batch(), g.channels(), g.outH(), g.outW());
            // Without a backward pass to come (inference), no winners are kept: the kernel writes y alone.
            int[] winners = ctx.needsInputGrad(0) ? new int[y.numel()] : null;
            if (x.dtype() == DType.FLOAT32) {
                Pooling.maxForward(g, x.floatData(), x.offset(), y.floatData(), winners);
            } else {
                Pooling.maxForward(g, x.doubleData(), x.offset(), y.doubleData(), winners);
            }
            argmax = winners;
            return y;
        }

        /**
         * dx[argmax[o]] += dy[o]: y[o] depends on its window only through the winner, with derivative 1.
         * Where windows overlap, a cell that wins several of them receives the sum of their gradients.
         * Shapes: dy [N, C, H_out, W_out], dx [N, C, H, W].
         */
        @Override
        protected Tensor[] backward(Context ctx, Tensor dy) {
            requireSaved(argmax, "argmax");
            Tensor dx = Tensor.zeros(dy.dtype(), inputShape);
            if (dy.dtype() == DType.FLOAT32) {
                Pooling.maxBackward(g, argmax, dy.floatData(), dy.offset(), dx.floatData());
            } else {
                Pooling.maxBackward(g, argmax, dy.doubleData(), dy.offset(), dx.doubleData());
            }
            return new Tensor[] {dx};
        }
    }
}
