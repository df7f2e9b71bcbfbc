package dev.nabla.nn.layers;

import dev.nabla.autograd.Context;
import dev.nabla.autograd.Function;
import dev.nabla.kernel.Gemm;
import dev.nabla.nn.Init;
import dev.nabla.nn.LayerMath;
import dev.nabla.nn.Module;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;
import java.util.Arrays;
import java.util.Map;

/**
 * A fully connected layer, {@code y = x·Wᵀ + b}, as {@code torch.nn.Linear}.
 *
 * <p>Shapes: x [N, D_in] (any leading dimensions [..., D_in] are treated as rows), W [D_out, D_in] (PyTorch's
 * layout, so state dicts load in PyTorch), b [D_out], y [N, D_out].
 *
 * <p>Default initialisation ({@link #resetParameters}): PyTorch's, W and b ~ U(−1/√D_in, 1/√D_in)
 * ({@link Init#pytorchDefault}: Kaiming uniform with a = √5 for W).
 *
 * <pre>{@code
 * Linear fc = new Linear(784, 100, new Rng(42));
 * Tensor y = fc.forward(x);          // x [32, 784] -> y [32, 100]
 * }</pre>
 */
public class Linear extends Module implements LayerMath {
    /** Per-sample sizes of well-known datasets, for the hint when the input size is wrong. */
    private static final Map<Integer, String> DATASETS = Map.of(784, "MNIST", 3072, "CIFAR-10");

    private final int inFeatures;
    private final int outFeatures;
    private final Tensor weight;
    private final Tensor bias;

    /** A layer with a bias, initialised from {@code rng}. */
    public Linear(int inFeatures, int outFeatures, Rng rng) {
        this(inFeatures, outFeatures, true, rng);
    }

    /** A layer with or without a bias, initialised from {@code rng}. */
    public Linear(int inFeatures, int outFeatures, boolean bias, Rng rng) {
        if (inFeatures <= 0 || outFeatures <= 0) {
            throw new IllegalArgumentException("Linear: in and out must be positive, got in=" + inFeatures
                    + ", out=" + outFeatures);
        }
        this.inFeatures = inFeatures;
        this.outFeatures = outFeatures;
        this.weight = registerParameter("weight", Tensor.zeros(outFeatures, inFeatures));
        this.bias = bias ? registerParameter("bias", Tensor.zeros(outFeatures)) : null;
        resetParameters(rng);
    }

    /** Redraws W and b with PyTorch's default initialisation (see the class comment). */
    public void resetParameters(Rng rng) {
        Init.pytorchDefault(weight, bias, rng);
    }

    /** W, [D_out, D_in]. */
    public Tensor weight() {
        return weight;
    }

    /** b, [D_out], or null for a layer without bias. */
    public Tensor bias() {
        return bias;
    }

    public int inFeatures() {
        return inFeatures;
    }

    public int outFeatures() {
        return outFeatures;
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.dim() == 0 || x.size(-1) != inFeatures) {
            throw new IllegalArgumentException(describe() + " got input " + Shape.str(x.shape())
                    + ": the last dimension must be " + inFeatures + " — " + hint(x.shape()));
        }
        InputCheck.sameDType(this, x, weight);
        return new LinearFunction().apply(x, weight, bias);
    }

    private String describe() {
        return "Linear(in=" + inFeatures + ", out=" + outFeatures + ")";
    }

    private String hint(int[] shape) {
        int perSample = Shape.numel(Arrays.copyOfRange(shape, Math.min(1, shape.length), shape.length));
        int last = shape.length == 0 ? 0 : shape[shape.length - 1];
        String expected = DATASETS.get(inFeatures);
        String actual = DATASETS.get(shape.length > 2 ? perSample : last);
        if (shape.length > 2 && perSample == inFeatures) {
            return "did you forget to flatten? Each sample has " + perSample + " values: add a Flatten() before"
                    + " this layer";
        }
        if (expected != null && actual != null && !expected.equals(actual)) {
            return "did you forget to flatten, or is the dataset " + actual + " rather than " + expected + "?";
        }
        return "does the previous layer (or the data) produce " + inFeatures + " features per sample?";
    }

    @Override
    protected String extraRepr() {
        return "in=" + inFeatures + ", out=" + outFeatures + ", bias=" + (bias != null);
    }

    @Override
    public String formula() {
        return """
                y  = X·Wᵀ + b     X [N, D_in], W [D_out, D_in], b [D_out], y [N, D_out]
                dX = dY·W         [N, D_in]
                dW = dYᵀ·X        [D_out, D_in]
                db = Σₙ dY        [D_out]""";
    }

    /** 2·N·D_in·D_out for x·Wᵀ, plus N·D_out for the bias. */
    @Override
    public long forwardFlops(int[] in, int[] out) {
        long rows = Shape.numel(out) / outFeatures;
        return 2 * rows * inFeatures * outFeatures + (bias != null ? rows * outFeatures : 0);
    }

    /** dW = dYᵀ·X and (if needed) dX = dY·W, 2·N·D_in·D_out each, plus N·D_out for db. */
    @Override
    public long backwardFlops(int[] in, int[] out, boolean inputGrad) {
        long rows = Shape.numel(out) / outFeatures;
        long gemm = 2 * rows * inFeatures * outFeatures;
        return gemm + (inputGrad ? gemm : 0) + (bias != null ? rows * outFeatures : 0);
    }

    /**
     * y = x·Wᵀ + b, with inputs (x, W, b); b may be null. Every x of shape [..., D_in] is read as M rows
     * [M, D_in]. The three products run on the GEMM with transposed operands read in place.
     */
    public static final class LinearFunction extends Function {
        private Tensor input;
        private Tensor weight;

        @Override
        protected Tensor forward(Context ctx, Tensor... in) {
            Tensor x = in[0];
            Tensor w = in[1];
            Tensor b = in[2];
            int dOut = w.size(0);
            int dIn = w.size(1);
            int rows = x.numel() / dIn;
            int[] outShape = x.shape();
            outShape[outShape.length - 1] = dOut;
            // y starts as b in every row, and the GEMM adds x·Wᵀ onto it (beta = 1).
            boolean withBias = b != null && rows > 0;
            Tensor y = withBias ? b.expand(rows, dOut) : Tensor.zeros(x.dtype(), rows, dOut);
            gemm(false, true, rows, dOut, dIn, x, dIn, w, dIn, withBias ? 1 : 0, y, dOut);
            input = x;
            weight = w;
            return y.reshape(outShape);
        }

        /**
         * Given dY [M, D_out] (M rows of dL/dy), with X [M, D_in] and W [D_out, D_in] saved:
         * <ul>
         *   <li>dX = dY·W, [M, D_in] (skipped when x needs no gradient, e.g. the network's input);
         *   <li>dW = dYᵀ·X, [D_out, D_in];
         *   <li>db = Σₙ dY (column sums), [D_out].
         * </ul>
         */
        @Override
        protected Tensor[] backward(Context ctx, Tensor dy) {
            Tensor x = requireSaved(input, "input");
            Tensor w = requireSaved(weight, "weight");
            int dOut = w.size(0);
            int dIn = w.size(1);
            int rows = x.numel() / dIn;
            Tensor dx = null;
            Tensor dw = null;
            Tensor db = null;
            if (ctx.needsInputGrad(0)) {
                dx = Tensor.zeros(x.dtype(), x.shape());
                gemm(false, false, rows, dIn, dOut, dy, dOut, w, dIn, 0, dx, dIn);
            }
            if (ctx.needsInputGrad(1)) {
                dw = Tensor.zeros(w.dtype(), dOut, dIn);
                gemm(true, false, dOut, dIn, rows, dy, dOut, x, dIn, 0, dw, dIn);
            }
            if (ctx.needsInputGrad(2)) {
                db = dy.reshape(rows, dOut).sum(0);
            }
            return new Tensor[] {dx, dw, db};
        }

        /** c = op(a)·op(b) + beta·c on the tensors' storage, in their dtype; see {@link Gemm}. */
        private static void gemm(boolean transA, boolean transB, int m, int n, int k, Tensor a, int lda,
                Tensor b, int ldb, double beta, Tensor c, int ldc) {
            if (c.dtype() == DType.FLOAT32) {
                Gemm.sgemm(transA, transB, m, n, k, 1f, a.floatData(), a.offset(), lda, b.floatData(), b.offset(),
                        ldb, (float) beta, c.floatData(), c.offset(), ldc);
            } else {
                Gemm.dgemm(transA, transB, m, n, k, 1.0, a.doubleData(), a.offset(), lda, b.doubleData(),
                        b.offset(), ldb, beta, c.doubleData(), c.offset(), ldc);
            }
        }
    }
}
