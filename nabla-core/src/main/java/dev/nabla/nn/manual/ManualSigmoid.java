package dev.nabla.nn.manual;

import dev.nabla.tensor.Tensor;

/** y = 1/(1 + e⁻ˣ) with the backward written out: dx = dout ⊙ y ⊙ (1 − y) (seed 003). */
public final class ManualSigmoid implements ManualModule {
    private Tensor output;

    @Override
    public Tensor forward(Tensor x) {
        output = x.neg().exp().add(1).pow(-1);
        return output;
    }

    @Override
    public Tensor backward(Tensor dout) {
        if (output == null) {
            throw new IllegalStateException("ManualSigmoid.backward called before forward: no cached output");
        }
        return dout.mul(output).mul(output.neg().add(1));
    }
}
