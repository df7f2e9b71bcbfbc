package dev.nabla.data.transform;

import dev.nabla.data.Seeds;
import dev.nabla.tensor.Rng;

/**
 * Pads a {@code [C, H, W]} image with {@code padding} zeros on every side, then cuts an {@code H×W} window
 * at a random offset {@code (dy, dx)} in {@code [0, 2·padding]²}: the image shifts by up to
 * {@code padding} pixels, and uncovered pixels are 0. The offset is drawn from (seed, epoch, sample).
 *
 * <p>Zero means black for raw or [0, 1] pixels and "the mean" after {@link Standardize}; place the crop
 * before or after standardisation accordingly.
 */
public final class RandomCrop implements Transform {
    // Keeps the crop's draws independent of a flip that was given the same seed.
    private static final long SALT = 0x43524F50L;
    private final int padding;
    private final long seed;

    public RandomCrop(int padding, long seed) {
        if (padding < 0) {
            throw new IllegalArgumentException("RandomCrop padding must be >= 0, got " + padding);
        }
        this.padding = padding;
        this.seed = seed;
    }

    @Override
    public void apply(float[] x, int offset, int[] shape, int epoch, int index) {
        RandomHorizontalFlip.requireImage(this, shape);
        Rng rng = new Rng(Seeds.derive(seed, SALT, epoch, index));
        int dy = rng.nextInt(2 * padding + 1) - padding;
        int dx = rng.nextInt(2 * padding + 1) - padding;
        if (dy == 0 && dx == 0) {
            return;
        }
        int c = shape[0];
        int h = shape[1];
        int w = shape[2];
        float[] src = new float[c * h * w];
        System.arraycopy(x, offset, src, 0, src.length);
        for (int ch = 0; ch < c; ch++) {
            for (int y = 0; y < h; y++) {
                int sy = y + dy;
                int row = offset + (ch * h + y) * w;
                for (int xx = 0; xx < w; xx++) {
                    int sx = xx + dx;
                    x[row + xx] = sy >= 0 && sy < h && sx >= 0 && sx < w ? src[(ch * h + sy) * w + sx] : 0f;
                }
            }
        }
    }

    @Override
    public boolean isRandom() {
        return true;
    }

    @Override
    public String toString() {
        return "RandomCrop(padding=" + padding + ", seed=" + seed + ")";
    }
}
