package dev.nabla.optim;

import dev.nabla.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * RMSprop (Hinton, lecture 6e of his Coursera course), optionally centered (Graves, 2013) and with
 * momentum, with PyTorch's update rule ({@code torch.optim.RMSprop}).
 *
 * <pre>
 * input: γ (lr, default 1e-2), α (alpha, default 0.99), ε (eps, default 1e-8), λ (weight_decay, default 0),
 *        μ (momentum, default 0), centered (default false)
 * v ← 0, ḡ ← 0, b ← 0
 * for t = 1, 2, ...:
 *     g ← ∇θ f(θ)
 *     if λ ≠ 0:  g ← g + λ·θ
 *     v ← α·v + (1 − α)·g²                        (running average of squared gradients)
 *     if centered:
 *         ḡ ← α·ḡ + (1 − α)·g                     (running average of gradients)
 *         ṽ ← v − ḡ²                              (an estimate of the variance)
 *     else:
 *         ṽ ← v
 *     if μ &gt; 0:
 *         b ← μ·b + g / (√ṽ + ε)
 *         θ ← θ − γ·b
 *     else:
 *         θ ← θ − γ·g / (√ṽ + ε)
 * </pre>
 *
 * <p>State per parameter: {@code step}, {@code square_avg} (v), {@code momentum_buffer} (b, when μ &gt; 0)
 * and {@code grad_avg} (ḡ, when centered).
 */
public final class RMSprop extends Optimizer {
    /** RMSprop with PyTorch's defaults (lr 1e-2, alpha 0.99, eps 1e-8). */
    public RMSprop(List<Tensor> params) {
        this(params, 1e-2);
    }

    /** RMSprop with learning rate {@code lr} and the other defaults. */
    public RMSprop(List<Tensor> params, double lr) {
        this(params, lr, 0.99, 1e-8, 0, 0, false);
    }

    /** @throws IllegalArgumentException for a negative (or NaN) lr, eps, momentum, weight_decay or alpha */
    public RMSprop(List<Tensor> params, double lr, double alpha, double eps, double weightDecay, double momentum,
            boolean centered) {
        super(params, options(lr, alpha, eps, weightDecay, momentum, centered), RMSprop::validate);
    }

    private static Map<String, Object> options(double lr, double alpha, double eps, double weightDecay,
            double momentum, boolean centered) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("lr", lr);
        o.put("alpha", alpha);
        o.put("eps", eps);
        o.put("weight_decay", weightDecay);
        o.put("momentum", momentum);
        o.put("centered", centered);
        return o;
    }

    private static void validate(ParamGroup g) {
        require(g.lr() >= 0, "Invalid learning rate: ", g.lr());
        require(g.get("eps") >= 0, "Invalid epsilon value: ", g.get("eps"));
        require(g.get("momentum") >= 0, "Invalid momentum value: ", g.get("momentum"));
        require(g.get("weight_decay") >= 0, "Invalid weight_decay value: ", g.get("weight_decay"));
        require(g.get("alpha") >= 0, "Invalid alpha value: ", g.get("alpha"));
    }

    @Override
    protected void initState(ParamGroup group, Tensor param, Map<String, Tensor> state) {
        state.put("step", stepCounter());
        state.put("square_avg", Tensor.zeros(param.shape()));
        if (group.get("momentum") > 0) {
            state.put("momentum_buffer", Tensor.zeros(param.shape()));
        }
        if (group.flag("centered")) {
            state.put("grad_avg", Tensor.zeros(param.shape()));
        }
    }

    @Override
    protected void update(ParamGroup group, Tensor param, Tensor grad, Map<String, Tensor> state, boolean first) {
        nextStep(state);
        float negLr = (float) -group.lr();
        float alpha = (float) group.get("alpha");
        float keep = (float) (1 - group.get("alpha"));
        float eps = (float) group.get("eps");
        float momentum = (float) group.get("momentum");
        boolean decay = group.get("weight_decay") != 0;
        float wd = (float) group.get("weight_decay");
        forEachElement(param, (p, operands, from, to) -> {
            float[] g = operands[0];
            float[] v = operands[1];
            float[] b = operands[2];
            float[] a = operands[3];
            for (int i = from; i < to; i++) {
                float gi = decay ? Math.fma(p[i], wd, g[i]) : g[i];
                float vi = Math.fma(keep * gi, gi, v[i] * alpha);
                v[i] = vi;
                float avg;
                if (a != null) {
                    float ai = Math.fma(gi, keep, a[i] * alpha);
                    a[i] = ai;
                    avg = (float) Math.sqrt(Math.fma(-ai, ai, vi));
                } else {
                    avg = (float) Math.sqrt(vi);
                }
                avg += eps;
                if (b != null) {
                    float bi = b[i] * momentum + gi / avg;
                    b[i] = bi;
                    p[i] = Math.fma(bi, negLr, p[i]);
                } else {
                    p[i] = p[i] + negLr * gi / avg;
                }
            }
        }, grad, state.get("square_avg"), state.get("momentum_buffer"), state.get("grad_avg"));
    }
}
