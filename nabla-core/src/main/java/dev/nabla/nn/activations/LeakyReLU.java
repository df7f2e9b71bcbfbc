package dev.nabla.nn.activations;

import dev.nabla.autograd.Context;
import dev.nabla.autograd.Function;
import dev.nabla.nn.Blocks;
import dev.nabla.nn.LayerMath;
import dev.nabla.nn.Module;
import dev.nabla.tensor.Tensor;

/**
 * y = x for x &gt; 0, else slope·x, as {@code torch.nn.LeakyReLU(negative_slope)} (default slope 0.01):
 * negative inputs keep a small gradient. Any shape; no parameters.
 */
public class LeakyReLU extends Module implements LayerMath {
    private final double negativeSlope;

    /** negative_slope 0.01. */
    public LeakyReLU() {
        this(0.01);
    }

    public LeakyReLU(double negativeSlope) {
        this.negativeSlope = negativeSlope;
    }

    public double negativeSlope() {
        return negativeSlope;
    }

    @Override
    public Tensor forward(Tensor x) {
        return new LeakyReLUFunction(negativeSlope).apply(x);
    }

    @Override
    public String formula() {
        return """
                y  = X if X > 0, else a·X               X, y [any shape, e.g. N, D]
                dX = dY ⊙ (1 if X > 0, else a)          like X""";
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
        return "negative_slope=" + negativeSlope;
    }

    /** y = x if x &gt; 0 else slope·x, elementwise, computed as max(x, 0) + slope·min(x, 0). */
    public static final class LeakyReLUFunction extends Function {
        private final double slope;
        private Tensor input;

        public LeakyReLUFunction(double slope) {
            this.slope = slope;
        }

        @Override
        protected Tensor forward(Context ctx, Tensor... in) {
            input = in[0];
            return Blocks.map(input, (x, y, n) -> {
                for (int i = 0; i < n; i++) {
                    y[i] = Math.max(x[i], 0) + slope * Math.min(x[i], 0);
                }
            });
        }

        /**
         * Given dy (x's shape): dx = dy if x &gt; 0 else slope·dy, computed without a branch as
         * dy·(slope + (1 − slope)·[x &gt; 0]) with [x &gt; 0] = max(sign(x), 0).
         */
        @Override
        protected Tensor[] backward(Context ctx, Tensor dy) {
            Tensor x = requireSaved(input, "input");
            return new Tensor[] {Blocks.map(x, dy, (xs, dys, dx, n) -> {
                for (int i = 0; i < n; i++) {
                    dx[i] = dys[i] * (slope + (1 - slope) * Math.max(Math.signum(xs[i]), 0));
                }
            })};
        }
    }
}
