package dev.nabla.nn.layers;

import dev.nabla.kernel.Window2d;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;

/**
 * Kernel size, stride and padding of a convolution or pooling layer, as (height, width) pairs, checked
 * once when the layer is built. {@link #geometry} turns an input batch into the kernels' {@link Window2d},
 * with errors that name the layer.
 */
record WindowSpec(int kernelH, int kernelW, int strideH, int strideW, int padH, int padW) {

    WindowSpec {
        if (kernelH < 1 || kernelW < 1) {
            throw new IllegalArgumentException("Invalid kernel size " + kernelH + "x" + kernelW + ": must be at least 1");
        }
        if (strideH < 1 || strideW < 1) {
            throw new IllegalArgumentException("Invalid stride " + strideH + "x" + strideW + ": must be at least 1");
        }
        if (padH < 0 || padW < 0) {
            throw new IllegalArgumentException("Invalid padding " + padH + "x" + padW + ": must be non-negative");
        }
    }

    /** From (height, width) pairs, or single values used for both, as PyTorch's int-or-tuple arguments. */
    static WindowSpec of(int[] kernel, int[] stride, int[] padding) {
        return new WindowSpec(pair("kernel size", kernel, 0), pair("kernel size", kernel, 1),
                pair("stride", stride, 0), pair("stride", stride, 1),
                pair("padding", padding, 0), pair("padding", padding, 1));
    }

    private static int pair(String what, int[] values, int i) {
        if (values == null || values.length < 1 || values.length > 2) {
            throw new IllegalArgumentException("Invalid " + what + " " + (values == null ? "null" : Shape.str(values))
                    + ": give one value for both dimensions or a (height, width) pair");
        }
        return values.length == 1 ? values[0] : values[i];
    }

    /** Rejects padding of more than half the kernel, where a pooling window could hold nothing but padding. */
    WindowSpec requirePoolablePadding(String layer) {
        if (2 * padH > kernelH || 2 * padW > kernelW) {
            throw new IllegalArgumentException(layer + ": padding " + size(padH, padW) + " is more than half the kernel "
                    + kernelH + "x" + kernelW + ", so a window could lie entirely in the padding (as PyTorch, padding"
                    + " must be at most kernel/2)");
        }
        return this;
    }

    /** {@code kernel=3x3, stride=2, padding=1}: the part of a layer's toString that describes its window. */
    String describe() {
        return "kernel=" + kernelH + "x" + kernelW + ", stride=" + size(strideH, strideW) + ", padding="
                + size(padH, padW);
    }

    private static String size(int h, int w) {
        return h == w ? Integer.toString(h) : h + "x" + w;
    }

    /**
     * The window over input x [N, C, H, W].
     *
     * @param layer names the layer in error messages by its toString(), which is only called on an error
     * @throws IllegalArgumentException when x is not 4-D or is smaller than the kernel after padding
     */
    Window2d geometry(Object layer, Tensor x) {
        return geometry(layer, x.shape());
    }

    /** Whether an input of shape s is one {@link #geometry} accepts: 4-D, non-empty, the window fits. */
    boolean fits(int[] s) {
        return s.length == 4 && s[0] >= 1 && s[1] >= 1 && Window2d.outputSize(s[2], kernelH, strideH, padH) >= 1
                && Window2d.outputSize(s[3], kernelW, strideW, padW) >= 1;
    }

    /** This window over [n, c, h, w]; the shape must fit (see {@link #fits}). */
    Window2d over(int n, int c, int h, int w) {
        return new Window2d(n, c, h, w, kernelH, kernelW, strideH, strideW, padH, padW);
    }

    /** {@link #geometry(Object, Tensor)} for an input of shape s. */
    Window2d geometry(Object layer, int[] s) {
        if (s.length != 4) {
            String hint = s.length == 3
                    ? " — a single image needs a batch dimension: x.unsqueeze(0)"
                    : s.length == 2 ? " — is the input flattened? Flatten belongs after the last conv or pooling layer"
                    : "";
            throw new IllegalArgumentException(layer + " got input " + Shape.str(s)
                    + ": expected a 4-D batch [N, C, H, W]" + hint);
        }
        int outH = Window2d.outputSize(s[2], kernelH, strideH, padH);
        int outW = Window2d.outputSize(s[3], kernelW, strideW, padW);
        if (outH < 1 || outW < 1) {
            throw new IllegalArgumentException(layer + " got input " + Shape.str(s) + ": the input " + s[2] + "x" + s[3]
                    + " padded by " + size(padH, padW) + " is smaller than the kernel " + kernelH + "x" + kernelW
                    + " — use more padding or a smaller kernel, or downsample less before this layer");
        }
        if (s[0] < 1 || s[1] < 1) {
            throw new IllegalArgumentException(layer + " got input " + Shape.str(s) + ": the batch and channel"
                    + " dimensions must not be empty");
        }
        return over(s[0], s[1], s[2], s[3]);
    }
}
