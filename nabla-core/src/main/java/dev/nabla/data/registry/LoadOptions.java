package dev.nabla.data.registry;

import dev.nabla.data.Synthetic;

/**
 * How {@link Datasets#load} reads a named dataset.
 *
 * @param coarseLabels CIFAR-100 only: label with the 20 superclasses instead of the 100 fine classes
 * @param synthTrain size of synth's training set
 * @param synthTest size of synth's test set
 * @param synthSeed the seed synth's points are drawn with
 * @param verify check every file's SHA-256 while reading it (in the same pass) and refuse a mismatch
 */
public record LoadOptions(boolean coarseLabels, int synthTrain, int synthTest, long synthSeed, boolean verify) {

    /** Fine labels, synth of 60,000/10,000 points with seed 0, checksums verified. */
    public static LoadOptions defaults() {
        return new LoadOptions(false, Synthetic.DEFAULT_TRAIN, Synthetic.DEFAULT_TEST, Synthetic.DEFAULT_SEED, true);
    }

    public LoadOptions withCoarseLabels(boolean coarse) {
        return new LoadOptions(coarse, synthTrain, synthTest, synthSeed, verify);
    }

    public LoadOptions withSynth(int train, int test, long seed) {
        return new LoadOptions(coarseLabels, train, test, seed, verify);
    }

    public LoadOptions withVerify(boolean verifyChecksums) {
        return new LoadOptions(coarseLabels, synthTrain, synthTest, synthSeed, verifyChecksums);
    }
}
