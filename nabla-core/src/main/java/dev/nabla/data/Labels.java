package dev.nabla.data;

/** Checks shared by every format and dataset that holds class labels. */
public final class Labels {
    private Labels() {}

    /**
     * Throws unless every label is in {@code [0, numClasses)}; the message names {@code source} (a file or
     * a dataset), the first offending sample and its value.
     */
    public static void requireInRange(int[] labels, int numClasses, String source) {
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= numClasses) {
                throw new InvalidDataException(source + ": label of sample " + i + " is " + labels[i]
                        + ", expected a class in [0, " + numClasses + ")");
            }
        }
    }

    /** Throws unless there are as many labels as samples; the message names both sources and counts. */
    public static void requireSameCount(int samples, String samplesSource, int labels, String labelsSource) {
        if (samples != labels) {
            throw new InvalidDataException(samplesSource + " has " + samples + " samples but " + labelsSource
                    + " has " + labels + " labels: they must have one label per sample (are the two files from"
                    + " the same split?)");
        }
    }
}
