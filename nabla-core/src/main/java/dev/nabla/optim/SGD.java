package dev.nabla.optim;

import dev.nabla.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stochastic gradient descent with optional momentum, dampening, Nesterov momentum and weight decay,
 * with PyTorch's update rule ({@code torch.optim.SGD}).
 *
 * <pre>
 * input: γ (lr), μ (momentum, default 0), τ (dampening, default 0), λ (weight_decay, default 0),
 *        nesterov (default false)
 * for t = 1, 2, ...:
 *     g ← ∇θ f(θ)
 *     if λ ≠ 0:  g ← g + λ·θ                      (L2 penalty added to the gradient)
 *     if μ ≠ 0:
 *         if t = 1:  b ← g                        (the buffer starts at the first gradient, not at 0)
 *         else:      b ← μ·b + (1 − τ)·g
 *         if nesterov:  g ← g + μ·b
 *         else:         g ← b
 *     θ ← θ − γ·g
 * </pre>
 *
 * <p>The learning rate multiplies the whole momentum step (b accumulates raw gradients), as in PyTorch
 * and unlike the formulation v ← μ·v + γ·g of Sutskever et al.; the two differ when γ changes.
 * Nesterov momentum needs μ &gt; 0 and τ = 0. State per parameter: {@code momentum_buffer} (when μ ≠ 0).
 */
public final class SGD extends Optimizer {
    /** Plain gradient descent, θ ← θ − γ·g. */
    public SGD(List<Tensor> params, double lr) {
        this(params, lr, 0, 0, 0, false);
    }

    /** Gradient descent with momentum μ. */
    public SGD(List<Tensor> params, double lr, double momentum) {
        this(params, lr, momentum, 0, 0, false);
    }

    /**
     * @throws IllegalArgumentException for a negative (or NaN) lr, momentum or weight_decay, and for
     *     Nesterov momentum without momentum or with dampening
     */
    public SGD(List<Tensor> params, double lr, double momentum, double dampening, double weightDecay,
            boolean nesterov) {
        super(params, options(lr, momentum, dampening, weightDecay, nesterov), SGD::validate);
    }

    private static Map<String, Object> options(double lr, double momentum, double dampening, double weightDecay,
            boolean nesterov) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("lr", lr);
        o.put("momentum", momentum);
        o.put("dampening", dampening);
        o.put("weight_decay", weightDecay);
        o.put("nesterov", nesterov);
        return o;
    }

    private static void validate(ParamGroup g) {
        require(g.lr() >= 0, "Invalid learning rate: ", g.lr());
        require(g.get("momentum") >= 0, "Invalid momentum value: ", g.get("momentum"));
        require(g.get("weight_decay") >= 0, "Invalid weight_decay value: ", g.get("weight_decay"));
        if (g.flag("nesterov") && (g.get("momentum") <= 0 || g.get("dampening") != 0)) {
            throw new IllegalArgumentException("Nesterov momentum requires a momentum and zero dampening");
        }
    }

    @Override
    protected void initState(ParamGroup group, Tensor param, Map<String, Tensor> state) {
        if (group.get("momentum") != 0) {
            state.put("momentum_buffer", Tensor.zeros(param.shape()));
        }
    }

    @Override
    protected void update(ParamGroup group, Tensor param, Tensor grad, Map<String, Tensor> state, boolean first) {
        // float32 constants, rounded from the double hyperparameters as PyTorch's scalar arguments are.
        float negLr = (float) -group.lr();
        float momentum = (float) group.get("momentum");
        float keep = (float) (1 - group.get("dampening"));
        boolean decay = group.get("weight_decay") != 0;
        float wd = (float) group.get("weight_decay");
        boolean nesterov = group.flag("nesterov");
        forEachElement(param, (p, operands, from, to) -> {
            float[] g = operands[0];
            float[] b = operands[1];
            for (int i = from; i < to; i++) {
                float d = decay ? Math.fma(p[i], wd, g[i]) : g[i];
                if (b != null) {
                    float bi = first ? d : Math.fma(d, keep, b[i] * momentum);
                    b[i] = bi;
                    d = nesterov ? Math.fma(bi, momentum, d) : bi;
                }
                p[i] = Math.fma(d, negLr, p[i]);
            }
        }, grad, state.get("momentum_buffer"));
    }
}
