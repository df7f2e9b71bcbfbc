package dev.nabla.kernel;

import java.util.Arrays;

/**
 * Elementwise loops with NumPy broadcasting. Inputs are read through strides in which broadcast
 * dimensions have stride 0; the output is contiguous. Adjacent dimensions that are laid out
 * contiguously in every operand are merged first, so the common cases (same shape, a scalar, a bias row)
 * run as one flat loop.
 *
 * <p>Float32 runs of add, sub, mul, div, maximum and minimum where each operand is contiguous or a
 * single broadcast value, and the unary ops that are exact in IEEE arithmetic (neg, abs, sqrt, relu,
 * reciprocal), use the Vector API when {@link Kernels#vectorEnabled()}; see {@link VectorElementwise}.
 * Their results are bit-identical to the plain loops. Every output element is computed by one task
 * from its own inputs, so the split over threads never changes a result.
 */
public final class Elementwise {
    /** Below this many elements a loop runs on the calling thread. */
    private static final int GRAIN = 1 << 15;
    /** Elements of one inner run per task. */
    private static final int BLOCK = 1 << 14;
    /** Checked once; the vector class is never loaded without the module. */
    private static final boolean VECTOR = Kernels.vectorEnabled();

    private Elementwise() {}

    /** A broadcast iteration space after merging dimensions: outer dims plus one inner run. */
    private record Plan(int[] dims, int[] aStr, int[] bStr, int inner, int innerA, int innerB, int outer) {

        static Plan of(int[] shape, int[] aStr, int[] bStr) {
            int r = shape.length;
            int[] d = new int[Math.max(r, 1)];
            int[] sa = new int[d.length];
            int[] sb = new int[d.length];
            int k = 0;
            if (r == 0) {
                d[0] = 1;
                k = 1;
            }
            for (int i = 0; i < r; i++) {
                if (shape[i] == 1) {
                    continue;
                }
                if (k > 0 && sa[k - 1] == aStr[i] * shape[i] && sb[k - 1] == bStr[i] * shape[i]) {
                    d[k - 1] *= shape[i];
                    sa[k - 1] = aStr[i];
                    sb[k - 1] = bStr[i];
                } else {
                    d[k] = shape[i];
                    sa[k] = aStr[i];
                    sb[k] = bStr[i];
                    k++;
                }
            }
            if (k == 0) {
                d[0] = 1;
                k = 1;
            }
            int outer = 1;
            for (int i = 0; i < k - 1; i++) {
                outer *= d[i];
            }
            return new Plan(Arrays.copyOf(d, k - 1), Arrays.copyOf(sa, k - 1),
                    Arrays.copyOf(sb, k - 1), d[k - 1], sa[k - 1], sb[k - 1], outer);
        }

        /** Offset of the start of outer row {@code row} in an operand with these strides. */
        int offset(int row, int[] strides) {
            int o = 0;
            for (int i = dims.length - 1; i >= 0; i--) {
                o += (row % dims[i]) * strides[i];
                row /= dims[i];
            }
            return o;
        }
    }

    /** {@code out = op(a, b)} over {@code shape}; see the class comment for the stride convention. */
    public static void binary(BinaryOp op, float[] a, int aOff, int[] aStr, float[] b, int bOff, int[] bStr,
            float[] out, int outOff, int[] shape) {
        Plan p = Plan.of(shape, aStr, bStr);
        if (p.outer == 0 || p.inner == 0) {
            return;
        }
        // A long inner run is cut into blocks, so that one big same-shape op also uses every thread.
        int blocks = Parallel.chunks(p.inner, BLOCK);
        int perTask = Math.min(p.inner, BLOCK);
        Parallel.range(p.outer * blocks, Math.max(1, GRAIN / perTask), (from, to) -> {
            for (int t = from; t < to; t++) {
                int row = t / blocks;
                int start = (t % blocks) * BLOCK;
                binaryRun(op, a, aOff + p.offset(row, p.aStr) + start * p.innerA, p.innerA,
                        b, bOff + p.offset(row, p.bStr) + start * p.innerB, p.innerB,
                        out, outOff + row * p.inner + start, Math.min(BLOCK, p.inner - start));
            }
        });
    }

    private static void binaryRun(BinaryOp op, float[] a, int ai, int sa, float[] b, int bi, int sb,
            float[] out, int oi, int n) {
        boolean flat = (sa == 1 || sa == 0) && (sb == 1 || sb == 0) && (sa | sb) == 1;
        if (flat && VECTOR && VectorElementwise.supports(op)) {
            VectorElementwise.binary(op, a, ai, sa == 0, b, bi, sb == 0, out, oi, n);
        } else if (sa == 1 && sb == 1) {
            switch (op) {
                case ADD -> { for (int i = 0; i < n; i++) out[oi + i] = a[ai + i] + b[bi + i]; }
                case SUB -> { for (int i = 0; i < n; i++) out[oi + i] = a[ai + i] - b[bi + i]; }
                case MUL -> { for (int i = 0; i < n; i++) out[oi + i] = a[ai + i] * b[bi + i]; }
                case DIV -> { for (int i = 0; i < n; i++) out[oi + i] = a[ai + i] / b[bi + i]; }
                default -> { for (int i = 0; i < n; i++) out[oi + i] = op.apply(a[ai + i], b[bi + i]); }
            }
        } else if (sa == 1 && sb == 0) {
            float s = b[bi];
            switch (op) {
                case ADD -> { for (int i = 0; i < n; i++) out[oi + i] = a[ai + i] + s; }
                case SUB -> { for (int i = 0; i < n; i++) out[oi + i] = a[ai + i] - s; }
                case MUL -> { for (int i = 0; i < n; i++) out[oi + i] = a[ai + i] * s; }
                case DIV -> { for (int i = 0; i < n; i++) out[oi + i] = a[ai + i] / s; }
                default -> { for (int i = 0; i < n; i++) out[oi + i] = op.apply(a[ai + i], s); }
            }
        } else {
            for (int i = 0; i < n; i++) {
                out[oi + i] = op.apply(a[ai + i * sa], b[bi + i * sb]);
            }
        }
    }

    /** Double precision twin of {@link #binary(BinaryOp, float[], int, int[], float[], int, int[], float[], int, int[])}. */
    public static void binary(BinaryOp op, double[] a, int aOff, int[] aStr, double[] b, int bOff, int[] bStr,
            double[] out, int outOff, int[] shape) {
        Plan p = Plan.of(shape, aStr, bStr);
        for (int row = 0; row < p.outer; row++) {
            int ai = aOff + p.offset(row, p.aStr);
            int bi = bOff + p.offset(row, p.bStr);
            int oi = outOff + row * p.inner;
            for (int i = 0; i < p.inner; i++) {
                out[oi + i] = op.apply(a[ai + i * p.innerA], b[bi + i * p.innerB]);
            }
        }
    }

    /** {@code out[i] = op(x[i])} for {@code n} contiguous elements. */
    public static void unary(UnaryOp op, float[] x, int xOff, float[] out, int outOff, int n) {
        boolean vector = VECTOR && VectorElementwise.supports(op);
        Parallel.range(n, GRAIN, (from, to) -> {
            if (vector) {
                VectorElementwise.unary(op, x, xOff + from, out, outOff + from, to - from);
                return;
            }
            switch (op) {
                case NEG -> { for (int i = from; i < to; i++) out[outOff + i] = -x[xOff + i]; }
                case RELU -> { for (int i = from; i < to; i++) out[outOff + i] = Math.max(x[xOff + i], 0f); }
                default -> { for (int i = from; i < to; i++) out[outOff + i] = op.apply(x[xOff + i]); }
            }
        });
    }

    /** Double precision twin of {@link #unary(UnaryOp, float[], int, float[], int, int)}. */
    public static void unary(UnaryOp op, double[] x, int xOff, double[] out, int outOff, int n) {
        for (int i = 0; i < n; i++) {
            out[outOff + i] = op.apply(x[xOff + i]);
        }
    }
}
