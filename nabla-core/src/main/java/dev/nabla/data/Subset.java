package dev.nabla.data;

import java.util.List;

/** A view of some samples of another dataset, chosen by index; made by {@link Dataset#subset}. */
final class Subset implements Dataset {
    private final String name;
    private final Dataset parent;
    private final int[] indices;

    Subset(String name, Dataset parent, int[] indices) {
        for (int i = 0; i < indices.length; i++) {
            if (indices[i] < 0 || indices[i] >= parent.size()) {
                throw new IllegalArgumentException("Subset " + name + ": index " + indices[i] + " at position " + i
                        + " is outside " + parent.name() + ", which has " + parent.size() + " samples");
            }
        }
        this.name = name;
        this.parent = parent;
        this.indices = indices.clone();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int size() {
        return indices.length;
    }

    @Override
    public int[] sampleShape() {
        return parent.sampleShape();
    }

    @Override
    public int numClasses() {
        return parent.numClasses();
    }

    @Override
    public List<String> classNames() {
        return parent.classNames();
    }

    @Override
    public int label(int index) {
        return parent.label(indices[index]);
    }

    @Override
    public void readSample(int index, float[] dst, int offset) {
        parent.readSample(indices[index], dst, offset);
    }

    @Override
    public boolean isEightBit() {
        return parent.isEightBit();
    }

    @Override
    public void readSample(int index, float[][] tables, float[] dst, int offset) {
        parent.readSample(indices[index], tables, dst, offset);
    }

    @Override
    public String toString() {
        return name + " (" + indices.length + " of " + parent.name() + ")";
    }
}
