package dev.nabla.nn.losses;

import dev.nabla.autograd.Context;
import dev.nabla.autograd.Function;
import dev.nabla.nn.Blocks;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;
import java.util.Arrays;

/**
 * Mean squared error, as {@code torch.nn.MSELoss}: L = (1/K)·Σ (x − t)² over all K elements (mean) or
 * the plain sum. Shapes: input and target equal (any shape), loss a scalar [].
 */
public class MSELoss {
    private final Reduction reduction;

    /** Mean over all elements. */
    public MSELoss() {
        this(Reduction.MEAN);
    }

    public MSELoss(Reduction reduction) {
        this.reduction = reduction;
    }

    public Reduction reduction() {
        return reduction;
    }

    /** The loss of {@code input} against {@code target} (same shape). */
    public Tensor forward(Tensor input, Tensor target) {
        if (!Arrays.equals(input.shape(), target.shape())) {
            throw new IllegalArgumentException("MSELoss got input " + Shape.str(input.shape()) + " and target "
                    + Shape.str(target.shape()) + ": the shapes must be equal (no broadcasting, unlike PyTorch's"
                    + " warning) — for one output per sample, is the target [N] while the input is [N, 1]?");
        }
        return new MSEFunction(reduction).apply(input, target);
    }

    @Override
    public String toString() {
        return "MSELoss(reduction=" + reduction + ")";
    }

    /** L = scale·Σ (x − t)², scale = 1/K for the mean and 1 for the sum; inputs (x, t). */
    public static final class MSEFunction extends Function {
        private final Reduction reduction;
        private Tensor difference;

        public MSEFunction(Reduction reduction) {
            this.reduction = reduction;
        }

        @Override
        protected Tensor forward(Context ctx, Tensor... in) {
            difference = Blocks.map(in[0], in[1], (x, t, d, n) -> {
                for (int i = 0; i < n; i++) {
                    d[i] = x[i] - t[i];
                }
            });
            double sum = difference.mul(difference).sum().getFlat(0);
            return Tensor.full(in[0].dtype(), sum * scale(difference.numel()));
        }

        /** Given dL (a scalar), with d = x − t saved: dx = 2·d·scale·dL and dt = −dx, both shaped like x. */
        @Override
        protected Tensor[] backward(Context ctx, Tensor dLoss) {
            Tensor d = requireSaved(difference, "difference");
            double k = 2 * scale(d.numel()) * dLoss.getFlat(0);
            Tensor dx = d.mul(k);
            return new Tensor[] {
                ctx.needsInputGrad(0) ? dx : null,
                ctx.needsInputGrad(1) ? dx.neg() : null,
            };
        }

        private double scale(int count) {
            return reduction == Reduction.MEAN ? 1.0 / count : 1.0;
        }
    }
}
