package dev.nabla.train;

/**
 * Training produced a loss that is NaN or infinite. The message says at which step, which tensor first
 * went bad (a parameter, or else the activations of the batch), and where the last good checkpoint is.
 */
public final class TrainingDivergedException extends IllegalStateException {
    private final long step;

    TrainingDivergedException(long step, String message) {
        super(message);
        this.step = step;
    }

    /** The step whose loss was not finite. */
    public long step() {
        return step;
    }
}
