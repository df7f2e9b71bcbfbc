package dev.nabla.kernel;

/**
 * Reductions over the middle axis of an array viewed as [outer, r, inner]: {@code out[o, i] =
 * reduce over j of in[o, j, i]}. Multi-axis reductions are a sequence of these. Every output is
 * computed by one task in index order, so results do not depend on the thread count. Float sums
 * accumulate in double.
 */
public final class Reduce {
    private static final int GRAIN = 1 << 14;

    private Reduce() {}

    /** Sum over the middle axis. */
    public static void sum(float[] in, int off, int outer, int r, int inner, float[] out, int outOff) {
        Parallel.range(outer, Math.max(1, GRAIN / Math.max(1, r * inner)), (from, to) -> {
            double[] acc = new double[inner];
            for (int o = from; o < to; o++) {
                java.util.Arrays.fill(acc, 0.0);
                int base = off + o * r * inner;
                for (int j = 0; j < r; j++) {
                    int row = base + j * inner;
                    for (int i = 0; i < inner; i++) {
                        acc[i] += in[row + i];
                    }
                }
                for (int i = 0; i < inner; i++) {
                    out[outOff + o * inner + i] = (float) acc[i];
                }
            }
        });
    }

    /** Double precision twin of {@link #sum(float[], int, int, int, int, float[], int)}. */
    public static void sum(double[] in, int off, int outer, int r, int inner, double[] out, int outOff) {
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                double acc = 0;
                for (int j = 0; j < r; j++) {
                    acc += in[off + (o * r + j) * inner + i];
                }
                out[outOff + o * inner + i] = acc;
            }
        }
    }

    /**
     * Maximum over the middle axis; {@code argmax[o*inner+i]} receives the index j of the first maximum.
     * NaN counts as the maximum, as in PyTorch.
     */
    public static void max(float[] in, int off, int outer, int r, int inner, float[] out, int outOff, int[] argmax) {
        Parallel.range(outer, Math.max(1, GRAIN / Math.max(1, r * inner)), (from, to) -> {
            for (int o = from; o < to; o++) {
                for (int i = 0; i < inner; i++) {
                    int base = off + o * r * inner + i;
                    float best = in[base];
                    int bestJ = 0;
                    for (int j = 1; j < r && !Float.isNaN(best); j++) {
                        float v = in[base + j * inner];
                        if (v > best || Float.isNaN(v)) {
                            best = v;
                            bestJ = j;
                        }
                    }
                    out[outOff + o * inner + i] = best;
                    argmax[o * inner + i] = bestJ;
                }
            }
        });
    }

    /** Double precision twin of {@link #max(float[], int, int, int, int, float[], int, int[])}. */
    public static void max(double[] in, int off, int outer, int r, int inner, double[] out, int outOff, int[] argmax) {
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                int base = off + o * r * inner + i;
                double best = in[base];
                int bestJ = 0;
                for (int j = 1; j < r && !Double.isNaN(best); j++) {
                    double v = in[base + j * inner];
                    if (v > best || Double.isNaN(v)) {
                        best = v;
                        bestJ = j;
                    }
                }
                out[outOff + o * inner + i] = best;
                argmax[o * inner + i] = bestJ;
            }
        }
    }
}
