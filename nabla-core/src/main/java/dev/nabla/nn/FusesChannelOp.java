package dev.nabla.nn;

import dev.nabla.tensor.Tensor;

/**
 * A layer that can apply the channelwise op of the layer after it (and a ReLU after that) inside its own
 * op, with the same bits as the layers one after the other: Conv2d, followed by an eval-mode
 * BatchNorm2d (see {@link ChannelwiseInInference}), and optionally hand its output to a pooling layer
 * block by block ({@link ConsumesImageBlocks}). Only for passes without a graph.
 */
public interface FusesChannelOp {
    /**
     * {@code next}'s op (with a ReLU when {@code relu}) applied to {@code forward(x)}, in one op; null when
     * the pair cannot be fused for this input, and then the caller runs the layers one by one.
     */
    Tensor forwardThen(Tensor x, ChannelwiseInInference next, boolean relu);

    /**
     * As {@link #forwardThen(Tensor, ChannelwiseInInference, boolean)}, with the result handed block by
     * block to {@code last} (max pooling), whose output this returns; the full output of this layer is
     * never written. Null when the group cannot be fused for this input.
     */
    Tensor forwardThen(Tensor x, ChannelwiseInInference next, boolean relu, ConsumesImageBlocks last);
}
