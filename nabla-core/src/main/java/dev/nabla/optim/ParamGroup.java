package dev.nabla.optim;

import dev.nabla.tensor.Tensor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

/**
 * A list of parameters and the hyperparameters they are updated with, as an entry of PyTorch's
 * {@code optimizer.param_groups}. Hyperparameters use PyTorch's names ({@code lr}, {@code momentum},
 * {@code weight_decay}, ...); on/off options such as {@code nesterov} or {@code amsgrad} are flags.
 *
 * <p>Only the learning rate changes after construction ({@link #setLr}, which LR schedules use); the
 * other hyperparameters are fixed when the group is created or restored from a state dict.
 */
public final class ParamGroup {
    private final List<Tensor> params;
    private final Map<String, Double> options;
    private final Set<String> flags;

    ParamGroup(List<Tensor> params, Map<String, Double> options, Set<String> flags) {
        this.params = List.copyOf(params);
        this.options = new LinkedHashMap<>(options);
        this.flags = flags;
    }

    /** The parameters of this group, in order. */
    public List<Tensor> params() {
        return params;
    }

    /** The learning rate. */
    public double lr() {
        return options.get("lr");
    }

    /**
     * Sets the learning rate (as {@code group['lr'] = ...} in PyTorch).
     *
     * @throws IllegalArgumentException if {@code lr} is negative or NaN
     */
    public void setLr(double lr) {
        Optimizer.require(lr >= 0, "Invalid learning rate: ", lr);
        options.put("lr", lr);
    }

    /**
     * A hyperparameter by its PyTorch name, e.g. {@code get("weight_decay")}; a flag reads as 1 or 0.
     *
     * @throws IllegalArgumentException if this optimizer has no such hyperparameter
     */
    public double get(String name) {
        Double v = options.get(name);
        if (v == null) {
            throw new IllegalArgumentException("no hyperparameter '" + name + "' in this group; it has "
                    + options.keySet());
        }
        return v;
    }

    /** An on/off hyperparameter such as {@code nesterov}, {@code amsgrad} or {@code centered}. */
    public boolean flag(String name) {
        if (!flags.contains(name)) {
            throw new IllegalArgumentException("'" + name + "' is not an on/off hyperparameter; the flags are "
                    + flags);
        }
        return get(name) != 0;
    }

    /** True if {@code name} is an on/off hyperparameter. */
    public boolean isFlag(String name) {
        return flags.contains(name);
    }

    /** Every hyperparameter in declaration order (flags as 1 or 0); read-only. */
    public Map<String, Double> options() {
        return Collections.unmodifiableMap(options);
    }

    void set(String name, double value) {
        options.put(name, value);
    }

    /** {@code lr=0.001, betas=..., amsgrad=false}: the hyperparameters as PyTorch prints them. */
    @Override
    public String toString() {
        StringJoiner out = new StringJoiner(", ");
        options.forEach((k, v) -> out.add(k + "=" + (flags.contains(k) ? String.valueOf(v != 0) : PyFloat.repr(v))));
        return out.toString();
    }
}
