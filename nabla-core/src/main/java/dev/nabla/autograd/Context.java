package dev.nabla.autograd;

import dev.nabla.tensor.Tensor;

/**
 * What a {@link Function}'s forward leaves for its backward, as {@code ctx} in
 * {@code torch.autograd.Function}: saved tensors and which inputs need a gradient. After backward has
 * run (without {@code retainGraph}) the saved tensors are released, and reading them again is an error.
 */
public final class Context {
    private final String functionName;
    private final boolean[] needsInputGrad;
    private Tensor[] saved = new Tensor[0];
    private boolean released;

    Context(String functionName, boolean[] needsInputGrad) {
        this.functionName = functionName;
        this.needsInputGrad = needsInputGrad;
    }

    /** True when input {@code i} requires a gradient; backward may return null for the others. */
    public boolean needsInputGrad(int i) {
        return needsInputGrad[i];
    }

    /** Keeps tensors for backward; call once in forward. */
    public void saveForBackward(Tensor... tensors) {
        saved = tensors.clone();
    }

    /** The tensors given to {@link #saveForBackward}, in order. */
    public Tensor[] savedTensors() {
        if (released) {
            throw new IllegalStateException(functionName + ": the tensors saved for backward were already freed."
                    + " Backward through the same graph twice needs backward(grad, true) (retainGraph) the first time.");
        }
        return saved;
    }

    /** Saved tensor {@code i}. */
    public Tensor saved(int i) {
        return savedTensors()[i];
    }

    void release() {
        released = true;
        saved = null;
    }
}
