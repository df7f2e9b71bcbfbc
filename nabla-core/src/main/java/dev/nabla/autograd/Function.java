package dev.nabla.autograd;

import dev.nabla.tensor.Tensor;

/**
 * A differentiable operation with a hand-written backward, as {@code torch.autograd.Function}. Every op
 * in nabla is one, from {@code add} to {@code Conv2d}; user code defines new ones the same way.
 *
 * <pre>{@code
 * final class Cube extends Function {
 *     protected Tensor forward(Context ctx, Tensor... in) {
 *         ctx.saveForBackward(in[0]);
 *         return in[0].pow(3);
 *     }
 *     protected Tensor[] backward(Context ctx, Tensor dy) {   // dx = 3·x²·dy
 *         Tensor x = ctx.saved(0);
 *         return new Tensor[] {dy.mul(x.pow(2)).mul(3)};
 *     }
 * }
 * Tensor y = new Cube().apply(x);
 * }</pre>
 *
 * <p>An instance is used for exactly one application: subclasses may keep what backward needs in named
 * fields ({@code xHat}, {@code invStd}) instead of the context. Forward and backward both run with
 * recording off, so they may freely use tensor ops. Backward returns one gradient per input, shaped like
 * that input, or null where {@link Context#needsInputGrad(int)} is false.
 */
public abstract class Function {
    private boolean applied;

    /** Computes the output from the inputs; runs without recording. Inputs may contain null (absent bias). */
    protected abstract Tensor forward(Context ctx, Tensor... inputs);

    /**
     * Given dL/d(output), returns dL/d(input) for every input (null where not needed).
     *
     * @param gradOutput same shape as the forward output
     */
    protected abstract Tensor[] backward(Context ctx, Tensor gradOutput);

    /** The name shown in graphs and error messages; the class name by default. */
    public String name() {
        String simple = getClass().getSimpleName();
        return simple.isEmpty() ? getClass().getName().substring(getClass().getName().lastIndexOf('.') + 1) : simple;
    }

    /**
     * Runs forward and, when gradients are enabled and some input requires one, records the op so that
     * {@code backward()} reaches it.
     *
     * @throws IllegalStateException when this instance was already applied
     */
    public final Tensor apply(Tensor... inputs) {
        if (applied) {
            throw new IllegalStateException(name() + " was already applied once: a Function instance holds the"
                    + " state of one application, so create a new one for each call");
        }
        applied = true;
        boolean enabled = NoGrad.isGradEnabled();
        boolean[] needs = new boolean[inputs.length];
        boolean any = false;
        for (int i = 0; i < inputs.length; i++) {
            needs[i] = enabled && inputs[i] != null && inputs[i].requiresGrad();
            any |= needs[i];
        }
        Context ctx = new Context(name(), needs);
        Tensor out;
        try (NoGrad ignored = NoGrad.enter()) {
            out = forward(ctx, inputs);
        }
        if (out == null) {
            throw new IllegalStateException(name() + ".forward returned null");
        }
        if (!any) {
            return out;
        }
        return Graph.record(out, new Node(this, ctx, inputs.clone()));
    }

    /** Throws the standard error when backward is reached without the state forward saves. */
    protected final <T> T requireSaved(T field, String what) {
        if (field == null) {
            throw new IllegalStateException(name() + ".backward called before forward: no saved " + what);
        }
        return field;
    }
}
