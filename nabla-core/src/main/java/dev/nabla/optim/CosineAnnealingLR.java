package dev.nabla.optim;

/**
 * Anneals the learning rate from its base value to η_min along half a cosine over {@code tMax} epochs
 * (SGDR without restarts, Loshchilov and Hutter, 2017; {@code torch.optim.lr_scheduler.CosineAnnealingLR}).
 *
 * <pre>
 * input: T_max, η_min (eta_min, default 0)
 * target curve:  lr_e = η_min + (base_lr − η_min) · (1 + cos(π·e / T_max)) / 2
 * computed recursively at the end of epoch e (e = 1, 2, ...), as PyTorch does:
 *     if (e − 1 − T_max) mod 2·T_max = 0:
 *         lr ← lr + (base_lr − η_min) · (1 − cos(π / T_max)) / 2
 *     else:
 *         lr ← (1 + cos(π·e / T_max)) / (1 + cos(π·(e − 1) / T_max)) · (lr − η_min) + η_min
 * </pre>
 *
 * <p>Past T_max the curve climbs back up (a period of 2·T_max), as PyTorch's does. The recursion
 * follows any change made to the learning rate between steps, and it matches the closed form up to
 * rounding.
 */
public final class CosineAnnealingLR extends EpochLRScheduler {
    private final int tMax;
    private final double etaMin;

    /** Anneals to 0 over {@code tMax} epochs. */
    public CosineAnnealingLR(Optimizer optimizer, int tMax) {
        this(optimizer, tMax, 0);
    }

    /** @throws IllegalArgumentException if {@code tMax < 1} */
    public CosineAnnealingLR(Optimizer optimizer, int tMax, double etaMin) {
        super(optimizer);
        if (tMax < 1) {
            throw new IllegalArgumentException("CosineAnnealingLR: T_max must be at least 1 epoch, got " + tMax);
        }
        this.tMax = tMax;
        this.etaMin = etaMin;
    }

    @Override
    protected double nextLr(double lr, double baseLr, int epoch) {
        if ((epoch - 1 - tMax) % (2 * tMax) == 0) {
            return lr + (baseLr - etaMin) * (1 - Math.cos(Math.PI / tMax)) / 2;
        }
        return (1 + Math.cos(Math.PI * epoch / tMax)) / (1 + Math.cos(Math.PI * (epoch - 1) / tMax))
                * (lr - etaMin) + etaMin;
    }
}
