package dev.nabla.nn;

import dev.nabla.kernel.ChannelOp;

/**
 * A layer that, in inference, transforms each channel of its input on its own: eval-mode BatchNorm2d. The
 * layer before it can then apply it to its own output block by block as it writes it
 * ({@link FusesChannelOp}), which {@link Sequential} does without a graph: the seeds' CNN runs each
 * Conv2d + BatchNorm2d + ReLU of an evaluation pass as one op, saving a read and a write of every
 * convolution output.
 */
public interface ChannelwiseInInference {
    /**
     * This layer, followed by a ReLU when {@code relu}, as an in-place op on float32 outputs
     * [N, channels, …] with the bits this layer would give; null when it cannot be one for such an input
     * now (training mode, another channel count or dtype, an implementation that does not fuse), and
     * then the layers run one by one.
     */
    ChannelOp inferenceOp(int channels, boolean relu);
}
