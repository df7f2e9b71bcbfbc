package dev.nabla.optim;

import dev.nabla.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Multiplies the learning rate by {@code factor} when a monitored metric has stopped improving for
 * more than {@code patience} epochs ({@code torch.optim.lr_scheduler.ReduceLROnPlateau}).
 *
 * <pre>
 * input: mode (MIN or MAX, default MIN), factor (default 0.1), patience (default 10),
 *        threshold (default 1e-4), threshold_mode (REL or ABS, default REL), cooldown (default 0),
 *        min_lr (default 0), eps (default 1e-8)
 * best ← +∞ (MIN) or −∞ (MAX);  bad ← 0;  cool ← 0
 * at the end of each epoch, given the metric x:
 *     x improves on best when     MIN, REL: x &lt; best·(1 − threshold)      MIN, ABS: x &lt; best − threshold
 *                                 MAX, REL: x &gt; best·(1 + threshold)      MAX, ABS: x &gt; best + threshold
 *     if it does:  best ← x;  bad ← 0     else:  bad ← bad + 1
 *     if cool &gt; 0:  cool ← cool − 1;  bad ← 0            (bad epochs in the cooldown do not count)
 *     if bad &gt; patience:
 *         for each group:  new ← max(lr·factor, min_lr);  if lr − new &gt; eps:  lr ← new
 *         cool ← cooldown;  bad ← 0
 * </pre>
 */
public final class ReduceLROnPlateau implements LRScheduler {
    /** Whether the metric should go down (a loss) or up (an accuracy). */
    public enum Mode { MIN, MAX }

    /** Whether {@code threshold} is relative to the best value or absolute. */
    public enum ThresholdMode { REL, ABS }

    private final Optimizer optimizer;
    private final Mode mode;
    private final double factor;
    private final int patience;
    private final double threshold;
    private final ThresholdMode thresholdMode;
    private final int cooldown;
    private final double minLr;
    private final double eps;

    private double best;
    private int numBadEpochs;
    private int cooldownCounter;
    private int lastEpoch;
    private double[] lastLr;

    /** PyTorch's defaults: mode MIN, factor 0.1, patience 10, threshold 1e-4 (relative), no cooldown. */
    public ReduceLROnPlateau(Optimizer optimizer) {
        this(optimizer, Mode.MIN, 0.1, 10);
    }

    /** The given mode, factor and patience; threshold 1e-4 (relative), no cooldown, min_lr 0. */
    public ReduceLROnPlateau(Optimizer optimizer, Mode mode, double factor, int patience) {
        this(optimizer, mode, factor, patience, 1e-4, ThresholdMode.REL, 0, 0, 1e-8);
    }

    /**
     * @param minLr the floor of every group's learning rate
     * @param eps reductions smaller than this are skipped
     * @throws IllegalArgumentException if {@code factor >= 1}, or patience, cooldown or min_lr is negative
     */
    public ReduceLROnPlateau(Optimizer optimizer, Mode mode, double factor, int patience, double threshold,
            ThresholdMode thresholdMode, int cooldown, double minLr, double eps) {
        if (!(factor < 1.0)) {
            throw new IllegalArgumentException("Factor should be < 1.0.");
        }
        if (patience < 0 || cooldown < 0 || !(minLr >= 0)) {
            throw new IllegalArgumentException("ReduceLROnPlateau: patience, cooldown and min_lr must not be negative,"
                    + " got patience=" + patience + ", cooldown=" + cooldown + ", min_lr=" + PyFloat.repr(minLr));
        }
        this.optimizer = optimizer;
        this.mode = mode;
        this.factor = factor;
        this.patience = patience;
        this.threshold = threshold;
        this.thresholdMode = thresholdMode;
        this.cooldown = cooldown;
        this.minLr = minLr;
        this.eps = eps;
        this.best = mode == Mode.MIN ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
        this.lastLr = EpochLRScheduler.currentLrs(optimizer);
    }

    /** Always fails: this schedule needs the metric. */
    @Override
    public void step() {
        throw new IllegalStateException("ReduceLROnPlateau needs the monitored metric: call step(metric), e.g."
                + " step(validationLoss)");
    }

    @Override
    public void step(double metric) {
        lastEpoch++;
        if (isBetter(metric)) {
            best = metric;
            numBadEpochs = 0;
        } else {
            numBadEpochs++;
        }
        if (cooldownCounter > 0) {
            cooldownCounter--;
            numBadEpochs = 0;
        }
        if (numBadEpochs > patience) {
            for (ParamGroup group : optimizer.paramGroups()) {
                double old = group.lr();
                double reduced = Math.max(old * factor, minLr);
                if (old - reduced > eps) {
                    group.setLr(reduced);
                }
            }
            cooldownCounter = cooldown;
            numBadEpochs = 0;
        }
        lastLr = EpochLRScheduler.currentLrs(optimizer);
    }

    private boolean isBetter(double x) {
        boolean rel = thresholdMode == ThresholdMode.REL;
        if (mode == Mode.MIN) {
            return rel ? x < best * (1 - threshold) : x < best - threshold;
        }
        return rel ? x > best * (threshold + 1) : x > best + threshold;
    }

    /** The best metric so far (±∞ before the first step). */
    public double best() {
        return best;
    }

    @Override
    public double[] lastLr() {
        return lastLr.clone();
    }

    /** {@code best}, {@code num_bad_epochs}, {@code cooldown_counter}, {@code last_epoch}, {@code last_lr}. */
    @Override
    public Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        out.put("best", StateDicts.scalar(best));
        out.put("num_bad_epochs", StateDicts.scalar(numBadEpochs));
        out.put("cooldown_counter", StateDicts.scalar(cooldownCounter));
        out.put("last_epoch", StateDicts.scalar(lastEpoch));
        out.put("last_lr", StateDicts.vector(lastLr));
        return out;
    }

    @Override
    public void loadStateDict(Map<String, Tensor> state) {
        int[] scalar = new int[0];
        Map<String, int[]> expected = new LinkedHashMap<>();
        for (String k : List.of("best", "num_bad_epochs", "cooldown_counter", "last_epoch")) {
            expected.put(k, scalar);
        }
        expected.put("last_lr", new int[] {optimizer.paramGroups().size()});
        StateDicts.check("ReduceLROnPlateau", state, expected);
        best = state.get("best").getFlat(0);
        numBadEpochs = (int) state.get("num_bad_epochs").getFlat(0);
        cooldownCounter = (int) state.get("cooldown_counter").getFlat(0);
        lastEpoch = (int) state.get("last_epoch").getFlat(0);
        lastLr = state.get("last_lr").toDoubleArray();
    }
}
