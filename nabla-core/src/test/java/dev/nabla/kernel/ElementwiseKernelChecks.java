package dev.nabla.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Checks of {@link Elementwise} and {@link Reduce} against scalar references, shared by the tests that run
 * with the Vector API module ({@link ElementwiseKernelTest}) and without it
 * ({@link ElementwiseKernelWithoutVectorTest}): the same bits are expected either way.
 */
final class ElementwiseKernelChecks {
    /** Run lengths around the vector widths (4, 8, 16 floats) and the kernels' blocks (2^14, 4096). */
    static final int[] LENGTHS = {0, 1, 7, 8, 15, 16, 17, 33, 100, 4095, 4096, 4097, 3 * 4096 + 5, 40_000};
    /** Values where IEEE semantics matter: signed zeros, infinities, NaN, subnormals, extremes. */
    private static final float[] SPECIAL = {0f, -0f, 1f, -1f, Float.NaN, Float.POSITIVE_INFINITY,
        Float.NEGATIVE_INFINITY, Float.MIN_VALUE, -Float.MIN_VALUE, 1e-40f, Float.MAX_VALUE, -Float.MAX_VALUE, 3.5f};
    private static final BinaryOp[] BINARY = {BinaryOp.ADD, BinaryOp.SUB, BinaryOp.MUL, BinaryOp.DIV,
        BinaryOp.MAXIMUM, BinaryOp.MINIMUM, BinaryOp.POW, BinaryOp.LT};

    private ElementwiseKernelChecks() {}

    /** n random values (with a sprinkling of special ones when {@code special}), after {@code off} others. */
    static float[] random(int off, int n, long seed, boolean special) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] x = new float[off + n + 3];
        for (int i = 0; i < x.length; i++) {
            x[i] = special && rng.nextInt(8) == 0
                    ? SPECIAL[rng.nextInt(SPECIAL.length)]
                    : (float) (rng.nextGaussian() * Math.exp(rng.nextDouble(-3, 3)));
        }
        return x;
    }

    static void assertSameBits(float[] actual, float[] expected, String what) {
        for (int i = 0; i < expected.length; i++) {
            boolean same = Float.floatToRawIntBits(actual[i]) == Float.floatToRawIntBits(expected[i])
                    || (Float.isNaN(actual[i]) && Float.isNaN(expected[i]));
            if (!same) {
                fail(what + ": element " + i + " is " + actual[i] + ", expected " + expected[i]);
            }
        }
    }

    /** Same-shape runs, and runs against a scalar on either side, at an offset in every array. */
    static void binaryRunsMatchScalarOps() {
        long seed = 1;
        for (BinaryOp op : BINARY) {
            for (int n : LENGTHS) {
                float[] a = random(3, n, seed++, true);
                float[] b = random(5, n, seed++, true);
                int[] shape = {n};
                check(op, a, 3, new int[] {1}, b, 5, new int[] {1}, shape, op + " same shape, n=" + n);
                check(op, a, 3, new int[] {1}, b, 5, new int[] {0}, shape, op + " scalar right, n=" + n);
                check(op, a, 3, new int[] {0}, b, 5, new int[] {1}, shape, op + " scalar left, n=" + n);
            }
        }
    }

    /** A bias row ([N, D] op [D]), a column ([N, D] op [N, 1]) and an outer product ([N, 1] op [1, D]). */
    static void broadcastRowsMatchScalarOps() {
        long seed = 100;
        for (BinaryOp op : BINARY) {
            for (int[] nd : new int[][] {{7, 37}, {3, 16}, {2, 20_000}, {1000, 5}}) {
                int rows = nd[0];
                int cols = nd[1];
                float[] m = random(2, rows * cols, seed++, true);
                float[] row = random(1, cols, seed++, true);
                float[] col = random(0, rows, seed++, true);
                int[] shape = {rows, cols};
                int[] full = {cols, 1};
                int[] rowStr = {0, 1};
                int[] colStr = {1, 0};
                String at = " " + rows + "x" + cols;
                check(op, m, 2, full, row, 1, rowStr, shape, op + " bias row" + at);
                check(op, row, 1, rowStr, m, 2, full, shape, op + " row on the left" + at);
                check(op, m, 2, full, col, 0, colStr, shape, op + " column" + at);
                check(op, col, 0, colStr, row, 1, rowStr, shape, op + " outer" + at);
            }
        }
    }

    private static void check(BinaryOp op, float[] a, int aOff, int[] aStr, float[] b, int bOff, int[] bStr,
            int[] shape, String what) {
        int n = Arrays.stream(shape).reduce(1, (x, y) -> x * y);
        float[] out = new float[n + 4];
        Arrays.fill(out, -9f);
        Elementwise.binary(op, a, aOff, aStr, b, bOff, bStr, out, 2, shape);
        float[] expected = out.clone();
        int cols = shape[shape.length - 1];
        for (int k = 0; k < n; k++) {
            int i = shape.length == 1 ? 0 : k / cols;
            int j = shape.length == 1 ? k : k % cols;
            int ai = shape.length == 1 ? aOff + j * aStr[0] : aOff + i * aStr[0] + j * aStr[1];
            int bi = shape.length == 1 ? bOff + j * bStr[0] : bOff + i * bStr[0] + j * bStr[1];
            expected[2 + k] = op.apply(a[ai], b[bi]);
        }
        assertThat(out[0]).as(what + " guard before").isEqualTo(-9f);
        assertThat(out[n + 2]).as(what + " guard after").isEqualTo(-9f);
        assertSameBits(out, expected, what);
    }

    static void unaryRunsMatchScalarOps() {
        long seed = 200;
        for (UnaryOp op : UnaryOp.values()) {
            for (int n : LENGTHS) {
                float[] x = random(3, n, seed++, true);
                float[] out = new float[n + 4];
                Elementwise.unary(op, x, 3, out, 1, n);
                float[] expected = new float[n + 4];
                for (int i = 0; i < n; i++) {
                    expected[1 + i] = op.apply(x[3 + i]);
                }
                assertSameBits(out, expected, op + " n=" + n);
            }
        }
    }

    /** The documented order of a contiguous float sum: 16 partial sums per 4096-element chunk. */
    static float referenceRunSum(float[] x, int start, int r) {
        double total = 0;
        for (int c = 0; c < r; c += Reduce.SUM_CHUNK) {
            int len = Math.min(Reduce.SUM_CHUNK, r - c);
            double[] lanes = new double[Reduce.SUM_LANES];
            for (int e = 0; e < len; e++) {
                lanes[e % Reduce.SUM_LANES] += x[start + c + e];
            }
            double chunk = 0;
            for (int k = 0; k < Math.min(Reduce.SUM_LANES, len); k++) {
                chunk += lanes[k];
            }
            total += chunk;
        }
        return (float) total;
    }

    /** Sums over [outer, r, inner] views, contiguous and strided, against the documented orders. */
    static void sumsFollowTheDocumentedOrder() {
        long seed = 300;
        int[][] shapes = {
            {1, 0, 1}, {3, 1, 1}, {2, 15, 1}, {2, 16, 1}, {3, 17, 1}, {1, 4095, 1}, {1, 4096, 1}, {2, 4097, 1},
            {1, 100_000, 1}, {200, 33, 1}, {1, 200, 100}, {3, 7, 2}, {2, 40, 16}, {2, 9, 17}, {1, 300, 300},
            {4, 5, 1000}, {2, 0, 5},
        };
        for (int[] s : shapes) {
            int outer = s[0];
            int r = s[1];
            int inner = s[2];
            float[] x = random(7, outer * r * inner, seed++, false);
            float[] out = new float[outer * inner + 3];
            Reduce.sum(x, 7, outer, r, inner, out, 1);
            float[] expected = new float[out.length];
            for (int o = 0; o < outer; o++) {
                for (int i = 0; i < inner; i++) {
                    if (inner == 1) {
                        expected[1 + o] = referenceRunSum(x, 7 + o * r, r);
                    } else {
                        double acc = 0;
                        for (int j = 0; j < r; j++) {
                            acc += x[7 + (o * r + j) * inner + i];
                        }
                        expected[1 + o * inner + i] = (float) acc;
                    }
                }
            }
            assertSameBits(out, expected, "sum over " + Arrays.toString(s));
        }
    }

    /** Maxima over [outer, r, inner] views, with NaN and signed zeros, against Math.max in index order. */
    static void maximaMatchMathMax() {
        long seed = 400;
        int[][] shapes = {
            {3, 1, 1}, {2, 15, 1}, {3, 17, 1}, {1, 4097, 1}, {1, 100_000, 1}, {200, 33, 1}, {1, 200, 100},
            {3, 7, 2}, {2, 40, 16}, {2, 9, 17}, {4, 5, 1000},
        };
        for (boolean special : new boolean[] {false, true}) {
            for (int[] s : shapes) {
                int outer = s[0];
                int r = s[1];
                int inner = s[2];
                float[] x = random(2, outer * r * inner, seed++, special);
                float[] out = new float[outer * inner + 2];
                Reduce.max(x, 2, outer, r, inner, out, 1);
                float[] expected = new float[out.length];
                for (int o = 0; o < outer; o++) {
                    for (int i = 0; i < inner; i++) {
                        float m = Float.NEGATIVE_INFINITY;
                        for (int j = 0; j < r; j++) {
                            m = Math.max(m, x[2 + (o * r + j) * inner + i]);
                        }
                        expected[1 + o * inner + i] = m;
                    }
                }
                String what = "max over " + Arrays.toString(s) + (special ? " with NaN, ±0, ±∞" : "");
                assertSameBits(out, expected, what);
            }
        }
        float[] zeros = {-0f, 0f, -0f};
        float[] m = new float[1];
        Reduce.max(zeros, 0, 1, 3, 1, m, 0);
        assertThat(Float.floatToRawIntBits(m[0])).as("max(-0, 0, -0) is +0, as Math.max").isZero();
    }

    /** The outputs of big ops are bit-identical on 1, 2 and 3 threads. */
    static void resultsDoNotDependOnTheThreadCount() {
        int restore = Kernels.threads();
        try {
            float[] a = random(0, 3 * 40_000 + 11, 500, false);
            float[] b = random(0, 3 * 40_000 + 11, 501, false);
            float[][] first = null;
            for (int threads : new int[] {1, 2, 3}) {
                Kernels.setThreads(threads);
                float[] sum = new float[1];
                Reduce.sum(a, 0, 1, a.length, 1, sum, 0);
                float[] rowSums = new float[3];
                Reduce.sum(a, 0, 3, 40_003, 1, rowSums, 0);
                float[] colSums = new float[40_003];
                Reduce.sum(a, 0, 1, 3, 40_003, colSums, 0);
                float[] max = new float[1];
                Reduce.max(a, 0, 1, a.length, 1, max, 0);
                float[] prod = new float[a.length];
                Elementwise.binary(BinaryOp.MUL, a, 0, new int[] {1}, b, 0, new int[] {1}, prod, 0,
                        new int[] {a.length});
                float[] sqrt = new float[a.length];
                Elementwise.unary(UnaryOp.SQRT, a, 0, sqrt, 0, a.length);
                float[][] now = {sum, rowSums, colSums, max, prod, sqrt};
                if (first == null) {
                    first = now;
                } else {
                    for (int k = 0; k < now.length; k++) {
                        assertSameBits(now[k], first[k], "output " + k + " on " + threads + " threads vs 1");
                    }
                }
            }
        } finally {
            Kernels.setThreads(restore);
        }
    }
}
