package dev.nabla.nn.manual;

import dev.nabla.tensor.Tensor;

/** y = max(x, 0) with the backward written out: dx = dout ⊙ [x &gt; 0]. */
public final class ManualReLU implements ManualModule {
    private Tensor input;

    @Override
    public Tensor forward(Tensor x) {
        input = x;
        return x.maximum(Tensor.zeros(x.dtype()));
    }

    @Override
    public Tensor backward(Tensor dout) {
        if (input == null) {
            throw new IllegalStateException("ManualReLU.backward called before forward: no cached input");
        }
        return dout.mul(input.gt(0));
    }
}
