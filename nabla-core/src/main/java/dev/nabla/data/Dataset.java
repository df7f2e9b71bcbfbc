package dev.nabla.data;

import java.util.List;

/**
 * A labelled classification dataset held in memory: {@link #size()} samples, each a tensor of
 * {@link #sampleShape()} ({@code [C, H, W]} for images, {@code [D]} for feature rows) with a class label in
 * {@code [0, numClasses())}.
 *
 * <p>Samples are read one at a time as raw float values (pixels 0..255, CSV numbers as written), so a
 * dataset can keep its storage compact (images stay uint8) and a {@link DataLoader} converts only the
 * batch it is building. Implementations are immutable and safe to read from several threads.
 */
public interface Dataset {

    /** A short name for messages and run records, e.g. {@code fashion-mnist/train}. */
    String name();

    /** Number of samples. */
    int size();

    /** Shape of one sample: {@code [C, H, W]} for images, {@code [D]} for feature rows. */
    int[] sampleShape();

    /** Number of classes; every label is in {@code [0, numClasses())}. */
    int numClasses();

    /** One name per class, in label order. */
    List<String> classNames();

    /** The label of sample {@code index}. */
    int label(int index);

    /**
     * Writes sample {@code index} as {@link #sampleSize()} raw floats into {@code dst}, starting at
     * {@code offset}, in row-major order of {@link #sampleShape()}.
     */
    void readSample(int index, float[] dst, int offset);

    /**
     * Whether every raw value is a whole number in 0..255 (8-bit pixels), so that a loader may read samples
     * through {@link #readSample(int, float[][], float[], int)}.
     */
    default boolean isEightBit() {
        return false;
    }

    /**
     * Writes sample {@code index} mapped through one 256-entry table per channel: {@code dst[c, ...] =
     * tables[c][raw value]}. Only for datasets that are {@link #isEightBit()}.
     *
     * @throws UnsupportedOperationException if this dataset does not hold 8-bit samples
     */
    default void readSample(int index, float[][] tables, float[] dst, int offset) {
        throw new UnsupportedOperationException(name() + " does not hold 8-bit samples");
    }

    /** Number of floats in one sample: the product of {@link #sampleShape()}. */
    default int sampleSize() {
        int n = 1;
        for (int d : sampleShape()) {
            n *= d;
        }
        return n;
    }

    /** All labels, in sample order (a fresh array). */
    default int[] labels() {
        int[] labels = new int[size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = label(i);
        }
        return labels;
    }

    /** Number of samples of each class, indexed by label. */
    default int[] classCounts() {
        int[] counts = new int[numClasses()];
        for (int i = 0; i < size(); i++) {
            counts[label(i)]++;
        }
        return counts;
    }

    /**
     * A view of the samples at {@code indices} (no copy): sample {@code i} of the view is sample
     * {@code indices[i]} of this dataset.
     */
    default Dataset subset(String name, int[] indices) {
        return new Subset(name, this, indices);
    }
}
