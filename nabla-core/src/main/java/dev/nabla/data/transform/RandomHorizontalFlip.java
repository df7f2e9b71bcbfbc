package dev.nabla.data.transform;

import dev.nabla.data.Seeds;
import dev.nabla.tensor.Rng;
import java.util.Arrays;

/** Mirrors a {@code [C, H, W]} image left-to-right with probability 1/2, decided by (seed, epoch, sample). */
public final class RandomHorizontalFlip implements Transform {
    // Keeps the flip's draws independent of a crop that was given the same seed.
    private static final long SALT = 0x464C4950L;
    private final long seed;

    public RandomHorizontalFlip(long seed) {
        this.seed = seed;
    }

    /** Whether sample {@code index} is flipped in {@code epoch}. */
    public boolean flips(int epoch, int index) {
        return new Rng(Seeds.derive(seed, SALT, epoch, index)).nextInt(2) == 1;
    }

    @Override
    public void apply(float[] x, int offset, int[] shape, int epoch, int index) {
        requireImage(this, shape);
        if (!flips(epoch, index)) {
            return;
        }
        int rows = shape[0] * shape[1];
        int w = shape[2];
        for (int r = 0; r < rows; r++) {
            int left = offset + r * w;
            for (int i = 0, j = w - 1; i < j; i++, j--) {
                float t = x[left + i];
                x[left + i] = x[left + j];
                x[left + j] = t;
            }
        }
    }

    static void requireImage(Transform t, int[] shape) {
        if (shape.length != 3) {
            throw new IllegalArgumentException(t + " needs image samples of shape [C, H, W], got "
                    + Arrays.toString(shape) + ": it cannot apply to feature rows");
        }
    }

    @Override
    public boolean isRandom() {
        return true;
    }

    @Override
    public String toString() {
        return "RandomHorizontalFlip(seed=" + seed + ")";
    }
}
