package dev.nabla.kernel;

/**
 * The left operand op(A) of {@link Gemm#sgemm}, packed once for several products with the same A:
 * {@link Gemm#pack}, then {@link Gemm#sgemm(PackedA, boolean, int, float, float[], int, int, float, float[], int, int)}
 * per right operand. A convolution multiplies its weights by one column matrix per batch chunk; packing
 * the weights once per call instead of once per chunk measured 0.96–0.97× the time of W2 and W2i
 * (bench/results/packed-weights-2026-12-04).
 *
 * <p>The copy is taken when packed: later changes to A are not seen. One object is meant to be kept and
 * refilled ({@code Gemm.pack(..., reuse)}), so that its buffer is allocated once.
 */
public final class PackedA {
    int m;
    int k;
    float[] data = new float[0];

    /** Rows of op(A) (M). */
    public int rows() {
        return m;
    }

    /** Columns of op(A) (K). */
    public int cols() {
        return k;
    }

    float[] buffer(int size) {
        if (data.length < size) {
            data = new float[size];
        }
        return data;
    }
}
