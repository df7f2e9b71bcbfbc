package dev.nabla.nn.activations;

import dev.nabla.autograd.Context;
import dev.nabla.autograd.Function;
import dev.nabla.nn.Blocks;
import dev.nabla.nn.LayerMath;
import dev.nabla.nn.Module;
import dev.nabla.tensor.Tensor;

/**
 * The exponential linear unit y = x for x &gt; 0, else α·(eˣ − 1), as {@code torch.nn.ELU(alpha)} (default
 * α = 1): smooth, with negative outputs down to −α. Any shape; no parameters.
 */
public class ELU extends Module implements LayerMath {
    private final double alpha;

    /** alpha 1.0. */
    public ELU() {
        this(1.0);
    }

    public ELU(double alpha) {
        this.alpha = alpha;
    }

    public double alpha() {
        return alpha;
    }

    @Override
    public Tensor forward(Tensor x) {
        return new ELUFunction(alpha).apply(x);
    }

    @Override
    public String formula() {
        return """
                y  = X if X > 0, else α(e^X − 1)          X, y [any shape, e.g. N, D]
                dX = dY ⊙ (1 if X > 0, else y + α)        like X""";
    }

    @Override
    public long forwardFlops(int[] in, int[] out) {
        return LayerMath.elementwise(out, 3);
    }

    @Override
    public long backwardFlops(int[] in, int[] out, boolean inputGrad) {
        return inputGrad ? LayerMath.elementwise(out, 2) : 0;
    }

    @Override
    protected String extraRepr() {
        return "alpha=" + alpha;
    }

    /**
     * y = x if x &gt; 0 else α·(eˣ − 1), elementwise; eˣ − 1 is computed with {@link Math#expm1}, exact near
     * 0 and −1 (not NaN) at −1000. The positive branch never evaluates eˣ, so +1000 cannot overflow.
     */
    public static final class ELUFunction extends Function {
        private final double alpha;
        private Tensor input;

        public ELUFunction(double alpha) {
            this.alpha = alpha;
        }

        @Override
        protected Tensor forward(Context ctx, Tensor... in) {
            input = in[0];
            return Blocks.map(input, (x, y, n) -> {
                for (int i = 0; i < n; i++) {
                    y[i] = x[i] > 0 ? x[i] : alpha * Math.expm1(x[i]);
                }
            });
        }

        /** Given dy (x's shape): dx = dy if x &gt; 0 else α·eˣ·dy. */
        @Override
        protected Tensor[] backward(Context ctx, Tensor dy) {
            Tensor x = requireSaved(input, "input");
            return new Tensor[] {Blocks.map(x, dy, (xs, dys, dx, n) -> {
                for (int i = 0; i < n; i++) {
                    dx[i] = xs[i] > 0 ? dys[i] : alpha * Math.exp(xs[i]) * dys[i];
                }
            })};
        }
    }
}
