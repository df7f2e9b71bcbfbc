package dev.nabla.optim;

import dev.nabla.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adadelta (Zeiler, 2012), with PyTorch's update rule ({@code torch.optim.Adadelta}): each step is
 * scaled by the ratio of the running RMS of past updates to the running RMS of gradients, so the
 * learning rate γ is only a final multiplier.
 *
 * <pre>
 * input: γ (lr, default 1.0), ρ (rho, default 0.9), ε (eps, default 1e-6), λ (weight_decay, default 0)
 * v ← 0, u ← 0
 * for t = 1, 2, ...:
 *     g ← ∇θ f(θ)
 *     if λ ≠ 0:  g ← g + λ·θ
 *     v ← ρ·v + (1 − ρ)·g²                        (running average of squared gradients)
 *     Δ ← √(u + ε) / √(v + ε) · g
 *     u ← ρ·u + (1 − ρ)·Δ²                        (running average of squared updates)
 *     θ ← θ − γ·Δ
 * </pre>
 *
 * <p>State per parameter: {@code step}, {@code square_avg} (v), {@code acc_delta} (u).
 */
public final class Adadelta extends Optimizer {
    /** Adadelta with PyTorch's defaults (lr 1.0, rho 0.9, eps 1e-6). */
    public Adadelta(List<Tensor> params) {
        this(params, 1.0);
    }

    /** Adadelta with learning rate {@code lr} and the other defaults. */
    public Adadelta(List<Tensor> params, double lr) {
        this(params, lr, 0.9, 1e-6, 0);
    }

    /**
     * @throws IllegalArgumentException for a negative (or NaN) lr, eps or weight_decay, or rho outside
     *     [0, 1]
     */
    public Adadelta(List<Tensor> params, double lr, double rho, double eps, double weightDecay) {
        super(params, options(lr, rho, eps, weightDecay), Adadelta::validate);
    }

    private static Map<String, Object> options(double lr, double rho, double eps, double weightDecay) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("lr", lr);
        o.put("rho", rho);
        o.put("eps", eps);
        o.put("weight_decay", weightDecay);
        return o;
    }

    private static void validate(ParamGroup g) {
        require(g.lr() >= 0, "Invalid learning rate: ", g.lr());
        require(g.get("rho") >= 0 && g.get("rho") <= 1, "Invalid rho value: ", g.get("rho"));
        require(g.get("eps") >= 0, "Invalid epsilon value: ", g.get("eps"));
        require(g.get("weight_decay") >= 0, "Invalid weight_decay value: ", g.get("weight_decay"));
    }

    @Override
    protected void initState(ParamGroup group, Tensor param, Map<String, Tensor> state) {
        state.put("step", stepCounter());
        state.put("square_avg", Tensor.zeros(param.shape()));
        state.put("acc_delta", Tensor.zeros(param.shape()));
    }

    @Override
    protected void update(ParamGroup group, Tensor param, Tensor grad, Map<String, Tensor> state, boolean first) {
        nextStep(state);
        float negLr = (float) -group.lr();
        float rho = (float) group.get("rho");
        float keep = (float) (1 - group.get("rho"));
        float eps = (float) group.get("eps");
        boolean decay = group.get("weight_decay") != 0;
        float wd = (float) group.get("weight_decay");
        forEachElement(param, (p, operands, from, to) -> {
            float[] g = operands[0];
            float[] v = operands[1];
            float[] u = operands[2];
            for (int i = from; i < to; i++) {
                float gi = decay ? Math.fma(p[i], wd, g[i]) : g[i];
                float vi = Math.fma(keep * gi, gi, v[i] * rho);
                v[i] = vi;
                float std = (float) Math.sqrt(vi + eps);
                float delta = (float) Math.sqrt(u[i] + eps) / std * gi;
                u[i] = Math.fma(keep * delta, delta, u[i] * rho);
                p[i] = Math.fma(delta, negLr, p[i]);
            }
        }, grad, state.get("square_avg"), state.get("acc_delta"));
    }
}
