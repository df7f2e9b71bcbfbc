package dev.nabla.nn.activations;

import dev.nabla.autograd.Context;
import dev.nabla.autograd.Function;
import dev.nabla.nn.Blocks;
import dev.nabla.nn.Module;
import dev.nabla.tensor.Tensor;

/**
 * Probabilities along one dimension, y = exp(x)/Σ exp(x), as {@code torch.nn.Softmax(dim)}. Shapes: any,
 * y like x; for class scores [N, C] use dim = 1 (or −1). For training, {@link
 * dev.nabla.nn.losses.CrossEntropyLoss} takes the scores directly and is cheaper and more accurate than
 * softmax followed by a log.
 */
public class Softmax extends Module {
    private final int dim;

    public Softmax(int dim) {
        this.dim = dim;
    }

    public int dim() {
        return dim;
    }

    @Override
    public Tensor forward(Tensor x) {
        return new SoftmaxFunction(dim).apply(x);
    }

    @Override
    protected String extraRepr() {
        return "dim=" + dim;
    }

    /**
     * y = exp(x − logsumexp(x)) along dimension {@code dim}: the exponent is never positive, so nothing
     * overflows at ±1000.
     */
    public static final class SoftmaxFunction extends Function {
        private final int dim;
        private AxisLayout axis;
        private Tensor output;

        public SoftmaxFunction(int dim) {
            this.dim = dim;
        }

        @Override
        protected Tensor forward(Context ctx, Tensor... in) {
            axis = AxisLayout.of(in[0], dim, "Softmax(dim=" + dim + ")");
            int d = axis.size();
            int inner = axis.inner();
            output = Blocks.slices(in[0], axis.outer(), (o, x, y) -> {
                for (int j = 0; j < inner; j++) {
                    double lse = LogSoftmax.logSumExp(x, j, d, inner);
                    for (int i = 0; i < d; i++) {
                        y[i * inner + j] = Math.exp(x[i * inner + j] - lse);
                    }
                }
            });
            return output;
        }

        /**
         * Given dy (x's shape), along the axis: dx = y ⊙ (dy − Σ dy·y). This is the Jacobian
         * ∂yᵢ/∂xⱼ = yᵢ(δᵢⱼ − yⱼ) of seeds 001–004 applied to dy without forming it.
         */
        @Override
        protected Tensor[] backward(Context ctx, Tensor dy) {
            Tensor saved = requireSaved(output, "output");
            int d = axis.size();
            int inner = axis.inner();
            return new Tensor[] {Blocks.slices(saved, dy, axis.outer(), (o, y, g, dx) -> {
                for (int j = 0; j < inner; j++) {
                    double dot = 0;
                    for (int i = 0; i < d; i++) {
                        dot += g[i * inner + j] * y[i * inner + j];
                    }
                    for (int i = 0; i < d; i++) {
                        dx[i * inner + j] = y[i * inner + j] * (g[i * inner + j] - dot);
                    }
                }
            })};
        }
    }
}
