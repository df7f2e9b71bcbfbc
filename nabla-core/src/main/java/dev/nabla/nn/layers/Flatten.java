package dev.nabla.nn.layers;

import dev.nabla.nn.LayerMath;
import dev.nabla.nn.Module;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;
import java.util.Arrays;

/**
 * Merges the dimensions {@code startDim..endDim} into one, as {@code torch.nn.Flatten}: by default
 * [N, C, H, W] → [N, C·H·W], the step between convolutional layers (or image data) and a Linear layer.
 * The result is a view; the gradient is reshaped back. No parameters.
 */
public class Flatten extends Module implements LayerMath {
    private final int startDim;
    private final int endDim;

    /** Flattens every dimension after the batch: start_dim = 1, end_dim = −1. */
    public Flatten() {
        this(1, -1);
    }

    /** Flattens {@code startDim..endDim} (inclusive; negative counts from the end). */
    public Flatten(int startDim, int endDim) {
        this.startDim = startDim;
        this.endDim = endDim;
    }

    @Override
    public Tensor forward(Tensor x) {
        int rank = x.dim();
        int start = startDim < 0 ? startDim + rank : startDim;
        int end = endDim < 0 ? endDim + rank : endDim;
        if (start < 0 || end >= rank || start > end) {
            throw new IllegalArgumentException(this + " got input " + Shape.str(x.shape()) + ": dimensions "
                    + startDim + " to " + endDim + " do not exist in a tensor of rank " + rank
                    + (rank == 1 ? " — is the batch dimension missing? A single sample needs shape [1, ...]" : ""));
        }
        int[] shape = x.shape();
        int[] out = new int[rank - (end - start)];
        System.arraycopy(shape, 0, out, 0, start);
        out[start] = Shape.numel(Arrays.copyOfRange(shape, start, end + 1));
        System.arraycopy(shape, end + 1, out, start + 1, rank - end - 1);
        return x.reshape(out);
    }

    @Override
    public String formula() {
        return """
                y  = reshape(X)            X [N, C, H, W], y [N, C·H·W]
                dX = reshape(dY)           [N, C, H, W] (no arithmetic)""";
    }

    @Override
    public long forwardFlops(int[] in, int[] out) {
        return LayerMath.elementwise(out, 0);
    }

    @Override
    public long backwardFlops(int[] in, int[] out, boolean inputGrad) {
        return inputGrad ? LayerMath.elementwise(out, 0) : 0;
    }

    @Override
    protected String extraRepr() {
        return "start_dim=" + startDim + ", end_dim=" + endDim;
    }
}
