package dev.nabla.data;

import java.util.List;

/** Rows of {@code D} float features (row-major, {@code N·D} floats) with one label each: CSV files, synth. */
public final class TabularDataset extends LabelledSamples {
    private final float[] features;
    private final int featureCount;

    /**
     * Wraps {@code features} (not copied) of {@code labels.length} rows with {@code featureCount} columns.
     *
     * @throws InvalidDataException if the array length does not match, or a label is not a class index
     */
    public TabularDataset(String name, float[] features, int[] labels, int featureCount, List<String> classNames) {
        super(name, labels, classNames);
        if (featureCount <= 0) {
            throw new IllegalArgumentException(name + ": featureCount must be positive, got " + featureCount);
        }
        if (features.length != (long) labels.length * featureCount) {
            throw new InvalidDataException(name + ": " + labels.length + " rows of " + featureCount + " features need "
                    + (long) labels.length * featureCount + " floats, got " + features.length);
        }
        this.features = features;
        this.featureCount = featureCount;
    }

    @Override
    public int[] sampleShape() {
        return new int[] {featureCount};
    }

    @Override
    public int sampleSize() {
        return featureCount;
    }





    @Override
    public void readSample(int index, float[] dst, int offset) {
        System.arraycopy(features, index * featureCount, dst, offset, featureCount);
    }

    /** Feature {@code column} of row {@code index}. */
    public float feature(int index, int column) {
        return features[index * featureCount + column];
    }

    @Override
    public String toString() {
        return "TabularDataset(" + name() + ", " + size() + " rows of " + featureCount + " features, " + numClasses()
                + " classes)";
    }
}
