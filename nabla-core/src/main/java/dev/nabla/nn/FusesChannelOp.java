package dev.nabla.nn;

import dev.nabla.tensor.Tensor;

/**
 * A layer that can apply the channelwise op of the layer after it (and a ReLU after that) inside its own
 * op, with the same bits as the layers one after the other: Conv2d, followed by an eval-mode
 * BatchNorm2d (see {@link ChannelwiseInInference}). Only for passes without a graph.
 */
public interface FusesChannelOp {
    /**
     * {@code next}'s op (with a ReLU when {@code relu}) applied to {@code forward(x)}, in one op; null when
     * the pair cannot be fused for this input, and then the caller runs the layers one by one.
     */
    Tensor forwardThen(Tensor x, ChannelwiseInInference next, boolean relu);
}
