package dev.nabla.data.transform;

/**
 * A deterministic transform that maps each value on its own, as a function of the value and its channel
 * only: {@code x[c, ...] = map(x[c, ...], c)}. A {@link dev.nabla.data.DataLoader} reading 8-bit images
 * composes the leading pointwise transforms into one 256-entry table per channel and reads each pixel
 * through it, which gives the same bits as applying them one after the other, in a single pass.
 */
public interface PointwiseTransform extends Transform {
    /** The transformed value of {@code v} in channel {@code channel}; must equal what {@code apply} computes. */
    float map(float v, int channel);

    /**
     * Checks that this transform fits samples of {@code shape} before any value is mapped.
     *
     * @throws IllegalArgumentException if it does not (e.g. statistics for another number of channels)
     */
    default void requireFits(int[] shape) {}

    @Override
    default void apply(float[] x, int offset, int[] shape, int epoch, int index) {
        requireFits(shape);
        int perChannel = ScaleToUnit.numel(shape) / shape[0];
        for (int c = 0; c < shape[0]; c++) {
            for (int i = offset + c * perChannel, end = i + perChannel; i < end; i++) {
                x[i] = map(x[i], c);
            }
        }
    }
}
