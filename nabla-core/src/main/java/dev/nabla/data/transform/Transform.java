package dev.nabla.data.transform;

/**
 * A per-sample transformation applied by the {@link dev.nabla.data.DataLoader} while it builds a batch,
 * in place and without changing the sample's shape.
 *
 * <p>{@code (epoch, index)} identify the draw: {@code index} is the sample's index in its dataset, so a
 * random transform that derives its choice from (its seed, epoch, index) gives the same result whatever
 * the batch size, the shuffling, the prefetching or the thread that runs it. A loader may build several
 * samples of a batch at once on different threads, so {@code apply} must keep no mutable state.
 */
public interface Transform {

    /**
     * Transforms the sample stored in {@code x[offset .. offset + numel(shape))}.
     *
     * @param shape the sample's shape, {@code [C, H, W]} or {@code [D]}
     */
    void apply(float[] x, int offset, int[] shape, int epoch, int index);

    /** Whether the result depends on (epoch, index): augmentation, never used to fit statistics. */
    default boolean isRandom() {
        return false;
    }
}
