package dev.nabla.nn.activations;

import dev.nabla.autograd.Context;
import dev.nabla.autograd.Function;
import dev.nabla.nn.Blocks;
import dev.nabla.nn.LayerMath;
import dev.nabla.nn.Module;
import dev.nabla.tensor.Tensor;

/** The hyperbolic tangent y = tanh(x), as {@code torch.nn.Tanh}. Any shape; no parameters. */
public class Tanh extends Module implements LayerMath {
    @Override
    public Tensor forward(Tensor x) {
        return new TanhFunction().apply(x);
    }

    @Override
    public String formula() {
        return """
                y  = tanh(X)               X, y [any shape, e.g. N, D]
                dX = dY ⊙ (1 − tanh²(X))   like X""";
    }

    @Override
    public long forwardFlops(int[] in, int[] out) {
        return LayerMath.elementwise(out, 1);
    }

    @Override
    public long backwardFlops(int[] in, int[] out, boolean inputGrad) {
        return inputGrad ? LayerMath.elementwise(out, 3) : 0;
    }

    /**
     * y = tanh(x), elementwise, by {@link Math#tanh}, which saturates to ±1 rather than evaluating
     * (eˣ − e⁻ˣ)/(eˣ + e⁻ˣ) = ∞/∞ at ±1000.
     */
    public static final class TanhFunction extends Function {
        private Tensor output;

        @Override
        protected Tensor forward(Context ctx, Tensor... in) {
            output = Blocks.map(in[0], (x, y, n) -> {
                for (int i = 0; i < n; i++) {
                    y[i] = Math.tanh(x[i]);
                }
            });
            return output;
        }

        /** Given dy (x's shape): dx = dy·(1 − y²), from the saved output y. */
        @Override
        protected Tensor[] backward(Context ctx, Tensor dy) {
            Tensor y = requireSaved(output, "output");
            return new Tensor[] {Blocks.map(y, dy, (ys, dys, dx, n) -> {
                for (int i = 0; i < n; i++) {
                    dx[i] = dys[i] * (1 - ys[i] * ys[i]);
                }
            })};
        }
    }
}
