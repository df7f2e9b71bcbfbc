package dev.nabla.nn.layers;

import dev.nabla.nn.Module;
import dev.nabla.tensor.Tensor;

/** Checks shared by the layers that own parameters: the input must have the parameters' dtype. */
final class InputCheck {
    private InputCheck() {}

    /**
     * @throws IllegalArgumentException naming the layer when {@code input} and {@code parameter} differ in
     *     dtype, with the two ways to fix it
     */
    static void sameDType(Module layer, Tensor input, Tensor parameter) {
        if (parameter != null && input.dtype() != parameter.dtype()) {
            throw new IllegalArgumentException(layer + " got a " + input.dtype() + " input but its parameters are "
                    + parameter.dtype() + ": convert the input with x.to(DType." + parameter.dtype().name()
                    + ") or the model with model.to(DType." + input.dtype().name() + ")");
        }
    }
}
