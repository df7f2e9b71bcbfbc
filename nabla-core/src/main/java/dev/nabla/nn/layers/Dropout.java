package dev.nabla.nn.layers;

import dev.nabla.autograd.Context;
import dev.nabla.autograd.Function;
import dev.nabla.nn.Blocks;
import dev.nabla.nn.LayerMath;
import dev.nabla.nn.Module;
import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;

/**
 * Inverted dropout, as {@code torch.nn.Dropout(p)}: in training mode every element is zeroed with
 * probability p and the survivors are scaled by 1/(1 − p), so the expected value is unchanged and
 * evaluation needs no rescaling; in evaluation mode (and for p = 0) it is the identity.
 *
 * <p>Each training forward draws a fresh mask from the module's own {@link Rng}, one draw per element in
 * row-major order: the same seed gives the same masks.
 *
 * <pre>{@code
 * Dropout drop = new Dropout(0.5, new Rng(7));
 * }</pre>
 */
public class Dropout extends Module implements LayerMath {
    private final double p;
    private final Rng rng;

    /**
     * @param p the probability of zeroing an element, in [0, 1]
     * @param rng the generator the masks are drawn from
     */
    public Dropout(double p, Rng rng) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("Dropout: probability p must be between 0 and 1, got " + p);
        }
        this.p = p;
        this.rng = registerRng("rng", rng);
    }

    /** As {@link #Dropout(double, Rng)} with {@code new Rng(seed)}. */
    public Dropout(double p, long seed) {
        this(p, new Rng(seed));
    }

    public double p() {
        return p;
    }

    @Override
    public Tensor forward(Tensor x) {
        if (!isTraining() || p == 0) {
            return x;
        }
        return new DropoutFunction(p, rng).apply(x);
    }

    @Override
    public String formula() {
        return """
                y  = X ⊙ m, m = 0 with probability p, else 1/(1 − p)   X, y, m [any shape]; eval mode: y = X
                dX = dY ⊙ m                                               like X""";
    }

    @Override
    public long forwardFlops(int[] in, int[] out) {
        return LayerMath.elementwise(out, 1);
    }

    @Override
    public long backwardFlops(int[] in, int[] out, boolean inputGrad) {
        return inputGrad ? LayerMath.elementwise(out, 1) : 0;
    }

    @Override
    protected String extraRepr() {
        return "p=" + p;
    }

    /**
     * y = x ⊙ mask, the mask drawn in forward from the generator: 0 with probability p, else 1/(1 − p), one
     * draw per element in row-major order, shaped and typed like x.
     */
    public static final class DropoutFunction extends Function {
        private final double p;
        private final Rng rng;
        private Tensor mask;

        public DropoutFunction(double p, Rng rng) {
            this.p = p;
            this.rng = rng;
        }

        @Override
        protected Tensor forward(Context ctx, Tensor... in) {
            Tensor x = in[0];
            double scale = p < 1 ? 1 / (1 - p) : 0;
            double[] m = new double[x.numel()];
            for (int i = 0; i < m.length; i++) {
                m[i] = rng.nextDouble() < p ? 0 : scale;
            }
            mask = Blocks.fromArray(x.dtype(), m, x.shape());
            return Blocks.map(x, mask, DropoutFunction::multiply);
        }

        /** Given dy (x's shape): dx = dy ⊙ mask, the same zeros and scale as forward. */
        @Override
        protected Tensor[] backward(Context ctx, Tensor dy) {
            Tensor m = requireSaved(mask, "mask");
            return new Tensor[] {Blocks.map(dy, m, DropoutFunction::multiply)};
        }

        private static void multiply(double[] a, double[] b, double[] out, int n) {
            for (int i = 0; i < n; i++) {
                out[i] = a[i] * b[i];
            }
        }
    }
}
