package dev.nabla.kernel;

/**
 * An in-place transform of a convolution's output that works on each channel alone: eval-mode
 * BatchNorm, optionally followed by a ReLU. {@link Conv#forward(Window2d, int, float[], int, float[], int,
 * float[], int, float[], int, ChannelOp)} applies it to each block of y right after writing that block, while
 * the block is still in cache, which saves the following layer a read and a write of the whole output.
 *
 * <p>An implementation must give each value the bits the layer it stands for would give it on its own,
 * and may be called from several kernel threads at once, on disjoint blocks.
 */
@FunctionalInterface
public interface ChannelOp {
    /**
     * Transforms {@code y[at, at + (c1 − c0)·plane)} in place: channels c0 (inclusive) to c1 (exclusive) of
     * one image, {@code plane} values each, one channel after the other.
     */
    void apply(float[] y, int at, int c0, int c1, int plane);
}
