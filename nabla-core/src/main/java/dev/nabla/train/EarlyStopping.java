package dev.nabla.train;

import java.util.Locale;

/**
 * Stops a run when the test (or validation) loss has not improved by at least {@code minDelta} for
 * {@code patience} evaluations in a row.
 */
public final class EarlyStopping implements Callback {
    private final int patience;
    private final double minDelta;
    private double best = Double.POSITIVE_INFINITY;
    private int bad;

    public EarlyStopping(int patience, double minDelta) {
        if (patience < 1 || minDelta < 0) {
            throw new IllegalArgumentException("EarlyStopping: patience must be >= 1 and min_delta >= 0, got "
                    + patience + " and " + minDelta);
        }
        this.patience = patience;
        this.minDelta = minDelta;
    }

    @Override
    public void onEvaluation(Trainer trainer, Evaluation e) {
        if (!improvedBy(e) && bad >= patience) {
            trainer.requestStop(String.format(Locale.ROOT,
                    "early stopping: no improvement of the test loss for %d evaluations (best %.4f)", patience, best));
        }
    }

    /** Updates the best loss and the count of evaluations without improvement; true on improvement. */
    private boolean improvedBy(Evaluation e) {
        if (e.testLoss() < best - minDelta) {
            best = e.testLoss();
            bad = 0;
            return true;
        }
        bad++;
        return false;
    }

    @Override
    public void restore(java.util.List<Evaluation> history) {
        best = Double.POSITIVE_INFINITY;
        bad = 0;
        history.forEach(this::improvedBy);
    }
}
