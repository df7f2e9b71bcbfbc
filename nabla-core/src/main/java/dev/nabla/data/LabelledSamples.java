package dev.nabla.data;

import java.util.List;

/** What every in-memory dataset holds besides its samples: a name, one label per sample, and the classes. */
abstract class LabelledSamples implements Dataset {
    private final String name;
    private final int[] labels;
    private final List<String> classNames;

    /** Takes over {@code labels} (not copied) after checking each is a valid index into {@code classNames}. */
    LabelledSamples(String name, int[] labels, List<String> classNames) {
        Labels.requireInRange(labels, classNames.size(), name);
        this.name = name;
        this.labels = labels;
        this.classNames = List.copyOf(classNames);
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final int size() {
        return labels.length;
    }

    @Override
    public final int numClasses() {
        return classNames.size();
    }

    @Override
    public final List<String> classNames() {
        return classNames;
    }

    @Override
    public final int label(int index) {
        return labels[index];
    }

    @Override
    public final int[] labels() {
        return labels.clone();
    }
}
