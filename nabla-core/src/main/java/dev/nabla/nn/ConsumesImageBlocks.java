package dev.nabla.nn;

import dev.nabla.kernel.ImageBlockSink;
import dev.nabla.tensor.Tensor;

/**
 * A layer that, without a graph, can take its input a block of whole images at a time as the layer
 * before computes it (max pooling): {@link Sequential} then runs Conv2d + BatchNorm2d + ReLU + MaxPool2d
 * of an evaluation pass as one op, and the convolution's output never goes to memory.
 */
public interface ConsumesImageBlocks {
    /** The tensor this layer fills and the sink that fills it from blocks of its input. */
    record Consumer(Tensor output, ImageBlockSink sink) {}

    /**
     * For a float32 input of {@code shape} [N, C, H, W]: the output this layer will return and the sink
     * that computes it block by block, with the bits of {@code forward}; null when this layer cannot take
     * such an input in blocks (then the layers run one by one, and forward reports any error).
     */
    Consumer consumerFor(int[] shape);
}
