package dev.nabla.optim;

import dev.nabla.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adagrad (Duchi, Hazan and Singer, 2011), with PyTorch's update rule ({@code torch.optim.Adagrad}):
 * each element's step shrinks with the sum of its squared gradients so far.
 *
 * <pre>
 * input: γ (lr, default 1e-2), η (lr_decay, default 0), λ (weight_decay, default 0),
 *        s₀ (initial_accumulator_value, default 0), ε (eps, default 1e-10)
 * s ← s₀
 * for t = 1, 2, ...:
 *     g ← ∇θ f(θ)
 *     if λ ≠ 0:  g ← g + λ·θ
 *     γ̃ ← γ / (1 + (t − 1)·η)
 *     s ← s + g²
 *     θ ← θ − γ̃·g / (√s + ε)
 * </pre>
 *
 * <p>State per parameter: {@code step} and {@code sum} (s). PyTorch creates this state in the
 * constructor; here it is created on the parameter's first update like every optimizer's, which gives
 * the same updates.
 */
public final class Adagrad extends Optimizer {
    /** Adagrad with PyTorch's defaults (lr 1e-2, eps 1e-10). */
    public Adagrad(List<Tensor> params) {
        this(params, 1e-2);
    }

    /** Adagrad with learning rate {@code lr} and the other defaults. */
    public Adagrad(List<Tensor> params, double lr) {
        this(params, lr, 0, 0, 0, 1e-10);
    }

    /**
     * @throws IllegalArgumentException for a negative (or NaN) lr, lr_decay, weight_decay,
     *     initial_accumulator_value or eps
     */
    public Adagrad(List<Tensor> params, double lr, double lrDecay, double weightDecay, double initialAccumulatorValue,
            double eps) {
        super(params, options(lr, lrDecay, weightDecay, initialAccumulatorValue, eps), Adagrad::validate);
    }

    private static Map<String, Object> options(double lr, double lrDecay, double weightDecay,
            double initialAccumulatorValue, double eps) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("lr", lr);
        o.put("lr_decay", lrDecay);
        o.put("weight_decay", weightDecay);
        o.put("initial_accumulator_value", initialAccumulatorValue);
        o.put("eps", eps);
        return o;
    }

    private static void validate(ParamGroup g) {
        require(g.lr() >= 0, "Invalid learning rate: ", g.lr());
        require(g.get("lr_decay") >= 0, "Invalid lr_decay value: ", g.get("lr_decay"));
        require(g.get("weight_decay") >= 0, "Invalid weight_decay value: ", g.get("weight_decay"));
        require(g.get("initial_accumulator_value") >= 0, "Invalid initial_accumulator_value value: ",
                g.get("initial_accumulator_value"));
        require(g.get("eps") >= 0, "Invalid epsilon value: ", g.get("eps"));
    }

    @Override
    protected void initState(ParamGroup group, Tensor param, Map<String, Tensor> state) {
        state.put("step", stepCounter());
        state.put("sum", Tensor.full(group.get("initial_accumulator_value"), param.shape()));
    }

    @Override
    protected void update(ParamGroup group, Tensor param, Tensor grad, Map<String, Tensor> state, boolean first) {
        double t = nextStep(state);
        double clr = group.lr() / (1 + (t - 1) * group.get("lr_decay"));
        float negClr = (float) -clr;
        float eps = (float) group.get("eps");
        boolean decay = group.get("weight_decay") != 0;
        float wd = (float) group.get("weight_decay");
        forEachElement(param, (p, operands, from, to) -> {
            float[] g = operands[0];
            float[] s = operands[1];
            for (int i = from; i < to; i++) {
                float gi = decay ? Math.fma(p[i], wd, g[i]) : g[i];
                float si = Math.fma(gi, gi, s[i]);
                s[i] = si;
                float std = (float) Math.sqrt(si) + eps;
                p[i] = p[i] + negClr * gi / std;
            }
        }, grad, state.get("sum"));
    }
}
