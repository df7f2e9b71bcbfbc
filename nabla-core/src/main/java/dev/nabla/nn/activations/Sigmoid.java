package dev.nabla.nn.activations;

import dev.nabla.autograd.Context;
import dev.nabla.autograd.Function;
import dev.nabla.nn.Blocks;
import dev.nabla.nn.LayerMath;
import dev.nabla.nn.Module;
import dev.nabla.tensor.Tensor;

/** The logistic function y = 1/(1 + e⁻ˣ), as {@code torch.nn.Sigmoid}. Any shape; no parameters. */
public class Sigmoid extends Module implements LayerMath {
    @Override
    public Tensor forward(Tensor x) {
        return new SigmoidFunction().apply(x);
    }

    @Override
    public String formula() {
        return """
                y  = σ(X) = 1/(1 + e^−X)   X, y [any shape, e.g. N, D]
                dX = dY ⊙ σ(X)(1 − σ(X))   like X""";
    }

    @Override
    public long forwardFlops(int[] in, int[] out) {
        return LayerMath.elementwise(out, 3);
    }

    @Override
    public long backwardFlops(int[] in, int[] out, boolean inputGrad) {
        return inputGrad ? LayerMath.elementwise(out, 3) : 0;
    }

    /**
     * y = σ(x) = 1/(1 + e⁻ˣ), elementwise. Evaluated as eˣ/(1 + eˣ) for x &lt; 0 so that the exponential
     * never overflows: σ(−1000) = 0 and σ(1000) = 1 exactly, never NaN.
     */
    public static final class SigmoidFunction extends Function {
        private Tensor output;

        @Override
        protected Tensor forward(Context ctx, Tensor... in) {
            output = Blocks.map(in[0], (x, y, n) -> {
                for (int i = 0; i < n; i++) {
                    y[i] = sigmoid(x[i]);
                }
            });
            return output;
        }

        /** Given dy (x's shape): dx = dy·y·(1 − y), from the saved output y. */
        @Override
        protected Tensor[] backward(Context ctx, Tensor dy) {
            Tensor y = requireSaved(output, "output");
            return new Tensor[] {Blocks.map(y, dy, (ys, dys, dx, n) -> {
                for (int i = 0; i < n; i++) {
                    dx[i] = dys[i] * ys[i] * (1 - ys[i]);
                }
            })};
        }

        /** σ(x), stable for any x. */
        public static double sigmoid(double x) {
            if (x >= 0) {
                return 1 / (1 + Math.exp(-x));
            }
            double e = Math.exp(x);
            return e / (1 + e);
        }
    }
}
