package dev.nabla.optim;

import dev.nabla.tensor.Tensor;
import java.util.Map;

/**
 * A learning-rate schedule: it sets the learning rate of every parameter group of an optimizer once
 * per epoch, as {@code torch.optim.lr_scheduler}.
 *
 * <pre>{@code
 * Optimizer opt = new SGD(model.parameters(), 0.1, 0.9);
 * LRScheduler schedule = new StepLR(opt, 30, 0.1);
 * for (int epoch = 0; epoch < 90; epoch++) {
 *     trainOneEpoch(model, opt);            // many opt.step() calls
 *     schedule.step(validationLoss());      // the metric matters only to ReduceLROnPlateau
 * }
 * }</pre>
 *
 * <p>Call {@code step} after the epoch's optimizer steps, as in PyTorch since 1.1: the learning rate of
 * the first epoch is the one the optimizer was created with.
 */
public interface LRScheduler {
    /**
     * Ends an epoch: sets every group's learning rate for the next one.
     *
     * @throws IllegalStateException for {@link ReduceLROnPlateau}, which needs {@link #step(double)}
     */
    void step();

    /**
     * Ends an epoch given the monitored metric (e.g. the validation loss). Schedules that follow a fixed
     * curve ignore the metric, so a training loop can call this for any schedule.
     */
    default void step(double metric) {
        step();
    }

    /** The learning rate of each group after the last step (as PyTorch's {@code get_last_lr()}). */
    double[] lastLr();

    /** The schedule's progress as float64 tensors under flat keys (its hyperparameters come from its constructor). */
    Map<String, Tensor> stateDict();

    /**
     * Restores the progress saved by {@link #stateDict()}.
     *
     * @throws IllegalArgumentException for missing or unexpected keys or wrong shapes; nothing changes
     */
    void loadStateDict(Map<String, Tensor> state);
}
