package dev.nabla.nn.activations;

import dev.nabla.autograd.Context;
import dev.nabla.autograd.Function;
import dev.nabla.nn.Blocks;
import dev.nabla.nn.Module;
import dev.nabla.tensor.Tensor;

/**
 * Log-probabilities along one dimension, y = x − log Σ exp(x), as {@code torch.nn.LogSoftmax(dim)}.
 * Shapes: any, y like x; for class scores [N, C] use dim = 1 (or −1). Pair it with
 * {@link dev.nabla.nn.losses.NLLLoss}, or use {@link dev.nabla.nn.losses.CrossEntropyLoss} on the
 * scores directly.
 */
public class LogSoftmax extends Module {
    private final int dim;

    public LogSoftmax(int dim) {
        this.dim = dim;
    }

    public int dim() {
        return dim;
    }

    @Override
    public Tensor forward(Tensor x) {
        return new LogSoftmaxFunction(dim).apply(x);
    }

    @Override
    protected String extraRepr() {
        return "dim=" + dim;
    }

    /**
     * log Σᵢ exp(x[off + i·stride]) over {@code size} values, computed as m + log Σ exp(x − m) with m the
     * maximum, so that no exponential overflows (±1000 are fine). Shared by softmax and cross-entropy.
     */
    public static double logSumExp(double[] x, int off, int size, int stride) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < size; i++) {
            max = Math.max(max, x[off + i * stride]);
        }
        if (max == Double.NEGATIVE_INFINITY || Double.isNaN(max)) {
            return max;
        }
        double sum = 0;
        for (int i = 0; i < size; i++) {
            sum += Math.exp(x[off + i * stride] - max);
        }
        return max + Math.log(sum);
    }

    /** y = x − logsumexp(x) along dimension {@code dim}. */
    public static final class LogSoftmaxFunction extends Function {
        private final int dim;
        private AxisLayout axis;
        private Tensor output;

        public LogSoftmaxFunction(int dim) {
            this.dim = dim;
        }

        @Override
        protected Tensor forward(Context ctx, Tensor... in) {
            axis = AxisLayout.of(in[0], dim, "LogSoftmax(dim=" + dim + ")");
            int d = axis.size();
            int inner = axis.inner();
            output = Blocks.slices(in[0], axis.outer(), (o, x, y) -> {
                for (int j = 0; j < inner; j++) {
                    double lse = logSumExp(x, j, d, inner);
                    for (int i = 0; i < d; i++) {
                        y[i * inner + j] = x[i * inner + j] - lse;
                    }
                }
            });
            return output;
        }

        /**
         * Given dy (x's shape), along the axis: dx = dy − softmax(x)·Σ dy, with softmax(x) = exp(y) from
         * the saved output y.
         */
        @Override
        protected Tensor[] backward(Context ctx, Tensor dy) {
            Tensor saved = requireSaved(output, "output");
            int d = axis.size();
            int inner = axis.inner();
            return new Tensor[] {Blocks.slices(saved, dy, axis.outer(), (o, y, g, dx) -> {
                for (int j = 0; j < inner; j++) {
                    double sum = 0;
                    for (int i = 0; i < d; i++) {
                        sum += g[i * inner + j];
                    }
                    for (int i = 0; i < d; i++) {
                        dx[i * inner + j] = g[i * inner + j] - Math.exp(y[i * inner + j]) * sum;
                    }
                }
            })};
        }
    }
}
