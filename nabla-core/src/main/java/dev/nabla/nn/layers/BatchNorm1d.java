package dev.nabla.nn.layers;

import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;

/**
 * Batch normalisation of feature vectors [N, C] or sequences [N, C, L], as {@code torch.nn.BatchNorm1d}:
 * each of the C features is normalised over the batch (and L). The math, parameters, buffers and their
 * initialisation are described in {@link BatchNorm}.
 *
 * <pre>{@code
 * BatchNorm1d bn = new BatchNorm1d(100);          // fused, eps 1e-5, momentum 0.1, affine
 * BatchNorm1d oracle = BatchNorm1d.composed(100); // the same layer built from primitive ops
 * }</pre>
 */
public class BatchNorm1d extends BatchNorm {
    /** eps 1e-5, momentum 0.1, affine, fused. */
    public BatchNorm1d(int numFeatures) {
        this(numFeatures, 1e-5, 0.1, true, NormImpl.FUSED);
    }

    /**
     * @param momentum in [0, 1], or null for the cumulative average of the batch statistics
     */
    public BatchNorm1d(int numFeatures, double eps, Double momentum, boolean affine, NormImpl impl) {
        super(numFeatures, eps, momentum, affine, impl);
    }

    /** The default layer computed from primitive ops ({@link NormImpl#COMPOSED}). */
    public static BatchNorm1d composed(int numFeatures) {
        return new BatchNorm1d(numFeatures, 1e-5, 0.1, true, NormImpl.COMPOSED);
    }

    @Override
    protected void checkInput(Tensor x) {
        if (x.dim() != 2 && x.dim() != 3) {
            throw new IllegalArgumentException(describe() + " got input " + Shape.str(x.shape()) + ": expected [N, "
                    + numFeatures() + "] or [N, " + numFeatures() + ", L]"
                    + (x.dim() == 4 ? " — for images [N, C, H, W] use BatchNorm2d" : ""));
        }
        if (x.size(1) != numFeatures()) {
            throw new IllegalArgumentException(describe() + " got input " + Shape.str(x.shape())
                    + ": dimension 1 (features) must be " + numFeatures() + " — does the previous layer output "
                    + x.size(1) + " features instead?");
        }
    }
}
