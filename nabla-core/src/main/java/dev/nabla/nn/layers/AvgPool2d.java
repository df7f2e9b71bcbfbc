package dev.nabla.nn.layers;

import dev.nabla.autograd.Context;
import dev.nabla.autograd.Function;
import dev.nabla.kernel.Pooling;
import dev.nabla.kernel.Window2d;
import dev.nabla.nn.LayerMath;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;

/**
 * 2-D average pooling, as {@code torch.nn.AvgPool2d} with its defaults ({@code count_include_pad=true},
 * floor mode): {@code y[n, c, oh, ow] = (1 / (kh·kw)) · Σ_{i, j} x[n, c, oh·s_h − p_h + i, ow·s_w − p_w + j]},
 * where padded cells count as zeros, so a window at the border is still divided by kh·kw.
 *
 * <p>Shapes: x [N, C, H, W], y [N, C, H_out, W_out] with H_out = ⌊(H + 2·p_h − kh) / s_h⌋ + 1 and W_out
 * likewise. The stride defaults to the kernel size.
 */
public final class AvgPool2d extends Pool2d implements LayerMath {
    /** kernel×kernel windows side by side (stride = kernel), no padding. */
    public AvgPool2d(int kernel) {
        this(kernel, kernel, 0);
    }

    /** kernel×kernel windows; stride and padding apply to both dimensions. */
    public AvgPool2d(int kernel, int stride, int padding) {
        this(new int[] {kernel}, new int[] {stride}, new int[] {padding});
    }

    /** The general form: each argument is one value for both dimensions or a (height, width) pair. */
    public AvgPool2d(int[] kernel, int[] stride, int[] padding) {
        super("AvgPool2d", kernel, stride, padding);
    }

    @Override
    Function function(Window2d g) {
        return new AvgPool2dFunction(g);
    }

    @Override
    public String formula() {
        return """
                y[n, c, h, w] = mean over the kh×kw window of X    X [N, C, H, W], y [N, C, H_out, W_out]
                dX = dY/(kh·kw) added to every cell of its window   [N, C, H, W]""";
    }

    /** kh·kw adds per output cell (and the division). */
    @Override
    public long forwardFlops(int[] in, int[] out) {
        return (long) Shape.numel(out) * window().kernelH() * window().kernelW();
    }

    /** kh·kw adds per output cell. */
    @Override
    public long backwardFlops(int[] in, int[] out, boolean inputGrad) {
        return inputGrad ? forwardFlops(in, out) : 0;
    }

    /** Average pooling as a differentiable op; backward needs only the geometry. */
    static final class AvgPool2dFunction extends Function {
        private final Window2d g;
        private int[] inputShape;

        AvgPool2dFunction(Window2d g) {
            this.g = g;
        }

        @Override
        protected Tensor forward(Context ctx, Tensor... in) {
            Tensor x = in[0];
            inputShape = x.shape();
            Tensor y = Tensor.zeros(x.dtype(), g.batch(), g.channels(), g.outH(), g.outW());
            if (x.dtype() == DType.FLOAT32) {
                Pooling.avgForward(g, x.floatData(), x.offset(), y.floatData());
            } else {
                Pooling.avgForward(g, x.doubleData(), x.offset(), y.doubleData());
            }
            return y;
        }

        /**
         * dx[i] = Σ over the windows o that contain cell i of dy[o] / (kh·kw): every cell of a window
         * contributes 1/(kh·kw) of its average. Shapes: dy [N, C, H_out, W_out], dx [N, C, H, W].
         */
        @Override
        protected Tensor[] backward(Context ctx, Tensor dy) {
            requireSaved(inputShape, "input shape");
            Tensor dx = Tensor.zeros(dy.dtype(), inputShape);
            if (dy.dtype() == DType.FLOAT32) {
                Pooling.avgBackward(g, dy.floatData(), dy.offset(), dx.floatData());
            } else {
                Pooling.avgBackward(g, dy.doubleData(), dy.offset(), dx.doubleData());
            }
            return new Tensor[] {dx};
        }
    }
}
