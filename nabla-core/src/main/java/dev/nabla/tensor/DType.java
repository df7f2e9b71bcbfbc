package dev.nabla.tensor;

/**
 * Element type of a {@link Tensor}.
 *
 * <p>Models train in {@link #FLOAT32}. {@link #FLOAT64} exists so that gradients can be checked against
 * central differences with eps = 1e-6, which float32 cannot resolve; its kernels are simple reference
 * loops, not tuned for speed.
 */
public enum DType {
    FLOAT32("float32", 4),
    FLOAT64("float64", 8);

    private final String label;
    private final int bytes;

    DType(String label, int bytes) {
        this.label = label;
        this.bytes = bytes;
    }

    /** Size of one element in bytes. */
    public int bytes() {
        return bytes;
    }

    @Override
    public String toString() {
        return label;
    }
}
