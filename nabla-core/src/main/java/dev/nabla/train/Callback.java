package dev.nabla.train;

import java.util.List;

/**
 * Reacts to each evaluation of a {@link Trainer}: stop early, adjust the learning rate, log. Call
 * {@link Trainer#requestStop(String)} to end the run after the current step.
 */
@FunctionalInterface
public interface Callback {
    void onEvaluation(Trainer trainer, Evaluation evaluation);

    /**
     * Rebuilds any state from the evaluations of a run being resumed, so that it continues as if the run
     * had never stopped (for example, early stopping's count of evaluations without improvement).
     */
    default void restore(List<Evaluation> history) {}
}
