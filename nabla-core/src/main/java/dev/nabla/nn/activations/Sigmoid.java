package dev.nabla.nn.activations;

import dev.nabla.autograd.Context;
import dev.nabla.autograd.Function;
import dev.nabla.nn.Blocks;
import dev.nabla.nn.Module;
import dev.nabla.tensor.Tensor;

/** The logistic function y = 1/(1 + e⁻ˣ), as {@code torch.nn.Sigmoid}. Any shape; no parameters. */
public class Sigmoid extends Module {
    @Override
    public Tensor forward(Tensor x) {
        return new SigmoidFunction().apply(x);
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
