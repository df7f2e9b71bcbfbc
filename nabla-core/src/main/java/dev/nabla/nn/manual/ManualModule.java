package dev.nabla.nn.manual;

import dev.nabla.tensor.Tensor;

/** A layer with an explicit backward: no graph, no autograd. */
public interface ManualModule {
    /** Computes the output and caches what {@link #backward} needs. */
    Tensor forward(Tensor x);

    /** Given dL/d(output) of the last forward, stores parameter gradients and returns dL/d(input). */
    Tensor backward(Tensor dout);
}
