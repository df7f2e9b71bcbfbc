package dev.nabla.nn.manual;

import dev.nabla.tensor.Tensor;

/**
 * y = x·Wᵀ + b with the backward written out. Shapes: x [N, D_in], W [D_out, D_in], b [D_out],
 * y [N, D_out].
 */
public final class ManualLinear implements ManualModule {
    private final Tensor weight;
    private final Tensor bias;
    private Tensor input;
    private Tensor gradWeight;
    private Tensor gradBias;

    /** Uses the given tensors as W and b (not copied; they need not require grad). */
    public ManualLinear(Tensor weight, Tensor bias) {
        this.weight = weight;
        this.bias = bias;
    }

    @Override
    public Tensor forward(Tensor x) {
        input = x;
        return x.matmul(weight.t()).add(bias);
    }

    /** dW = doutᵀ·X [D_out, D_in]; db = Σₙ dout [D_out]; returns dX = dout·W [N, D_in]. */
    @Override
    public Tensor backward(Tensor dout) {
        if (input == null) {
            throw new IllegalStateException("ManualLinear.backward called before forward: no cached input");
        }
        gradWeight = dout.t().matmul(input);
        gradBias = dout.sum(0);
        return dout.matmul(weight);
    }

    public Tensor weight() {
        return weight;
    }

    public Tensor bias() {
        return bias;
    }

    /** dL/dW from the last backward. */
    public Tensor gradWeight() {
        return gradWeight;
    }

    /** dL/db from the last backward. */
    public Tensor gradBias() {
        return gradBias;
    }
}
