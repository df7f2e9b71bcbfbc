package dev.nabla.optim;

/**
 * Multiplies the learning rate by γ every epoch ({@code torch.optim.lr_scheduler.ExponentialLR}).
 *
 * <pre>
 * input: γ (gamma)
 * at the end of every epoch:  lr ← γ·lr
 * so lr_e = base_lr · γ^e
 * </pre>
 */
public final class ExponentialLR extends EpochLRScheduler {
    private final double gamma;

    public ExponentialLR(Optimizer optimizer, double gamma) {
        super(optimizer);
        this.gamma = gamma;
    }

    @Override
    protected double nextLr(double lr, double baseLr, int epoch) {
        return lr * gamma;
    }
}
