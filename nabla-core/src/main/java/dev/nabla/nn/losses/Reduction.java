package dev.nabla.nn.losses;

/** How a loss combines its per-sample terms into one scalar, as PyTorch's {@code reduction}. */
public enum Reduction {
    /** The average over the N samples (over all elements for MSE): PyTorch's default. */
    MEAN,
    /** The plain sum. */
    SUM;

    @Override
    public String toString() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
