package dev.nabla.nn;

import dev.nabla.autograd.NoGrad;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A network building block, shaped like {@code torch.nn.Module}: it owns parameters (tensors that
 * require grad), buffers (state such as BatchNorm's running mean, not trained) and child modules, each
 * registered in order under a name. Names join with dots ({@code fc1.weight}, {@code bn.running_mean})
 * in {@link #namedParameters()} and {@link #stateDict()}, with PyTorch's names and layouts, so that
 * checkpoints load in PyTorch.
 *
 * <p>Subclasses create their parameters in the constructor, keep the documented initialisation in
 * {@code resetParameters()}, and implement {@link #forward(Tensor)}.
 */
public abstract class Module {
    private final Map<String, Tensor> parameters = new LinkedHashMap<>();
    private final Map<String, Tensor> buffers = new LinkedHashMap<>();
    private final Map<String, Module> children = new LinkedHashMap<>();
    private final Map<String, Rng> generators = new LinkedHashMap<>();
    private boolean training = true;

    /** Computes the output for a batch; records the graph when gradients are enabled. */
    public abstract Tensor forward(Tensor input);

    /** Registers a parameter under {@code name}; it is marked as requiring grad. Returns it. */
    protected final Tensor registerParameter(String name, Tensor parameter) {
        checkName(name);
        parameters.put(name, parameter.requiresGrad(true));
        return parameter;
    }

    /** Registers a buffer: saved in the state dict, converted by {@link #to}, never trained. Returns it. */
    protected final Tensor registerBuffer(String name, Tensor buffer) {
        checkName(name);
        buffers.put(name, buffer);
        return buffer;
    }

    /** Registers a child module under {@code name}; returns it. */
    protected final <M extends Module> M registerModule(String name, M module) {
        checkName(name);
        children.put(name, module);
        return module;
    }

    /**
     * Registers a random generator the module draws from while it runs (Dropout's masks), so that a
     * checkpoint can save its state and a resumed run continue the exact sequence. Returns it.
     */
    protected final Rng registerRng(String name, Rng rng) {
        checkName(name);
        generators.put(name, rng);
        return rng;
    }

    /** Every random generator of this module and its descendants under dotted names. */
    public Map<String, Rng> namedRngs() {
        Map<String, Rng> out = new LinkedHashMap<>();
        collectRngs(this, "", out);
        return out;
    }

    private static void collectRngs(Module m, String prefix, Map<String, Rng> out) {
        m.generators.forEach((k, v) -> out.put(prefix + k, v));
        m.children.forEach((k, child) -> collectRngs(child, prefix + k + ".", out));
    }

    private void checkName(String name) {
        if (name.isEmpty() || name.contains(".")) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": invalid name '" + name
                    + "' (must be non-empty and contain no '.')");
        }
        if (parameters.containsKey(name) || buffers.containsKey(name) || children.containsKey(name)
                || generators.containsKey(name)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": name '" + name + "' is already used");
        }
    }

    /** Switches this module and its children to training mode (batch statistics, active dropout). */
    public Module train() {
        return train(true);
    }

    /** Switches this module and its children to evaluation mode (running statistics, no dropout). */
    public Module eval() {
        return train(false);
    }

    /** Sets training mode on this module and all descendants; returns this. */
    public Module train(boolean mode) {
        training = mode;
        for (Module child : children.values()) {
            child.train(mode);
        }
        return this;
    }

    /** True in training mode. */
    public boolean isTraining() {
        return training;
    }

    /** The direct children, by name, in registration order. */
    public Map<String, Module> namedChildren() {
        return Collections.unmodifiableMap(children);
    }

    /** Every parameter of this module and its descendants, in registration order. */
    public List<Tensor> parameters() {
        return new ArrayList<>(namedParameters().values());
    }

    /** Every parameter under its dotted name, e.g. {@code 0.weight} or {@code fc1.bias}. */
    public Map<String, Tensor> namedParameters() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        collect(this, "", out, true, false);
        return out;
    }

    /** Every buffer under its dotted name. */
    public Map<String, Tensor> namedBuffers() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        collect(this, "", out, false, true);
        return out;
    }

    /**
     * Parameters and buffers under dotted names, in PyTorch's order (each module's parameters, then its
     * buffers, then its children). The tensors are detached views that share storage with the module.
     */
    public Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        collect(this, "", out, true, true);
        out.replaceAll((k, v) -> v.detach());
        return out;
    }

    private static void collect(Module m, String prefix, Map<String, Tensor> out, boolean params, boolean bufs) {
        if (params) {
            m.parameters.forEach((k, v) -> out.put(prefix + k, v));
        }
        if (bufs) {
            m.buffers.forEach((k, v) -> out.put(prefix + k, v));
        }
        m.children.forEach((k, child) -> collect(child, prefix + k + ".", out, params, bufs));
    }

    /**
     * Copies values from a state dict. Strict, as PyTorch's default: every key must be present, none may
     * be unexpected, and shapes must match; otherwise nothing is changed and the error lists every problem.
     */
    public void loadStateDict(Map<String, Tensor> state) {
        Map<String, Tensor> own = new LinkedHashMap<>();
        collect(this, "", own, true, true);
        List<String> problems = new ArrayList<>();
        TreeSet<String> missing = new TreeSet<>(own.keySet());
        missing.removeAll(state.keySet());
        TreeSet<String> unexpected = new TreeSet<>(state.keySet());
        unexpected.removeAll(own.keySet());
        if (!missing.isEmpty()) {
            problems.add("missing keys " + missing);
        }
        if (!unexpected.isEmpty()) {
            problems.add("unexpected keys " + unexpected);
        }
        own.forEach((k, t) -> {
            Tensor src = state.get(k);
            if (src != null && !Arrays.equals(src.shape(), t.shape())) {
                problems.add(k + ": checkpoint has shape " + Shape.str(src.shape()) + ", the model has "
                        + Shape.str(t.shape()));
            }
        });
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("Error loading state dict into " + getClass().getSimpleName() + ": "
                    + String.join("; ", problems));
        }
        try (NoGrad ignored = NoGrad.enter()) {
            own.forEach((k, t) -> t.copyFrom(state.get(k)));
        }
    }

    /** Total number of parameter elements. */
    public long parameterCount() {
        long n = 0;
        for (Tensor p : parameters()) {
            n += p.numel();
        }
        return n;
    }

    /** Clears the gradient of every parameter. */
    public void zeroGrad() {
        for (Tensor p : parameters()) {
            p.zeroGrad();
        }
    }

    /** Converts every parameter and buffer to {@code dtype} in place (e.g. float64 for a gradient check). */
    public Module to(DType dtype) {
        Map<String, Tensor> all = new LinkedHashMap<>();
        collect(this, "", all, true, true);
        for (Tensor t : all.values()) {
            if (t.dtype() != dtype) {
                try (NoGrad ignored = NoGrad.enter()) {
                    t.setData(t.detach().to(dtype));
                }
            }
        }
        return this;
    }

    /** The part inside the parentheses of {@link #toString()}, e.g. {@code in=784, out=100, bias=true}. */
    protected String extraRepr() {
        return "";
    }

    /** A tree like PyTorch's: {@code Mlp(\n  (0): Linear(in=784, out=100, bias=true)\n ...)}. */
    @Override
    public String toString() {
        String head = getClass().getSimpleName() + "(" + extraRepr();
        if (children.isEmpty()) {
            return head + ")";
        }
        StringBuilder sb = new StringBuilder(head);
        children.forEach((name, child) -> sb.append("\n  (").append(name).append("): ")
                .append(child.toString().replace("\n", "\n  ")));
        return sb.append("\n)").toString();
    }
}
