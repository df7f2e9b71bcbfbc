package dev.nabla.optim;

import dev.nabla.tensor.Tensor;
import java.util.List;

/**
 * Adam with decoupled weight decay (Loshchilov and Hutter, 2019), with PyTorch 1.13's update rule
 * ({@code torch.optim.AdamW}): the parameter shrinks by {@code 1 − γλ} before the Adam step, instead of
 * λθ being added to the gradient, so the decay is not rescaled by the adaptive denominator.
 *
 * <pre>
 * input: γ (lr, default 1e-3), β1, β2 (beta1, beta2, default 0.9, 0.999), ε (eps, default 1e-8),
 *        λ (weight_decay, default 1e-2), amsgrad (default false)
 * m ← 0, v ← 0, v_max ← 0
 * for t = 1, 2, ...:
 *     g ← ∇θ f(θ)
 *     θ ← θ·(1 − γλ)                              (decoupled decay)
 *     m ← β1·m + (1 − β1)·g
 *     v ← β2·v + (1 − β2)·g²
 *     if amsgrad:  v_max ← max(v_max, v);  u ← v_max
 *     else:        u ← v
 *     denom ← √u / √(1 − β2^t) + ε
 *     θ ← θ − (γ / (1 − β1^t)) · m / denom
 * </pre>
 *
 * <p>State per parameter as {@link Adam}. Both passes over θ run as one fused loop.
 */
public final class AdamW extends Adam {
    /** AdamW with PyTorch's defaults (lr 1e-3, betas 0.9 and 0.999, eps 1e-8, weight_decay 1e-2). */
    public AdamW(List<Tensor> params) {
        this(params, 1e-3);
    }

    /** AdamW with learning rate {@code lr} and the other defaults. */
    public AdamW(List<Tensor> params, double lr) {
        this(params, lr, 0.9, 0.999, 1e-8, 1e-2, false);
    }

    /**
     * @throws IllegalArgumentException for a negative (or NaN) lr, eps or weight_decay, or a beta
     *     outside [0, 1)
     */
    public AdamW(List<Tensor> params, double lr, double beta1, double beta2, double eps, double weightDecay,
            boolean amsgrad) {
        super(params, lr, beta1, beta2, eps, weightDecay, amsgrad, true);
    }
}
