package dev.nabla.nn.losses;

import dev.nabla.autograd.Context;
import dev.nabla.autograd.Function;
import dev.nabla.nn.Blocks;
import dev.nabla.nn.LayerMath;
import dev.nabla.nn.activations.LogSoftmax;
import dev.nabla.tensor.Tensor;

/**
 * Cross-entropy of class scores (logits) against integer targets, as {@code torch.nn.CrossEntropyLoss}:
 * L = −(1/N)·Σₙ log softmax(zₙ)[tₙ] (mean) or the plain sum. Softmax and the log are fused, which is
 * both stable (±1000 are fine) and cheap: the backward is (softmax − onehot)/N.
 *
 * <p>Shapes: logits [N, C], targets int[N] with values in [0, C), loss a scalar [].
 *
 * <pre>{@code
 * CrossEntropyLoss criterion = new CrossEntropyLoss();
 * Tensor loss = criterion.forward(model.forward(x), labels);
 * loss.backward();
 * }</pre>
 */
public class CrossEntropyLoss implements LayerMath {
    private final Reduction reduction;

    /** Mean over the batch. */
    public CrossEntropyLoss() {
        this(Reduction.MEAN);
    }

    public CrossEntropyLoss(Reduction reduction) {
        this.reduction = reduction;
    }

    public Reduction reduction() {
        return reduction;
    }

    /** The loss of {@code logits} [N, C] for class indices {@code targets} [N]. */
    public Tensor forward(Tensor logits, int[] targets) {
        Targets.check("CrossEntropyLoss", logits, targets);
        return new CrossEntropyFunction(targets, reduction).apply(logits);
    }

    /** Softmax and cross-entropy fused; the mean reduction. */
    @Override
    public String formula() {
        return """
                P  = softmax(Z), L = −(1/N)·Σₙ log P[n, tₙ]   Z, P [N, D_out], t [N], L []
                dZ = (P − onehot(t))/N                          [N, D_out]""";
    }

    /** Per element: max, subtract, exp, sum, divide; then a log per row. */
    @Override
    public long forwardFlops(int[] in, int[] out) {
        return LayerMath.elementwise(in, 5);
    }

    /** Per element: subtract the one-hot, divide by N. */
    @Override
    public long backwardFlops(int[] in, int[] out, boolean inputGrad) {
        return inputGrad ? LayerMath.elementwise(in, 2) : 0;
    }

    @Override
    public String toString() {
        return "CrossEntropyLoss(reduction=" + reduction + ")";
    }

    /** L = scale·Σₙ (logsumexp(zₙ) − zₙ[tₙ]), scale = 1/N for the mean and 1 for the sum. */
    public static final class CrossEntropyFunction extends Function {
        private final int[] targets;
        private final Reduction reduction;
        private Tensor probabilities;

        public CrossEntropyFunction(int[] targets, Reduction reduction) {
            this.targets = targets.clone();
            this.reduction = reduction;
        }

        @Override
        protected Tensor forward(Context ctx, Tensor... in) {
            Tensor logits = in[0];
            int n = logits.size(0);
            int c = logits.size(1);
            double[] rowLoss = new double[n];
            probabilities = Blocks.slices(logits, n, (row, z, p) -> {
                double lse = LogSoftmax.logSumExp(z, 0, c, 1);
                rowLoss[row] = lse - z[targets[row]];
                for (int j = 0; j < c; j++) {
                    p[j] = Math.exp(z[j] - lse);
                }
            });
            double total = 0;
            for (double l : rowLoss) {
                total += l;
            }
            return Tensor.full(logits.dtype(), total * scale(n));
        }

        /**
         * Given dL (a scalar), with p = softmax(z) [N, C] saved: dz = (p − onehot(t))·scale·dL, [N, C].
         * From ∂/∂zⱼ (logsumexp(z) − z_t) = pⱼ − [j = t] (seed 004, 1.1).
         */
        @Override
        protected Tensor[] backward(Context ctx, Tensor dLoss) {
            Tensor p = requireSaved(probabilities, "probabilities");
            int n = p.size(0);
            double k = scale(n) * dLoss.getFlat(0);
            return new Tensor[] {Blocks.slices(p, n, (row, ps, dz) -> {
                for (int j = 0; j < ps.length; j++) {
                    dz[j] = k * ps[j];
                }
                dz[targets[row]] -= k;
            })};
        }

        private double scale(int n) {
            return reduction == Reduction.MEAN ? 1.0 / n : 1.0;
        }
    }
}
