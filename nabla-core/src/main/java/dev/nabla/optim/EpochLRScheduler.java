package dev.nabla.optim;

import dev.nabla.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A schedule that follows a fixed curve over epochs (PyTorch's {@code _LRScheduler}): each
 * {@link #step()} advances the epoch count and sets every group's learning rate from its current value,
 * its base value and the epoch, with PyTorch's recursive ("chainable") formulas.
 *
 * <p>Constructing the schedule is epoch 0, which leaves the learning rates as they are; the base
 * learning rate of each group is its learning rate at that moment.
 */
public abstract class EpochLRScheduler implements LRScheduler {
    private final Optimizer optimizer;
    private final double[] baseLrs;
    private double[] lastLr;
    private int lastEpoch;

    protected EpochLRScheduler(Optimizer optimizer) {
        this.optimizer = optimizer;
        this.baseLrs = currentLrs(optimizer);
        this.lastLr = baseLrs.clone();
        this.lastEpoch = 0;
    }

    /**
     * The learning rate for {@code epoch} (≥ 1) of a group whose learning rate is now {@code lr} and
     * was {@code baseLr} at epoch 0.
     */
    protected abstract double nextLr(double lr, double baseLr, int epoch);

    @Override
    public final void step() {
        List<ParamGroup> groups = optimizer.paramGroups();
        if (groups.size() != baseLrs.length) {
            throw new IllegalStateException(getClass().getSimpleName() + " was created for " + baseLrs.length
                    + " parameter group(s) and the optimizer now has " + groups.size()
                    + ": create the schedule after adding every parameter group");
        }
        lastEpoch++;
        double[] next = new double[groups.size()];
        for (int g = 0; g < next.length; g++) {
            next[g] = nextLr(groups.get(g).lr(), baseLrs[g], lastEpoch);
        }
        for (int g = 0; g < next.length; g++) {
            groups.get(g).setLr(next[g]);
        }
        lastLr = currentLrs(optimizer);
    }

    /** The number of completed epochs (steps). */
    public int lastEpoch() {
        return lastEpoch;
    }

    @Override
    public double[] lastLr() {
        return lastLr.clone();
    }

    /** {@code last_epoch} (scalar), {@code base_lrs} and {@code last_lr} (one entry per group). */
    @Override
    public Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        out.put("last_epoch", StateDicts.scalar(lastEpoch));
        out.put("base_lrs", StateDicts.vector(baseLrs));
        out.put("last_lr", StateDicts.vector(lastLr));
        return out;
    }

    @Override
    public void loadStateDict(Map<String, Tensor> state) {
        int n = baseLrs.length;
        Map<String, int[]> expected = new LinkedHashMap<>();
        expected.put("last_epoch", new int[0]);
        expected.put("base_lrs", new int[] {n});
        expected.put("last_lr", new int[] {n});
        StateDicts.check(getClass().getSimpleName(), state, expected);
        lastEpoch = (int) state.get("last_epoch").getFlat(0);
        for (int g = 0; g < n; g++) {
            baseLrs[g] = state.get("base_lrs").getFlat(g);
        }
        lastLr = state.get("last_lr").toDoubleArray();
    }

    static double[] currentLrs(Optimizer optimizer) {
        List<ParamGroup> groups = optimizer.paramGroups();
        double[] out = new double[groups.size()];
        for (int g = 0; g < out.length; g++) {
            out[g] = groups.get(g).lr();
        }
        return out;
    }
}
