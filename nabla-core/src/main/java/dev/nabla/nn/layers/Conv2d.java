package dev.nabla.nn.layers;

import dev.nabla.autograd.Context;
import dev.nabla.autograd.Function;
import dev.nabla.autograd.NoGrad;
import dev.nabla.kernel.ChannelOp;
import dev.nabla.kernel.Conv;
import dev.nabla.kernel.Im2col;
import dev.nabla.kernel.Window2d;
import dev.nabla.nn.ChannelwiseInInference;
import dev.nabla.nn.ConsumesImageBlocks;
import dev.nabla.nn.FusesChannelOp;
import dev.nabla.nn.Init;
import dev.nabla.nn.LayerMath;
import dev.nabla.nn.Module;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;

/**
 * 2-D convolution over a batch of images, as {@code torch.nn.Conv2d}: for every output channel o,
 * <pre>
 *   y[n, o, oh, ow] = b[o] + Σ_{c, i, j} W[o, c, i, j] · x[n, c, oh·s_h − p_h + i, ow·s_w − p_w + j]
 * </pre>
 * (cross-correlation; input cells outside the image read as 0).
 *
 * <p>Shapes: x [N, C_in, H, W], weight [C_out, C_in, kh, kw], bias [C_out], y [N, C_out, H_out, W_out]
 * with H_out = ⌊(H + 2·p_h − kh) / s_h⌋ + 1 and W_out likewise. The layouts and parameter names are
 * PyTorch's, so checkpoints load in both.
 *
 * <pre>{@code
 * Conv2d conv = new Conv2d(3, 64, 3, 1, 1, rng);        // 3x3, stride 1, padding 1: keeps H and W
 * Tensor y = conv.forward(images);                       // [32, 3, 32, 32] -> [32, 64, 32, 32]
 * }</pre>
 */
public final class Conv2d extends Module implements LayerMath, FusesChannelOp {
    private final int inChannels;
    private final int outChannels;
    private final WindowSpec window;
    private final Tensor weight;
    private final Tensor bias;

    /** A kernel×kernel convolution with stride 1, no padding and a bias. */
    public Conv2d(int inChannels, int outChannels, int kernel, Rng rng) {
        this(inChannels, outChannels, kernel, 1, 0, rng);
    }

    /** A kernel×kernel convolution with a bias; stride and padding apply to both dimensions. */
    public Conv2d(int inChannels, int outChannels, int kernel, int stride, int padding, Rng rng) {
        this(inChannels, outChannels, new int[] {kernel}, new int[] {stride}, new int[] {padding}, true, rng);
    }

    /**
     * The general form: kernel, stride and padding are each one value for both dimensions or a
     * (height, width) pair.
     *
     * @param rng draws the initial weights (see {@link #resetParameters})
     */
    public Conv2d(int inChannels, int outChannels, int[] kernel, int[] stride, int[] padding, boolean bias, Rng rng) {
        if (inChannels < 1 || outChannels < 1) {
            throw new IllegalArgumentException("Conv2d: invalid channel counts in=" + inChannels + ", out="
                    + outChannels + " (must be at least 1)");
        }
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.window = WindowSpec.of(kernel, stride, padding);
        this.weight = registerParameter("weight",
                Tensor.zeros(outChannels, inChannels, window.kernelH(), window.kernelW()));
        this.bias = bias ? registerParameter("bias", Tensor.zeros(outChannels)) : null;
        resetParameters(rng);
    }

    /**
     * PyTorch's default initialisation ({@link Init#pytorchDefault}): the weight by Kaiming-uniform with
     * a = √5, which is U(−1/√fan_in, 1/√fan_in), and the bias by U(−1/√fan_in, 1/√fan_in), with
     * fan_in = C_in·kh·kw.
     */
    public void resetParameters(Rng rng) {
        Init.pytorchDefault(weight, bias, rng);
    }

    /** [C_out, C_in, kh, kw]. */
    public Tensor weight() {
        return weight;
    }

    /** [C_out], or null when the layer was built without a bias. */
    public Tensor bias() {
        return bias;
    }

    @Override
    public Tensor forward(Tensor x) {
        return new Conv2dFunction(checkedGeometry(x), outChannels, null).apply(x, weight, bias);
    }

    /**
     * Without a graph, for float32: y = next(conv(x)) (then ReLU), with next's op applied to each block of
     * y as the kernel writes it; null otherwise, or when {@code next} cannot be an op for this output.
     */
    @Override
    public Tensor forwardThen(Tensor x, ChannelwiseInInference next, boolean relu) {
        ChannelOp op = fusableOp(x, next, relu);
        return op == null ? null : new Conv2dFunction(checkedGeometry(x), outChannels, op).apply(x, weight, bias);
    }

    /**
     * Without a graph, for float32: {@code last} applied to next(conv(x)) (then ReLU), the convolution's
     * output handed to it block by block from the kernel's scratch; null otherwise.
     */
    @Override
    public Tensor forwardThen(Tensor x, ChannelwiseInInference next, boolean relu, ConsumesImageBlocks last) {
        ChannelOp op = fusableOp(x, next, relu);
        if (op == null) {
            return null;
        }
        Window2d g = checkedGeometry(x);
        ConsumesImageBlocks.Consumer consumer = last.consumerFor(new int[] {g.batch(), outChannels, g.outH(), g.outW()});
        if (consumer == null) {
            return null;
        }
        Conv.forward(g, outChannels, x.floatData(), x.offset(), weight.floatData(), weight.offset(),
                bias == null ? null : bias.floatData(), bias == null ? 0 : bias.offset(), op, consumer.sink());
        return consumer.output();
    }

    /** next's op (with a ReLU) when this layer can apply it to its output for input x now, else null. */
    private ChannelOp fusableOp(Tensor x, ChannelwiseInInference next, boolean relu) {
        if (NoGrad.isGradEnabled() || x.dtype() != DType.FLOAT32 || weight.dtype() != DType.FLOAT32) {
            return null;
        }
        return next.inferenceOp(outChannels, relu);
    }

    /** The window geometry for input x, after checking x's channels and dtype against this layer. */
    private Window2d checkedGeometry(Tensor x) {
        Window2d g = window.geometry(this, x);
        if (g.channels() != inChannels) {
            throw new IllegalArgumentException(this + " got input " + Shape.str(x.shape()) + ": the channel dimension"
                    + " (dimension 1) is " + g.channels() + " but must be " + inChannels + channelHint(x.shape()));
        }
        if (x.dtype() != weight.dtype()) {
            throw new IllegalArgumentException(this + " got a " + x.dtype() + " input but its parameters are "
                    + weight.dtype() + ": convert the input with x.to(DType." + weight.dtype().name()
                    + ") or the model with module.to(DType." + x.dtype().name() + ")");
        }
        return g;
    }

    private String channelHint(int[] s) {
        if (s[1] == 1 && inChannels == 3) {
            return " — is the dataset grayscale (MNIST) while the model expects colour images?";
        }
        if (s[1] == 3 && inChannels == 1) {
            return " — is the dataset colour (CIFAR) while the model expects grayscale images?";
        }
        if (s[3] == inChannels) {
            return " — the input looks channels-last [N, H, W, C]: use x.permute(0, 3, 1, 2)";
        }
        return " — check the out channels of the layer before";
    }

    @Override
    public String formula() {
        return """
                y  = W ⋆ X + b                X [N, C_in, H, W], W [C_out, C_in, kh, kw], b [C_out], y [N, C_out, H_out, W_out]
                col = im2col(X)               [C_in·kh·kw, N·H_out·W_out], every window a column; dY' = dY as [C_out, N·H_out·W_out]
                dX = col2im(Wᵀ·dY')           [N, C_in, H, W] (a pixel seen by several windows sums their gradients)
                dW = dY'·colᵀ                 [C_out, C_in, kh, kw]
                db = Σ_{n,h,w} dY             [C_out]""";
    }

    /** 2·N·C_out·H_out·W_out·C_in·kh·kw for the products, plus one add per output for the bias. */
    @Override
    public long forwardFlops(int[] in, int[] out) {
        long outputs = Shape.numel(out);
        return 2 * outputs * inChannels * window.kernelH() * window.kernelW() + (bias != null ? outputs : 0);
    }

    /** dW and (if needed) dX, each a forward's worth of multiply-adds, plus one add per output for db. */
    @Override
    public long backwardFlops(int[] in, int[] out, boolean inputGrad) {
        long outputs = Shape.numel(out);
        long gemm = 2 * outputs * inChannels * window.kernelH() * window.kernelW();
        return gemm + (inputGrad ? gemm : 0) + (bias != null ? outputs : 0);
    }

    /**
     * The functional form, as {@code torch.nn.functional.conv2d}: x [N, C_in, H, W], weight
     * [C_out, C_in, kh, kw], bias [C_out] or null; stride and padding are one value or a (height, width)
     * pair.
     */
    public static Tensor conv2d(Tensor x, Tensor weight, Tensor bias, int[] stride, int[] padding) {
        int[] ws = weight.shape();
        if (ws.length != 4) {
            throw new IllegalArgumentException("conv2d: weight has shape " + Shape.str(ws)
                    + ", expected [C_out, C_in, kh, kw]");
        }
        String op = "conv2d(weight " + Shape.str(ws) + ")";
        Window2d g = WindowSpec.of(new int[] {ws[2], ws[3]}, stride, padding).geometry(op, x);
        if (g.channels() != ws[1]) {
            throw new IllegalArgumentException(op + " got input " + Shape.str(x.shape())
                    + ": the channel dimension (dimension 1) must be " + ws[1] + ", the weight's dimension 1");
        }
        if (bias != null && (bias.dim() != 1 || bias.size(0) != ws[0])) {
            throw new IllegalArgumentException(op + ": bias has shape " + Shape.str(bias.shape()) + ", expected ["
                    + ws[0] + "]");
        }
        if (x.dtype() != weight.dtype() || (bias != null && bias.dtype() != weight.dtype())) {
            throw new IllegalArgumentException(op + ": input, weight and bias must have the same dtype, got "
                    + x.dtype() + ", " + weight.dtype() + (bias == null ? "" : ", " + bias.dtype()));
        }
        return new Conv2dFunction(g, ws[0], null).apply(x, weight, bias);
    }

    @Override
    protected String extraRepr() {
        return "in=" + inChannels + ", out=" + outChannels + ", " + window.describe() + ", bias=" + (bias != null);
    }

    /**
     * The convolution as a differentiable op on (x, weight, bias). float32 runs the fused kernel
     * {@link Conv}; float64 (gradient checks) spells the same algorithm with tensor ops: im2col, one matrix
     * product, a permutation.
     */
    static final class Conv2dFunction extends Function {
        private final Window2d g;
        private final int outChannels;
        /** The following layer's op, applied to y as it is written (float32 and no graph only), or null. */
        private final ChannelOp after;
        private Tensor x;
        private Tensor weight;

        Conv2dFunction(Window2d g, int outChannels, ChannelOp after) {
            this.g = g;
            this.outChannels = outChannels;
            this.after = after;
        }

        /**
         * y = W ⋆ x + b. Legend: N batch, C_in/C_out channels, H/W the input's height and width,
         * H_out/W_out the output's, K = C_in·kh·kw, P = H_out·W_out. col = im2col(x) [K, N·P] holds every
         * window as a column, so Y' [C_out, N·P] = W [C_out, K] · col, and y [N, C_out, H_out, W_out] is Y'
         * with its axes (C_out, N) swapped, plus b[o] on channel o.
         */
        @Override
        protected Tensor forward(Context ctx, Tensor... in) {
            x = in[0];
            weight = in[1];
            Tensor b = in[2];
            int n = g.batch();
            int p = g.outPlane();
            if (x.dtype() == DType.FLOAT32) {
                Tensor y = Tensor.unfilled(DType.FLOAT32, n, outChannels, g.outH(), g.outW());
                Conv.forward(g, outChannels, x.floatData(), x.offset(), weight.floatData(), weight.offset(),
                        b == null ? null : b.floatData(), b == null ? 0 : b.offset(), y.floatData(), 0, after);
                return y;
            }
            Tensor yT = weightMatrix().matmul(columns());
            Tensor y = yT.reshape(outChannels, n, p).permute(1, 0, 2);
            if (b != null) {
                y = y.add(b.reshape(1, outChannels, 1));
            }
            return y.reshape(n, outChannels, g.outH(), g.outW());
        }

        /**
         * With y[n, o, oh, ow] = b[o] + Σ_{c,i,j} W[o, c, i, j] · x[n, c, oh·s_h − p_h + i, ow·s_w − p_w + j]:
         * <pre>
         *   db[o]          = Σ_{n,oh,ow} dy[n, o, oh, ow]
         *   dW[o, c, i, j] = Σ_{n,oh,ow} dy[n, o, oh, ow] · x[n, c, oh·s_h − p_h + i, ow·s_w − p_w + j]
         *   dX[n, c, h, w] = Σ dy[n, o, oh, ow] · W[o, c, i, j] over all (o, i, j, oh, ow) with
         *                    oh·s_h − p_h + i = h and ow·s_w − p_w + j = w
         * </pre>
         * In matrix form, with dY' = dy as [C_out, N·P] (the forward permutation undone) and the legend of
         * {@link #forward}:
         * <pre>
         *   db = dY' · 1              [C_out]
         *   dW = dY' · colᵀ           [C_out, K] = [C_out, C_in, kh, kw]
         *   dX = col2im(Wᵀ · dY')     [K, N·P] → [N, C_in, H, W]
         * </pre>
         * col2im is the adjoint of im2col: each column cell adds into the input cell it was copied from, so
         * an input cell seen by several windows gets the sum of their gradients, and padding gets nothing.
         */
        @Override
        protected Tensor[] backward(Context ctx, Tensor dy) {
            requireSaved(x, "input");
            requireSaved(weight, "weight");
            boolean needX = ctx.needsInputGrad(0);
            boolean needW = ctx.needsInputGrad(1);
            boolean needB = ctx.needsInputGrad(2);
            Tensor dx = needX ? Tensor.zeros(x.dtype(), x.shape()) : null;
            if (x.dtype() == DType.FLOAT32) {
                Tensor dw = needW ? Tensor.unfilled(DType.FLOAT32, weight.shape()) : null;
                Tensor db = needB ? Tensor.zeros(outChannels) : null;
                Conv.backward(g, outChannels, x.floatData(), x.offset(), weight.floatData(), weight.offset(),
                        dy.floatData(), dy.offset(), needX ? dx.floatData() : null, needW ? dw.floatData() : null,
                        needB ? db.floatData() : null);
                return new Tensor[] {dx, dw, db};
            }
            int cols = g.batch() * g.outPlane();
            Tensor dyT = dy.reshape(g.batch(), outChannels, g.outPlane()).permute(1, 0, 2).reshape(outChannels, cols);
            Tensor db = needB ? dyT.sum(1) : null;
            Tensor dw = needW ? dyT.matmul(columns().t()).reshape(weight.shape()) : null;
            if (needX) {
                Tensor dcol = weightMatrix().t().matmul(dyT);
                Im2col.col2im(g, dcol.doubleData(), cols, 0, g.batch(), dx.doubleData(), 0);
            }
            return new Tensor[] {dx, dw, db};
        }

        /** The weight as the matrix [C_out, K]. */
        private Tensor weightMatrix() {
            return weight.reshape(outChannels, g.channels() * g.kernelH() * g.kernelW());
        }

        /** im2col(x) [K, N·P] in float64. */
        private Tensor columns() {
            int cols = g.batch() * g.outPlane();
            Tensor col = Tensor.zeros(DType.FLOAT64, g.channels() * g.kernelH() * g.kernelW(), cols);
            Im2col.im2col(g, x.doubleData(), x.offset(), 0, g.batch(), col.doubleData(), cols);
            return col;
        }
    }
}
