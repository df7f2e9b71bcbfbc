package dev.nabla.data;

import dev.nabla.tensor.Rng;
import java.util.Arrays;

/**
 * A training set divided into the part that trains and a held-out validation part.
 *
 * <p>Both parts are views (no copy) whose indices are in ascending order of the original dataset, so the
 * split is fully described by (dataset, validation size, seed, stratified) and is the same on every run.
 */
public record Split(Dataset train, Dataset validation) {

    /** Holds out {@code validationSize} samples chosen uniformly at random with {@code seed}. */
    public static Split random(Dataset data, int validationSize, long seed) {
        checkSize(data, validationSize);
        int[] perm = new Rng(seed).permutation(data.size());
        boolean[] held = new boolean[data.size()];
        for (int i = 0; i < validationSize; i++) {
            held[perm[i]] = true;
        }
        return of(data, held);
    }

    /**
     * Holds out {@code validationSize} samples so that each class keeps its share: class {@code k} with
     * {@code n_k} of the {@code N} samples gives {@code validationSize·n_k/N} of them, rounded by largest
     * remainder so the total is exact. Within each class the samples are chosen at random with {@code seed}.
     */
    public static Split stratified(Dataset data, int validationSize, long seed) {
        checkSize(data, validationSize);
        int n = data.size();
        int[] counts = data.classCounts();
        int[] quota = quotas(counts, n, validationSize);
        int[][] members = new int[counts.length][];
        int[] filled = new int[counts.length];
        for (int k = 0; k < counts.length; k++) {
            members[k] = new int[counts[k]];
        }
        for (int i = 0; i < n; i++) {
            int k = data.label(i);
            members[k][filled[k]++] = i;
        }
        Rng rng = new Rng(seed);
        boolean[] held = new boolean[n];
        for (int k = 0; k < counts.length; k++) {
            rng.shuffle(members[k]);
            for (int j = 0; j < quota[k]; j++) {
                held[members[k][j]] = true;
            }
        }
        return of(data, held);
    }

    // Largest-remainder apportionment of `total` among classes in proportion to their counts; ties go to
    // the lower class index so the result is deterministic.
    private static int[] quotas(int[] counts, int n, int total) {
        int[] quota = new int[counts.length];
        long[] remainder = new long[counts.length];
        int assigned = 0;
        for (int k = 0; k < counts.length; k++) {
            long scaled = (long) total * counts[k];
            quota[k] = (int) (scaled / n);
            remainder[k] = scaled % n;
            assigned += quota[k];
        }
        while (assigned < total) {
            int best = -1;
            for (int k = 0; k < counts.length; k++) {
                if (quota[k] < counts[k] && (best < 0 || remainder[k] > remainder[best])) {
                    best = k;
                }
            }
            quota[best]++;
            remainder[best] = -1;
            assigned++;
        }
        return quota;
    }

    private static Split of(Dataset data, boolean[] held) {
        int[] val = new int[data.size()];
        int[] train = new int[data.size()];
        int nv = 0;
        int nt = 0;
        for (int i = 0; i < held.length; i++) {
            if (held[i]) {
                val[nv++] = i;
            } else {
                train[nt++] = i;
            }
        }
        return new Split(data.subset(data.name() + "[train]", Arrays.copyOf(train, nt)),
                data.subset(data.name() + "[validation]", Arrays.copyOf(val, nv)));
    }

    private static void checkSize(Dataset data, int validationSize) {
        if (validationSize < 0 || validationSize > data.size()) {
            throw new IllegalArgumentException("Validation size must be in [0, " + data.size() + "] for "
                    + data.name() + ", got " + validationSize);
        }
    }
}
