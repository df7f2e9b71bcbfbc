package dev.nabla.kernel;

/**
 * Takes a layer's output a block of whole images at a time, instead of the layer writing the full output
 * tensor: max pooling after a convolution in an evaluation pass, which then reads each block while it is
 * still in cache and the convolution's output never goes to memory.
 *
 * <p>May be called from several kernel threads at once, on disjoint images.
 */
@FunctionalInterface
public interface ImageBlockSink {
    /**
     * Consumes images [n0, n0 + count) of the output, stored from {@code block[off]} as
     * [count, C, H, W]. The block is scratch: it is overwritten after the call returns.
     */
    void accept(float[] block, int off, int n0, int count);
}
