package dev.nabla.nn;

import dev.nabla.tensor.Shape;

/**
 * What {@code nabla explain} ({@link ModelSummary}) prints about a layer: its backward pass in math and the
 * cost of one forward and one backward pass. Each layer states this next to the backward it describes.
 *
 * <p>Notation: the seeds'. dY = ∂L/∂y arrives from the layer above, dX = ∂L/∂x goes to the layer below,
 * dW and db are the parameters' gradients (shaped like W and b); ⊙ is the elementwise product, · the matrix
 * product, Σₙ a sum over the batch. Shapes use one legend: N batch, C channels, H/W height and width,
 * D_in/D_out features.
 *
 * <p>FLOP convention: a multiply-add counts 2 FLOPs, any other arithmetic operation (including exp, tanh, a
 * comparison) 1. The backward of a GEMM-shaped layer (Linear, Conv2d) costs one forward's worth for dW
 * and one for dX, so ≈ 2× the forward; dX is skipped (and not counted) for the network's first layer,
 * whose input needs no gradient. Counts of elementwise layers are estimates per element; GEMM-shaped layers
 * dominate every model here.
 */
public interface LayerMath {
    /** The backward pass, one gradient per line, with the forward on the first line and shapes in the legend. */
    String formula();

    /** FLOPs of the forward pass that maps a batch of shape {@code in} to {@code out}. */
    long forwardFlops(int[] in, int[] out);

    /**
     * FLOPs of the backward pass for the same shapes; {@code inputGrad} says whether dX is computed (a
     * parameter-free layer without it does no work).
     */
    long backwardFlops(int[] in, int[] out, boolean inputGrad);

    /** {@code perElement}·numel(shape), the cost of an elementwise pass. */
    static long elementwise(int[] shape, int perElement) {
        return (long) perElement * Shape.numel(shape);
    }
}
