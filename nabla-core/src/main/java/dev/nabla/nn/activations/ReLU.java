package dev.nabla.nn.activations;

import dev.nabla.autograd.Context;
import dev.nabla.autograd.Function;
import dev.nabla.nn.Blocks;
import dev.nabla.nn.Module;
import dev.nabla.tensor.Tensor;

/** The rectifier y = max(x, 0), as {@code torch.nn.ReLU}. Any shape; no parameters. */
public class ReLU extends Module {
    @Override
    public Tensor forward(Tensor x) {
        return new ReLUFunction().apply(x);
    }

    /** y = max(x, 0), elementwise. */
    public static final class ReLUFunction extends Function {
        private Tensor output;

        @Override
        protected Tensor forward(Context ctx, Tensor... in) {
            output = Blocks.map(in[0], (x, y, n) -> {
                for (int i = 0; i < n; i++) {
                    y[i] = Math.max(x[i], 0);
                }
            });
            return output;
        }

        /**
         * Given dy (x's shape): dx = dy where x &gt; 0, else 0 (the derivative at 0 is taken as 0, as in
         * PyTorch). y &gt; 0 exactly where x &gt; 0, so the saved output serves as the mask.
         */
        @Override
        protected Tensor[] backward(Context ctx, Tensor dy) {
            Tensor y = requireSaved(output, "output");
            return new Tensor[] {Blocks.map(y, dy, (ys, dys, dx, n) -> {
                for (int i = 0; i < n; i++) {
                    dx[i] = ys[i] > 0 ? dys[i] : 0;
                }
            })};
        }
    }
}
