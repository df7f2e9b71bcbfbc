package dev.nabla.optim;

import dev.nabla.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adam (Kingma and Ba, 2014) with optional AMSGrad, with PyTorch 1.13's update rule
 * ({@code torch.optim.Adam}).
 *
 * <pre>
 * input: γ (lr, default 1e-3), β1, β2 (beta1, beta2, default 0.9, 0.999), ε (eps, default 1e-8),
 *        λ (weight_decay, default 0), amsgrad (default false)
 * m ← 0, v ← 0, v_max ← 0
 * for t = 1, 2, ...:
 *     g ← ∇θ f(θ)
 *     if λ ≠ 0:  g ← g + λ·θ                      (L2 penalty added to the gradient; see AdamW)
 *     m ← β1·m + (1 − β1)·g                       (first moment)
 *     v ← β2·v + (1 − β2)·g²                      (second moment)
 *     if amsgrad:  v_max ← max(v_max, v);  u ← v_max
 *     else:        u ← v
 *     denom ← √u / √(1 − β2^t) + ε                (ε outside the square root)
 *     θ ← θ − (γ / (1 − β1^t)) · m / denom        (bias corrections 1 − β^t)
 * </pre>
 *
 * <p>The last two lines are the bias-corrected θ ← θ − γ·m̂ / (√v̂ + ε) with m̂ = m/(1 − β1^t) and
 * v̂ = u/(1 − β2^t), arranged exactly as PyTorch computes them (so ε is added to √u/√(1 − β2^t), not to
 * √u). The corrections are computed in double, the per-element update in float32. State per parameter:
 * {@code step}, {@code exp_avg} (m), {@code exp_avg_sq} (v), and {@code max_exp_avg_sq} with amsgrad.
 */
public class Adam extends Optimizer {
    /** Decoupled weight decay (AdamW) instead of the L2 penalty. */
    private final boolean decoupled;

    /** Adam with PyTorch's defaults (lr 1e-3, betas 0.9 and 0.999, eps 1e-8). */
    public Adam(List<Tensor> params) {
        this(params, 1e-3);
    }

    /** Adam with learning rate {@code lr} and the other defaults. */
    public Adam(List<Tensor> params, double lr) {
        this(params, lr, 0.9, 0.999, 1e-8, 0, false);
    }

    /**
     * @throws IllegalArgumentException for a negative (or NaN) lr, eps or weight_decay, or a beta
     *     outside [0, 1)
     */
    public Adam(List<Tensor> params, double lr, double beta1, double beta2, double eps, double weightDecay,
            boolean amsgrad) {
        this(params, lr, beta1, beta2, eps, weightDecay, amsgrad, false);
    }

    Adam(List<Tensor> params, double lr, double beta1, double beta2, double eps, double weightDecay, boolean amsgrad,
            boolean decoupled) {
        super(params, options(lr, beta1, beta2, eps, weightDecay, amsgrad), Adam::validate);
        this.decoupled = decoupled;
    }

    private static Map<String, Object> options(double lr, double beta1, double beta2, double eps, double weightDecay,
            boolean amsgrad) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("lr", lr);
        o.put("beta1", beta1);
        o.put("beta2", beta2);
        o.put("eps", eps);
        o.put("weight_decay", weightDecay);
        o.put("amsgrad", amsgrad);
        return o;
    }

    private static void validate(ParamGroup g) {
        require(g.lr() >= 0, "Invalid learning rate: ", g.lr());
        require(g.get("eps") >= 0, "Invalid epsilon value: ", g.get("eps"));
        require(g.get("beta1") >= 0 && g.get("beta1") < 1, "Invalid beta parameter at index 0: ", g.get("beta1"));
        require(g.get("beta2") >= 0 && g.get("beta2") < 1, "Invalid beta parameter at index 1: ", g.get("beta2"));
        require(g.get("weight_decay") >= 0, "Invalid weight_decay value: ", g.get("weight_decay"));
    }

    @Override
    protected void initState(ParamGroup group, Tensor param, Map<String, Tensor> state) {
        state.put("step", stepCounter());
        state.put("exp_avg", Tensor.zeros(param.shape()));
        state.put("exp_avg_sq", Tensor.zeros(param.shape()));
        if (group.flag("amsgrad")) {
            state.put("max_exp_avg_sq", Tensor.zeros(param.shape()));
        }
    }

    @Override
    protected void update(ParamGroup group, Tensor param, Tensor grad, Map<String, Tensor> state, boolean first) {
        double lr = group.lr();
        double beta1 = group.get("beta1");
        double beta2 = group.get("beta2");
        double weightDecay = group.get("weight_decay");
        double t = nextStep(state);
        double stepSize = lr / (1 - Math.pow(beta1, t));
        double bc2Sqrt = Math.sqrt(1 - Math.pow(beta2, t));
        // float32 constants, rounded from doubles as PyTorch's scalar arguments are.
        float shrink = decoupled ? (float) (1 - lr * weightDecay) : 1f;
        boolean l2 = !decoupled && weightDecay != 0;
        float wd = (float) weightDecay;
        float b1 = (float) beta1;
        float b2 = (float) beta2;
        float keep1 = (float) (1 - beta1);
        float keep2 = (float) (1 - beta2);
        float bc2 = (float) bc2Sqrt;
        float eps = (float) group.get("eps");
        float negStep = (float) -stepSize;
        forEachElement(param, (p, operands, from, to) -> {
            float[] g = operands[0];
            float[] m = operands[1];
            float[] v = operands[2];
            float[] vMax = operands[3];
            for (int i = from; i < to; i++) {
                float pi = p[i] * shrink;
                float gi = l2 ? Math.fma(pi, wd, g[i]) : g[i];
                float mi = Math.fma(gi, keep1, m[i] * b1);
                float vi = Math.fma(keep2 * gi, gi, v[i] * b2);
                m[i] = mi;
                v[i] = vi;
                if (vMax != null) {
                    vi = Math.max(vMax[i], vi);
                    vMax[i] = vi;
                }
                float denom = (float) Math.sqrt(vi) / bc2 + eps;
                p[i] = pi + negStep * mi / denom;
            }
        }, grad, state.get("exp_avg"), state.get("exp_avg_sq"), state.get("max_exp_avg_sq"));
    }
}
