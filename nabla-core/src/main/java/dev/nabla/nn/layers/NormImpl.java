package dev.nabla.nn.layers;

/**
 * How a normalisation layer ({@link BatchNorm1d}, {@link BatchNorm2d}, {@link LayerNorm}) computes its
 * forward and backward. Both give the same values and gradients (the tests prove it); the module's
 * parameters, buffers and state dict are the same either way, so a checkpoint loads into both.
 */
public enum NormImpl {
    /**
     * One Function with the closed-form backward derived by hand (seed 001), e.g. for BatchNorm
     * dx = (γ·invStd/M)·(M·dy − Σdy − x̂·Σ(dy·x̂)): two passes over the data each way. The default.
     */
    FUSED,
    /**
     * Composed from primitive tensor ops (mean, sub, mul, div, sqrt, add); autograd derives the backward
     * by chaining their derivatives. The readable oracle for {@link #FUSED}, and slower: every primitive
     * allocates and sweeps its own tensor.
     */
    COMPOSED
}
