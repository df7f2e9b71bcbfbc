package dev.nabla.lab;

import dev.nabla.optim.CosineAnnealingLR;
import dev.nabla.optim.ExponentialLR;
import dev.nabla.optim.LRScheduler;
import dev.nabla.optim.Optimizer;
import dev.nabla.optim.ReduceLROnPlateau;
import dev.nabla.optim.StepLR;
import dev.nabla.train.EarlyStopping;
import java.util.List;

/**
 * The learning-rate schedule and early stopping a configuration names. Schedules step once per epoch,
 * as {@code torch.optim.lr_scheduler}:
 * <ul>
 *   <li>{@code step}: lr × gamma every {@code lr_step_size} epochs;
 *   <li>{@code exponential}: lr × gamma every epoch;
 *   <li>{@code cosine}: from lr down to 0 along half a cosine over the whole run;
 *   <li>{@code plateau}: lr × gamma when the evaluation loss has not improved for {@code lr_patience} epochs.
 * </ul>
 */
public final class RunSchedule {
    /** The names {@code --lr-schedule} accepts. */
    public static final List<String> NAMES = List.of("none", "step", "exponential", "cosine", "plateau");

    private RunSchedule() {}

    /**
     * The schedule of {@code c} for {@code optimizer}, or null for {@code none}.
     *
     * @param epochs how many epochs the run has (cosine anneals over them)
     * @throws IllegalArgumentException for an unknown name or a bad gamma, step size or patience
     */
    public static LRScheduler create(RunConfig c, Optimizer optimizer, int epochs) {
        String name = c.lrSchedule() == null ? "none" : c.lrSchedule();
        if (!NAMES.contains(name)) {
            throw new IllegalArgumentException("unknown lr_schedule '" + name + "' (expected one of " + NAMES + ")");
        }
        if (!name.equals("none") && !name.equals("cosine") && !(c.lrGamma() > 0 && c.lrGamma() < 1)) {
            throw new IllegalArgumentException("lr_gamma must be in (0, 1) for the " + name + " schedule, got "
                    + c.lrGamma());
        }
        return switch (name) {
            case "step" -> new StepLR(optimizer, positive("lr_step_size", c.lrStepSize()), c.lrGamma());
            case "exponential" -> new ExponentialLR(optimizer, c.lrGamma());
            case "cosine" -> new CosineAnnealingLR(optimizer, Math.max(1, epochs));
            case "plateau" -> new ReduceLROnPlateau(optimizer, ReduceLROnPlateau.Mode.MIN, c.lrGamma(),
                    nonNegative("lr_patience", c.lrPatience()));
            default -> null;
        };
    }

    /** Early stopping after {@code early_stopping} evaluations without a better loss, or null when it is 0. */
    public static EarlyStopping earlyStopping(RunConfig c) {
        int patience = nonNegative("early_stopping", c.earlyStopping());
        return patience == 0 ? null : new EarlyStopping(patience, 0);
    }

    /** The number of epochs a run of {@code c} lasts, with {@code batchesPerEpoch} steps to an epoch. */
    public static int epochs(RunConfig c, int batchesPerEpoch) {
        if (c.epochs() > 0) {
            return c.epochs();
        }
        return (int) Math.min(Integer.MAX_VALUE, (c.maxSteps() + batchesPerEpoch - 1) / Math.max(1, batchesPerEpoch));
    }

    private static int positive(String key, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(key + " must be at least 1, got " + value);
        }
        return value;
    }

    private static int nonNegative(String key, int value) {
        if (value < 0) {
            throw new IllegalArgumentException(key + " must be 0 or more, got " + value);
        }
        return value;
    }
}
