package dev.nabla.nn;

import dev.nabla.tensor.Tensor;

/**
 * A module that can apply a following {@link dev.nabla.nn.activations.ReLU} inside its own op, with the
 * same bits as the two modules one after the other. {@link Sequential} runs such a pair as one op, which
 * saves the ReLU's output and gradient tensors and one pass over each (BatchNorm + ReLU in the seeds'
 * CNN).
 */
public interface FusesRelu {
    /** Whether {@link #forwardWithRelu} fuses at all for this module's configuration. */
    boolean fusesRelu();

    /** ReLU(forward(x)), bit for bit, in one op. */
    Tensor forwardWithRelu(Tensor x);
}
