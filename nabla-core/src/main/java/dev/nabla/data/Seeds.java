package dev.nabla.data;

/**
 * Derives independent seeds from a base seed and coordinates such as (epoch) or (epoch, sample), so
 * every random choice of the data pipeline can be rebuilt from its coordinates alone: a resumed run
 * recomputes epoch 7's order without replaying epochs 0-6, and a sample's flip does not depend on which
 * batch or thread produced it.
 */
public final class Seeds {
    private Seeds() {}

    /** A seed that depends on {@code seed} and on every coordinate, in order. */
    public static long derive(long seed, long... coordinates) {
        long h = mix(seed ^ 0x6A09E667F3BCC909L);
        for (long c : coordinates) {
            h = mix(h ^ mix(c + 0x9E3779B97F4A7C15L));
        }
        return h;
    }

    // The SplitMix64 finaliser: a bijection whose output bits each depend on every input bit.
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
