package dev.nabla.optim;

import dev.nabla.kernel.Parallel;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * The base of every optimizer, as {@code torch.optim.Optimizer}: it holds the parameter groups and each
 * parameter's state, and {@link #step()} walks the parameters.
 *
 * <pre>{@code
 * Optimizer opt = new Adam(model.parameters(), 1e-3);
 * for (Batch b : loader) {
 *     opt.zeroGrad();
 *     lossFn.forward(model.forward(b.x()), b.y()).backward();
 *     opt.step();
 * }
 * }</pre>
 *
 * <p>{@code step()} skips every parameter whose gradient is null (it took no part in the loss) and
 * creates a parameter's state (moment buffers, step count) on the parameter's first update, so a
 * parameter that never gets a gradient never gets state. Parameters are numbered across the groups
 * in order, as in PyTorch's {@code state_dict()}: that index names their state in {@link #stateDict()}.
 *
 * <p>Updates run in float32 over the raw arrays, one fused pass per parameter in PyTorch's operation
 * order, split over the kernel threads for large parameters (every element is updated by one task, so
 * results do not depend on the thread count). Where PyTorch's CPU kernels compute {@code a + α·b} or
 * {@code a + α·b·c} as one fused multiply-add, so does {@link Math#fma}; the parameters then agree with
 * PyTorch 1.13's bit for bit. float64 parameters are rejected at {@code step()}.
 *
 * <p>A subclass supplies its defaults and a validator to the constructor, and implements
 * {@link #initState} and {@link #update}, whose per-element loop runs through {@link #forEachElement}.
 */
public abstract class Optimizer {
    /** Parameters with fewer elements than this are updated on the calling thread. */
    private static final int GRAIN = 1 << 15;

    private final Map<String, Double> defaults = new LinkedHashMap<>();
    private final Set<String> flags = new LinkedHashSet<>();
    private final Consumer<ParamGroup> validator;
    private final List<ParamGroup> groups = new ArrayList<>();
    /** Per parameter, indexed as in the state dict: null until the parameter's first update. */
    private final List<Map<String, Tensor>> state = new ArrayList<>();

    /**
     * @param params the parameters of the first group, e.g. {@code model.parameters()}
     * @param defaults every hyperparameter under its PyTorch name, in the order the state dict lists
     *     them: a {@link Boolean} for on/off options, a {@link Number} otherwise
     * @param validator rejects invalid hyperparameters with PyTorch's message; it checks the defaults
     *     here and every group added or loaded later
     */
    protected Optimizer(List<Tensor> params, Map<String, ?> defaults, Consumer<ParamGroup> validator) {
        this.validator = validator;
        defaults.forEach((k, v) -> {
            if (v instanceof Boolean b) {
                flags.add(k);
                this.defaults.put(k, b ? 1.0 : 0.0);
            } else {
                this.defaults.put(k, ((Number) v).doubleValue());
            }
        });
        if (params == null || params.isEmpty()) {
            throw new IllegalArgumentException(name() + " got an empty parameter list: pass model.parameters()"
                    + " of a model that has parameters");
        }
        addGroup(params, Map.of());
    }

    /**
     * Creates the state of one parameter on its first update, e.g. zero moment buffers and a step
     * count; puts nothing for a stateless update. Also used to check a loaded state dict, so it must
     * depend only on the group's hyperparameters and the parameter's shape.
     */
    protected abstract void initState(ParamGroup group, Tensor param, Map<String, Tensor> state);

    /**
     * Updates one parameter from its gradient (both float32, same shape), in place.
     *
     * @param first true on the parameter's first update, right after {@link #initState}
     */
    protected abstract void update(ParamGroup group, Tensor param, Tensor grad, Map<String, Tensor> state,
            boolean first);

    /** The optimizer's name in messages, e.g. {@code Adam}. */
    private String name() {
        return getClass().getSimpleName();
    }

    // ---------------------------------------------------------------- the training-loop API

    /** One update of every parameter that has a gradient; parameters whose gradient is null are skipped. */
    public void step() {
        int index = 0;
        for (ParamGroup group : groups) {
            for (Tensor p : group.params()) {
                int i = index++;
                Tensor grad = p.grad();
                if (grad == null) {
                    continue;
                }
                if (p.dtype() != DType.FLOAT32) {
                    throw new IllegalStateException(name() + ".step(): parameter " + i + " (shape "
                            + Shape.str(p.shape()) + ") is " + p.dtype() + "; the optimizers update float32"
                            + " parameters. Convert the model with model.to(DType.FLOAT32) before training.");
                }
                Map<String, Tensor> s = state.get(i);
                boolean first = s == null;
                if (first) {
                    s = new LinkedHashMap<>();
                    initState(group, p, s);
                    state.set(i, s);
                }
                update(group, p, grad, s, first);
            }
        }
    }

    /** Clears the gradient of every parameter (gradients accumulate, so call this before each backward). */
    public void zeroGrad() {
        for (ParamGroup group : groups) {
            for (Tensor p : group.params()) {
                p.zeroGrad();
            }
        }
    }

    /** The learning rate of the first group (the only one unless {@link #addParamGroup} was used). */
    public double lr() {
        return groups.get(0).lr();
    }

    /**
     * Sets the learning rate of every group.
     *
     * @throws IllegalArgumentException if {@code lr} is negative or NaN
     */
    public void setLr(double lr) {
        require(lr >= 0, "Invalid learning rate: ", lr);
        for (ParamGroup group : groups) {
            group.setLr(lr);
        }
    }

    /** The parameter groups, in order (read-only list; each group's learning rate is settable). */
    public List<ParamGroup> paramGroups() {
        return Collections.unmodifiableList(groups);
    }

    /**
     * Adds parameters with their own hyperparameters, as PyTorch's {@code add_param_group}: those not in
     * {@code overrides} take the constructor's values, e.g.
     * {@code opt.addParamGroup(head.parameters(), Map.of("lr", 1e-2))}.
     *
     * @throws IllegalArgumentException for an unknown or invalid hyperparameter, a non-leaf tensor, or a
     *     parameter that is already optimized
     */
    public void addParamGroup(List<Tensor> params, Map<String, ?> overrides) {
        addGroup(params, overrides);
    }

    private void addGroup(List<Tensor> params, Map<String, ?> overrides) {
        Map<String, Double> options = new LinkedHashMap<>(defaults);
        overrides.forEach((k, v) -> {
            if (!defaults.containsKey(k)) {
                throw new IllegalArgumentException(name() + " has no hyperparameter '" + k + "'; its hyperparameters"
                        + " are " + defaults.keySet());
            }
            if (flags.contains(k) != (v instanceof Boolean) || !(v instanceof Boolean || v instanceof Number)) {
                String kind = flags.contains(k) ? "true or false" : "a number";
                throw new IllegalArgumentException("'" + k + "' must be " + kind + ", got " + v);
            }
            options.put(k, v instanceof Boolean b ? (b ? 1.0 : 0.0) : ((Number) v).doubleValue());
        });
        Set<Tensor> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (ParamGroup g : groups) {
            seen.addAll(g.params());
        }
        for (Tensor p : params) {
            if (p == null) {
                throw new IllegalArgumentException(name() + ": the parameter list contains null");
            }
            if (!p.isLeaf()) {
                throw new IllegalArgumentException(name() + " can't optimize a non-leaf tensor (computed by "
                        + p.gradFn().name() + "); optimize the leaf parameters it was computed from");
            }
            if (!seen.add(p)) {
                throw new IllegalArgumentException(name() + ": a parameter of shape " + Shape.str(p.shape())
                        + " appears twice; every parameter may belong to one group only, once");
            }
        }
        ParamGroup group = new ParamGroup(params, options, flags);
        validator.accept(group);
        groups.add(group);
        for (int i = 0; i < params.size(); i++) {
            state.add(null);
        }
    }

    /**
     * The state of one parameter (e.g. {@code exp_avg}, {@code step}): live tensors for inspection, empty
     * before the parameter's first update.
     *
     * @throws IllegalArgumentException if {@code param} is not optimized by this optimizer
     */
    public Map<String, Tensor> state(Tensor param) {
        int index = 0;
        for (ParamGroup group : groups) {
            for (Tensor p : group.params()) {
                if (p == param) {
                    Map<String, Tensor> s = state.get(index);
                    return s == null ? Map.of() : Collections.unmodifiableMap(s);
                }
                index++;
            }
        }
        throw new IllegalArgumentException("this tensor (shape " + Shape.str(param.shape()) + ") is not optimized by "
                + "this " + name());
    }

    // ---------------------------------------------------------------- checkpoints

    /**
     * The optimizer's state as flat, ordered tensors, PyTorch's {@code state_dict()} with its nesting
     * spelled out in the keys: {@code state.<i>.<name>} for each parameter {@code i} that has state (e.g.
     * {@code state.0.exp_avg}; {@code step} is a float64 scalar), then for each group {@code g}
     * {@code param_groups.<g>.<hyperparameter>} (float64 scalars, flags as 1 or 0) and
     * {@code param_groups.<g>.params} (the parameter indices). The tensors are copies.
     */
    public Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (int i = 0; i < state.size(); i++) {
            Map<String, Tensor> s = state.get(i);
            if (s != null) {
                int index = i;
                s.forEach((k, v) -> out.put("state." + index + "." + k, v.copy()));
            }
        }
        int start = 0;
        for (int g = 0; g < groups.size(); g++) {
            ParamGroup group = groups.get(g);
            int index = g;
            group.options().forEach((k, v) -> out.put("param_groups." + index + "." + k, StateDicts.scalar(v)));
            double[] indices = new double[group.params().size()];
            for (int j = 0; j < indices.length; j++) {
                indices[j] = start + j;
            }
            out.put("param_groups." + g + ".params", StateDicts.vector(indices));
            start += indices.length;
        }
        return out;
    }

    /**
     * Restores a state dict made by {@link #stateDict()} of an optimizer of the same kind over the same
     * parameters: the hyperparameters of every group (including the learning rate) and the state of
     * every parameter; parameters absent from it start fresh. Checks everything first: unknown or missing
     * keys, group sizes, shapes and hyperparameter values are all reported in one error, and nothing
     * changes.
     *
     * @throws IllegalArgumentException if the state dict does not fit this optimizer
     */
    public void loadStateDict(Map<String, Tensor> stateDict) {
        List<String> problems = new ArrayList<>();
        Map<Integer, Map<String, Tensor>> savedState = new TreeMap<>();
        Map<Integer, Map<String, Tensor>> savedGroups = new TreeMap<>();
        for (Map.Entry<String, Tensor> e : stateDict.entrySet()) {
            String[] parts = e.getKey().split("\\.", 3);
            int index = parts.length == 3 ? parseIndex(parts[1]) : -1;
            if (index >= 0 && parts[0].equals("state")) {
                savedState.computeIfAbsent(index, k -> new LinkedHashMap<>()).put(parts[2], e.getValue());
            } else if (index >= 0 && parts[0].equals("param_groups")) {
                savedGroups.computeIfAbsent(index, k -> new LinkedHashMap<>()).put(parts[2], e.getValue());
            } else {
                problems.add("unexpected key " + e.getKey()
                        + " (keys are state.<i>.<name> and param_groups.<g>.<name>)");
            }
        }
        if (!savedGroups.keySet().equals(indices(groups.size()))) {
            problems.add("the checkpoint has parameter groups " + savedGroups.keySet() + ", this " + name() + " has "
                    + indices(groups.size()));
        }
        List<ParamGroup> restored = new ArrayList<>();
        int start = 0;
        for (int g = 0; g < groups.size(); g++) {
            ParamGroup own = groups.get(g);
            Map<String, Tensor> saved = savedGroups.getOrDefault(g, Map.of());
            restored.add(restoreGroup("param_groups." + g, own, saved, start, problems));
            start += own.params().size();
        }
        List<Map<String, Tensor>> loaded = new ArrayList<>(Collections.nCopies(state.size(), null));
        savedState.forEach((i, saved) -> {
            if (i >= state.size()) {
                problems.add("state." + i + ": this " + name() + " has only " + state.size() + " parameters");
                return;
            }
            int g = groupOf(i);
            ParamGroup group = restored.get(g) != null ? restored.get(g) : groups.get(g);
            Tensor param = group.params().get(i - firstIndex(g));
            Map<String, Tensor> fresh = new LinkedHashMap<>();
            initState(group, param, fresh);
            StateDicts.checkNames("state." + i + ": ", fresh.keySet(), saved.keySet(), problems);
            fresh.forEach((k, t) -> {
                Tensor src = saved.get(k);
                if (src != null && !Arrays.equals(src.shape(), t.shape())) {
                    problems.add("state." + i + "." + k + ": checkpoint has shape " + Shape.str(src.shape())
                            + ", expected " + Shape.str(t.shape()) + " for parameter " + i + " of shape "
                            + Shape.str(param.shape()));
                } else if (src != null) {
                    t.copyFrom(src);
                }
            });
            loaded.set(i, fresh);
        });
        StateDicts.fail(name(), problems);
        for (int g = 0; g < groups.size(); g++) {
            ParamGroup target = groups.get(g);
            restored.get(g).options().forEach(target::set);
        }
        for (int i = 0; i < state.size(); i++) {
            state.set(i, loaded.get(i));
        }
    }

    /** The group's hyperparameters from a checkpoint, validated; null (with problems noted) if unusable. */
    private ParamGroup restoreGroup(String prefix, ParamGroup own, Map<String, Tensor> saved, int start,
            List<String> problems) {
        Set<String> expected = new LinkedHashSet<>(own.options().keySet());
        expected.add("params");
        int before = problems.size();
        StateDicts.checkNames(prefix + ": ", expected, saved.keySet(), problems);
        Tensor params = saved.get("params");
        if (params != null && params.numel() != own.params().size()) {
            problems.add(prefix + ".params: the checkpoint's group has " + params.numel() + " parameters, this "
                    + name() + "'s has " + own.params().size());
        } else if (params != null) {
            for (int j = 0; j < params.numel(); j++) {
                if (params.getFlat(j) != start + j) {
                    problems.add(prefix + ".params: expected the parameter indices " + start + ".."
                            + (start + params.numel() - 1) + " in order");
                    break;
                }
            }
        }
        Map<String, Double> options = new LinkedHashMap<>();
        for (String k : own.options().keySet()) {
            Tensor t = saved.get(k);
            if (t != null && t.numel() != 1) {
                problems.add(prefix + "." + k + ": expected a scalar, got shape " + Shape.str(t.shape()));
            } else if (t != null && flags.contains(k) && t.getFlat(0) != 0 && t.getFlat(0) != 1) {
                problems.add(prefix + "." + k + ": a flag must be 0 or 1, got " + PyFloat.repr(t.getFlat(0)));
            } else if (t != null) {
                options.put(k, t.getFlat(0));
            }
        }
        if (problems.size() > before) {
            return null;
        }
        ParamGroup group = new ParamGroup(own.params(), options, flags);
        try {
            validator.accept(group);
        } catch (IllegalArgumentException e) {
            problems.add(prefix + ": " + e.getMessage());
            return null;
        }
        return group;
    }

    private static int parseIndex(String s) {
        try {
            int i = Integer.parseInt(s);
            return String.valueOf(i).equals(s) && i >= 0 ? i : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static Set<Integer> indices(int n) {
        Set<Integer> out = new TreeSet<>();
        for (int i = 0; i < n; i++) {
            out.add(i);
        }
        return out;
    }

    private int firstIndex(int group) {
        int start = 0;
        for (int g = 0; g < group; g++) {
            start += groups.get(g).params().size();
        }
        return start;
    }

    private int groupOf(int index) {
        int g = 0;
        while (index >= firstIndex(g) + groups.get(g).params().size()) {
            g++;
        }
        return g;
    }

    // ---------------------------------------------------------------- helpers for subclasses

    /**
     * Rejects a hyperparameter with PyTorch's message, e.g. {@code require(lr >= 0, "Invalid learning
     * rate: ", lr)} throws {@code Invalid learning rate: -1.0}. Written so that NaN fails the check.
     */
    protected static void require(boolean valid, String message, double value) {
        if (!valid) {
            throw new IllegalArgumentException(message + PyFloat.repr(value));
        }
    }

    /** A step count for a parameter's state: a float64 scalar, 0 before the first update. */
    protected static Tensor stepCounter() {
        return Tensor.zeros(DType.FLOAT64);
    }

    /**
     * The loop of an update over elements {@code [from, to)}: element {@code i} of the parameter is
     * {@code p[i]} and of operand {@code k} (gradient or state, in the order given to
     * {@link #forEachElement}) {@code operands[k][i]}; an absent operand is null.
     */
    @FunctionalInterface
    protected interface Kernel {
        void run(float[] p, float[][] operands, int from, int to);
    }

    /** Elements per aligned copy when the operands sit at different offsets. */
    private static final int CHUNK = 4096;

    /**
     * Runs {@code kernel} over every element of {@code param} and the operands (float32 tensors of the
     * same shape, or null), split over the kernel threads. Every array is indexed with one shared index,
     * the loop the JIT compiles to SIMD: its alias analysis cannot prove that arrays read at different
     * offsets do not overlap, and then keeps the loop scalar, several times slower. Operands whose storage
     * starts at another offset than the parameter's (a parameter that is a view into a flat buffer) are
     * handled by running the same kernel on aligned copies, a chunk at a time.
     */
    protected static void forEachElement(Tensor param, Kernel kernel, Tensor... operands) {
        float[] p = param.floatData();
        int off = param.offset();
        float[][] arrays = new float[operands.length][];
        boolean aligned = true;
        for (int k = 0; k < operands.length; k++) {
            if (operands[k] != null) {
                arrays[k] = operands[k].floatData();
                aligned &= operands[k].offset() == off;
            }
        }
        if (aligned) {
            Parallel.range(param.numel(), GRAIN, (from, to) -> kernel.run(p, arrays, off + from, off + to));
            return;
        }
        Parallel.range(param.numel(), GRAIN, (from, to) -> {
            float[] pc = new float[CHUNK];
            float[][] copies = new float[operands.length][];
            for (int k = 0; k < operands.length; k++) {
                copies[k] = operands[k] == null ? null : new float[CHUNK];
            }
            for (int start = from; start < to; start += CHUNK) {
                int len = Math.min(CHUNK, to - start);
                System.arraycopy(p, off + start, pc, 0, len);
                for (int k = 0; k < operands.length; k++) {
                    if (copies[k] != null) {
                        System.arraycopy(arrays[k], operands[k].offset() + start, copies[k], 0, len);
                    }
                }
                kernel.run(pc, copies, 0, len);
                System.arraycopy(pc, 0, p, off + start, len);
                for (int k = 0; k < operands.length; k++) {
                    if (copies[k] != null) {
                        System.arraycopy(copies[k], 0, arrays[k], operands[k].offset() + start, len);
                    }
                }
            }
        });
    }

    /** Increments the state's {@code step} and returns the new count (1 on the first update). */
    protected static double nextStep(Map<String, Tensor> state) {
        Tensor step = state.get("step");
        double t = step.getFlat(0) + 1;
        step.setFlat(0, t);
        return t;
    }

    /**
     * {@code Adam(lr=0.001, betas=...)}, or with several groups
     * {@code Adam(group 0: lr=0.001, ...; group 1: lr=0.01, ...)}.
     */
    @Override
    public String toString() {
        if (groups.size() == 1) {
            return name() + "(" + groups.get(0) + ")";
        }
        StringJoiner out = new StringJoiner("; ", name() + "(", ")");
        for (int g = 0; g < groups.size(); g++) {
            out.add("group " + g + ": " + groups.get(g));
        }
        return out.toString();
    }
}
