package dev.nabla.autograd;

import dev.nabla.tensor.Tensor;
import java.util.List;

/**
 * One recorded application of a {@link Function}: its inputs (the edges of the graph) and the state
 * its backward needs. A tensor computed by a recorded op points to its node ({@link Tensor#gradFn()}).
 */
public final class Node {
    private final String name;
    private final Tensor[] inputs;
    private Function function;
    private Context context;
    private boolean freed;
    /** The tensor this node produced (set when recorded), for retainGrad. */
    Tensor output;

    Node(Function function, Context context, Tensor[] inputs) {
        this.name = function.name();
        this.function = function;
        this.context = context;
        this.inputs = inputs;
    }

    /** The Function's name, e.g. "MatMul" or "LinearFunction". */
    public String name() {
        return name;
    }

    /** The tensors this op was applied to, in order. */
    public List<Tensor> inputs() {
        return List.of(inputs);
    }

    Tensor input(int i) {
        return inputs[i];
    }

    int inputCount() {
        return inputs.length;
    }

    Tensor[] runBackward(Tensor gradOutput) {
        if (freed) {
            throw new IllegalStateException("backward through " + name + " a second time: its saved tensors were"
                    + " freed after the first backward. Pass retainGraph=true to the first backward(...) call"
                    + " if you need to run backward twice.");
        }
        return function.backward(context, gradOutput);
    }

    /** Drops the Function and its saved state so that memory is returned after backward. */
    void free() {
        freed = true;
        if (context != null) {
            context.release();
        }
        function = null;
        context = null;
    }

    /** As PyTorch prints a grad_fn, e.g. "MulBackward0" (PyTorch numbers the overloads of an op; nabla has one). */
    @Override
    public String toString() {
        return name + "Backward0";
    }
}
