package dev.nabla.nn.layers;

import dev.nabla.kernel.ChannelOp;
import dev.nabla.nn.ChannelwiseInInference;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;

/**
 * Batch normalisation of images [N, C, H, W], as {@code torch.nn.BatchNorm2d}: each of the C channels is
 * normalised over the batch and all its pixels (M = N·H·W values). The math, parameters, buffers and their
 * initialisation are described in {@link BatchNorm}.
 *
 * <pre>{@code
 * BatchNorm2d bn = new BatchNorm2d(64);   // after a Conv2d with 64 output channels
 * }</pre>
 */
public class BatchNorm2d extends BatchNorm implements ChannelwiseInInference {
    /** eps 1e-5, momentum 0.1, affine, fused. */
    public BatchNorm2d(int numFeatures) {
        this(numFeatures, 1e-5, 0.1, true, NormImpl.FUSED);
    }

    /**
     * @param momentum in [0, 1], or null for the cumulative average of the batch statistics
     */
    public BatchNorm2d(int numFeatures, double eps, Double momentum, boolean affine, NormImpl impl) {
        super(numFeatures, eps, momentum, affine, impl);
    }

    /** The default layer computed from primitive ops ({@link NormImpl#COMPOSED}). */
    public static BatchNorm2d composed(int numFeatures) {
        return new BatchNorm2d(numFeatures, 1e-5, 0.1, true, NormImpl.COMPOSED);
    }

    /** See {@link BatchNorm#inferenceOp}: Conv2d applies it to its output in an evaluation pass. */
    @Override
    public ChannelOp inferenceOp(int channels, boolean relu) {
        return super.inferenceOp(channels, relu);
    }

    @Override
    protected void checkInput(Tensor x) {
        if (x.dim() != 4) {
            throw new IllegalArgumentException(describe() + " got input " + Shape.str(x.shape()) + ": expected [N, "
                    + numFeatures() + ", H, W]"
                    + (x.dim() == 2 || x.dim() == 3 ? " — for feature vectors [N, C] use BatchNorm1d" : ""));
        }
        if (x.size(1) != numFeatures()) {
            throw new IllegalArgumentException(describe() + " got input " + Shape.str(x.shape())
                    + ": dimension 1 (channels) must be " + numFeatures() + " — does the previous convolution output "
                    + x.size(1) + " channels instead?");
        }
    }
}
