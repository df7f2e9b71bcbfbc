package dev.nabla.data;

import java.util.List;

/** Rows of {@code D} float features (row-major, {@code N·D} floats) with one label each: CSV files, synth. */
public final class TabularDataset implements Dataset {
    private final String name;
    private final float[] features;
    private final int[] labels;
    private final int featureCount;
    private final List<String> classNames;

    /**
     * Wraps {@code features} (not copied) of {@code labels.length} rows with {@code featureCount} columns.
     *
     * @throws InvalidDataException if the array length does not match, or a label is not a class index
     */
    public TabularDataset(String name, float[] features, int[] labels, int featureCount, List<String> classNames) {
        if (featureCount <= 0) {
            throw new IllegalArgumentException(name + ": featureCount must be positive, got " + featureCount);
        }
        if (features.length != (long) labels.length * featureCount) {
            throw new InvalidDataException(name + ": " + labels.length + " rows of " + featureCount + " features need "
                    + (long) labels.length * featureCount + " floats, got " + features.length);
        }
        Labels.requireInRange(labels, classNames.size(), name);
        this.name = name;
        this.features = features;
        this.labels = labels;
        this.featureCount = featureCount;
        this.classNames = List.copyOf(classNames);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int size() {
        return labels.length;
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
    public int numClasses() {
        return classNames.size();
    }

    @Override
    public List<String> classNames() {
        return classNames;
    }

    @Override
    public int label(int index) {
        return labels[index];
    }

    @Override
    public int[] labels() {
        return labels.clone();
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
        return "TabularDataset(" + name + ", " + labels.length + " rows of " + featureCount + " features, "
                + classNames.size() + " classes)";
    }
}
