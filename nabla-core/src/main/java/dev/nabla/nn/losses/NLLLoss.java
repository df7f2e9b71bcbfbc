package dev.nabla.nn.losses;

import dev.nabla.autograd.Context;
import dev.nabla.autograd.Function;
import dev.nabla.tensor.Tensor;

/**
 * Negative log-likelihood of log-probabilities against integer targets, as {@code torch.nn.NLLLoss}:
 * L = −(1/N)·Σₙ yₙ[tₙ] (mean) or the sum. The input is expected to come from
 * {@link dev.nabla.nn.activations.LogSoftmax}; the pair equals {@link CrossEntropyLoss}.
 *
 * <p>Shapes: input [N, C], targets int[N] in [0, C), loss a scalar [].
 */
public class NLLLoss {
    private final Reduction reduction;

    /** Mean over the batch. */
    public NLLLoss() {
        this(Reduction.MEAN);
    }

    public NLLLoss(Reduction reduction) {
        this.reduction = reduction;
    }

    public Reduction reduction() {
        return reduction;
    }

    /** The loss of log-probabilities {@code logProbs} [N, C] for class indices {@code targets} [N]. */
    public Tensor forward(Tensor logProbs, int[] targets) {
        Targets.check("NLLLoss", logProbs, targets);
        return new NLLFunction(targets, reduction).apply(logProbs);
    }

    @Override
    public String toString() {
        return "NLLLoss(reduction=" + reduction + ")";
    }

    /** L = −scale·Σₙ y[n, tₙ], scale = 1/N for the mean and 1 for the sum. */
    public static final class NLLFunction extends Function {
        private final int[] targets;
        private final Reduction reduction;
        private int[] inputShape;

        public NLLFunction(int[] targets, Reduction reduction) {
            this.targets = targets.clone();
            this.reduction = reduction;
        }

        @Override
        protected Tensor forward(Context ctx, Tensor... in) {
            Tensor y = in[0];
            inputShape = y.shape();
            int c = inputShape[1];
            double total = 0;
            for (int n = 0; n < targets.length; n++) {
                total -= y.getFlat(n * c + targets[n]);
            }
            return Tensor.full(y.dtype(), total * scale());
        }

        /** Given dL (a scalar): dy[n, tₙ] = −scale·dL, 0 elsewhere; [N, C]. */
        @Override
        protected Tensor[] backward(Context ctx, Tensor dLoss) {
            int[] shape = requireSaved(inputShape, "input shape");
            Tensor dy = Tensor.zeros(dLoss.dtype(), shape);
            double g = -scale() * dLoss.getFlat(0);
            for (int n = 0; n < targets.length; n++) {
                dy.setFlat(n * shape[1] + targets[n], g);
            }
            return new Tensor[] {dy};
        }

        private double scale() {
            return reduction == Reduction.MEAN ? 1.0 / targets.length : 1.0;
        }
    }
}
