package dev.nabla.optim;

/**
 * Multiplies the learning rate by γ every {@code stepSize} epochs ({@code torch.optim.lr_scheduler.StepLR}).
 *
 * <pre>
 * input: step_size, γ (gamma, default 0.1)
 * at the end of epoch e (e = 1, 2, ...):
 *     if e mod step_size = 0:  lr ← γ·lr
 * so lr_e = base_lr · γ^⌊e / step_size⌋
 * </pre>
 */
public final class StepLR extends EpochLRScheduler {
    private final int stepSize;
    private final double gamma;

    /** Divides the learning rate by 10 every {@code stepSize} epochs. */
    public StepLR(Optimizer optimizer, int stepSize) {
        this(optimizer, stepSize, 0.1);
    }

    /** @throws IllegalArgumentException if {@code stepSize < 1} */
    public StepLR(Optimizer optimizer, int stepSize, double gamma) {
        super(optimizer);
        if (stepSize < 1) {
            throw new IllegalArgumentException("StepLR: step_size must be at least 1 epoch, got " + stepSize);
        }
        this.stepSize = stepSize;
        this.gamma = gamma;
    }

    @Override
    protected double nextLr(double lr, double baseLr, int epoch) {
        return epoch % stepSize == 0 ? lr * gamma : lr;
    }
}
