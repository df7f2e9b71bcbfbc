package dev.nabla.nn.losses;

import dev.nabla.nn.BackwardBeforeForwardContract;
import dev.nabla.tensor.Tensor;
import java.util.List;

/**
 * STYLE rule 2: a loss Function (and the L2 penalty's) whose backward runs before its forward throws an
 * IllegalStateException that says so. Each case calls backward on a fresh instance with a null context and
 * the scalar upstream gradient 1.
 */
class BackwardBeforeForwardTest extends BackwardBeforeForwardContract {
    private static Tensor one() {
        return Tensor.ones(new int[0]);
    }

    @Override
    protected List<Case> cases() {
        return List.of(
                new Case("CrossEntropyFunction", "probabilities",
                        () -> new CrossEntropyLoss.CrossEntropyFunction(new int[] {0}, Reduction.MEAN)
                                .backward(null, one())),
                new Case("NLLFunction", "input shape",
                        () -> new NLLLoss.NLLFunction(new int[] {0}, Reduction.SUM).backward(null, one())),
                new Case("MSEFunction", "difference",
                        () -> new MSELoss.MSEFunction(Reduction.MEAN).backward(null, one())),
                new Case("SquaredNormFunction", "inputs",
                        () -> new L2Penalty.SquaredNormFunction(0.1).backward(null, one())));
    }

    @Override
    protected Class<?> packageAnchor() {
        return L2Penalty.class;
    }
}
