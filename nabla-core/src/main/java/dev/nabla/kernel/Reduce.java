package dev.nabla.kernel;

import java.util.Arrays;
import java.util.function.Supplier;

/**
 * Reductions over the middle axis of an array viewed as [outer, r, inner]: {@code out[o, i] =
 * reduce over j of in[o, j, i]}. Multi-axis reductions are a sequence of these.
 *
 * <p>Float sums accumulate in double, in an order fixed by the shape alone, so results are
 * bit-identical for any thread count, and the Vector API path and the plain-Java fallback give the same
 * bits:
 * <ul>
 *   <li>{@code inner > 1}: each output sums its r elements in index order (j = 0, 1, …). Threads split
 *       the outputs.</li>
 *   <li>{@code inner == 1} (a contiguous run): the run is cut into chunks of {@link #SUM_CHUNK}
 *       elements. Within a chunk, element e goes to partial sum e mod {@link #SUM_LANES}, and the
 *       partial sums are added in lane order; the chunk sums are then added in chunk order. Threads split
 *       the chunks, never a chunk.</li>
 * </ul>
 * A maximum is exact whatever the order ({@link Math#max(float, float)}: NaN wins, +0 beats −0), so the
 * max kernels split and vectorise freely.
 *
 * <p>With {@link Kernels#vectorEnabled()}, contiguous float sums and all float maxima run on
 * {@link VectorReduce}. Measured on one thread over 2^20 floats: a whole sum 170 µs against 510 µs for
 * the plain loop, row sums of 256 220 µs against 550 µs, a whole max 230 µs against 650 µs, column maxima
 * 150 µs against 1500 µs (ElementwiseBench in nabla-bench).
 */
public final class Reduce {
    private static final int GRAIN = 1 << 14;
    /** Partial sums per chunk of a contiguous float sum (see the class comment). */
    public static final int SUM_LANES = 16;
    /** Elements per chunk of a contiguous float sum or max; a multiple of {@link #SUM_LANES}. */
    public static final int SUM_CHUNK = 4096;
    /** Outputs per task when {@code inner > 1}. */
    private static final int COLUMN_BLOCK = 256;
    /** Checked once; the vector class is never loaded without the module. */
    private static final boolean VECTOR = Kernels.vectorEnabled() && VectorReduce.supported();

    private Reduce() {}

    /** Sum over the middle axis; see the class comment for the order. */
    public static void sum(float[] in, int off, int outer, int r, int inner, float[] out, int outOff) {
        if (outer == 0 || inner == 0) {
            return;
        }
        if (inner == 1) {
            sumRuns(in, off, outer, r, out, outOff);
        } else {
            sumColumns(in, off, outer, r, inner, out, outOff);
        }
    }

    private static void sumRuns(float[] in, int off, int outer, int r, float[] out, int outOff) {
        int chunks = Parallel.chunks(r, SUM_CHUNK);
        if (chunks <= 1) {
            Parallel.range(outer, Math.max(1, GRAIN / Math.max(1, r)), (from, to) -> {
                for (int o = from; o < to; o++) {
                    out[outOff + o] = (float) chunkSum(in, off + o * r, r);
                }
            });
            return;
        }
        double[] partial = new double[outer * chunks];
        Parallel.range(outer * chunks, Math.max(1, GRAIN / SUM_CHUNK), (from, to) -> {
            for (int t = from; t < to; t++) {
                int o = t / chunks;
                int start = (t % chunks) * SUM_CHUNK;
                partial[t] = chunkSum(in, off + o * r + start, Math.min(SUM_CHUNK, r - start));
            }
        });
        for (int o = 0; o < outer; o++) {
            double s = 0;
            for (int c = 0; c < chunks; c++) {
                s += partial[o * chunks + c];
            }
            out[outOff + o] = (float) s;
        }
    }

    /** One chunk of a contiguous sum: {@link #SUM_LANES} partial sums, added in lane order. */
    static double chunkSum(float[] x, int start, int len) {
        return VECTOR ? VectorReduce.chunkSum(x, start, len) : plainChunkSum(x, start, len);
    }

    static double plainChunkSum(float[] x, int start, int len) {
        double[] lanes = new double[SUM_LANES];
        int e = 0;
        for (; e + SUM_LANES <= len; e += SUM_LANES) {
            for (int k = 0; k < SUM_LANES; k++) {
                lanes[k] += x[start + e + k];
            }
        }
        for (; e < len; e++) {
            lanes[e % SUM_LANES] += x[start + e];
        }
        return addLanes(lanes, len);
    }

    /** The partial sums added in lane order (only the lanes that received an element). */
    static double addLanes(double[] lanes, int len) {
        double s = 0;
        for (int k = 0, n = Math.min(SUM_LANES, len); k < n; k++) {
            s += lanes[k];
        }
        return s;
    }

    private static void sumColumns(float[] in, int off, int outer, int r, int inner, float[] out, int outOff) {
        forColumnBlocks(off, outer, r, inner, outOff, () -> {
            // The rows stream in memory order through a row of accumulators: C2 vectorises this loop itself.
            double[] acc = new double[COLUMN_BLOCK];
            return (base, n, dst) -> {
                Arrays.fill(acc, 0, n, 0.0);
                for (int j = 0; j < r; j++) {
                    int row = base + j * inner;
                    for (int i = 0; i < n; i++) {
                        acc[i] += in[row + i];
                    }
                }
                for (int i = 0; i < n; i++) {
                    out[dst + i] = (float) acc[i];
                }
            };
        });
    }

    /** One block of up to {@link #COLUMN_BLOCK} columns: its first input index, its width, its first output index. */
    private interface ColumnBlock {
        void reduce(int base, int n, int dst);
    }

    /**
     * Reduces the middle axis of [outer, r, inner] in blocks of columns, in parallel; each output belongs to
     * one block, so the result does not depend on the thread count. {@code perTask} makes the reducer of one
     * task (and any scratch it needs).
     */
    private static void forColumnBlocks(int off, int outer, int r, int inner, int outOff, Supplier<ColumnBlock> perTask) {
        int blocks = Parallel.chunks(inner, COLUMN_BLOCK);
        int work = Math.max(1, r) * Math.min(inner, COLUMN_BLOCK);
        Parallel.range(outer * blocks, Math.max(1, GRAIN / work), (from, to) -> {
            ColumnBlock block = perTask.get();
            for (int t = from; t < to; t++) {
                int o = t / blocks;
                int i0 = (t % blocks) * COLUMN_BLOCK;
                block.reduce(off + o * r * inner + i0, Math.min(COLUMN_BLOCK, inner - i0), outOff + o * inner + i0);
            }
        });
    }

    /** Double precision twin of {@link #sum(float[], int, int, int, int, float[], int)}: index order. */
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
     * Maximum over the middle axis, as {@link Math#max(float, float)}: NaN if any element is NaN.
     *
     * @throws IllegalArgumentException if {@code r == 0} (a maximum of nothing)
     */
    public static void max(float[] in, int off, int outer, int r, int inner, float[] out, int outOff) {
        requireNonEmpty(r);
        if (outer == 0 || inner == 0) {
            return;
        }
        if (inner == 1) {
            maxRuns(in, off, outer, r, out, outOff);
            return;
        }
        forColumnBlocks(off, outer, r, inner, outOff, () -> (base, n, dst) -> {
            if (VECTOR) {
                VectorReduce.maxColumns(in, base, r, inner, n, out, dst);
            } else {
                plainMaxColumns(in, base, r, inner, n, out, dst);
            }
        });
    }

    static void plainMaxColumns(float[] in, int base, int r, int stride, int n, float[] out, int dst) {
        System.arraycopy(in, base, out, dst, n);
        for (int j = 1; j < r; j++) {
            int row = base + j * stride;
            for (int i = 0; i < n; i++) {
                out[dst + i] = Math.max(out[dst + i], in[row + i]);
            }
        }
    }

    private static void maxRuns(float[] in, int off, int outer, int r, float[] out, int outOff) {
        int chunks = Parallel.chunks(r, SUM_CHUNK);
        float[] partial = chunks == 1 ? out : new float[outer * chunks];
        int partialOff = chunks == 1 ? outOff : 0;
        Parallel.range(outer * chunks, Math.max(1, GRAIN / Math.min(r, SUM_CHUNK)), (from, to) -> {
            for (int t = from; t < to; t++) {
                int o = t / chunks;
                int start = (t % chunks) * SUM_CHUNK;
                int len = Math.min(SUM_CHUNK, r - start);
                partial[partialOff + t] = VECTOR
                        ? VectorReduce.maxRun(in, off + o * r + start, len)
                        : plainMaxRun(in, off + o * r + start, len);
            }
        });
        if (chunks > 1) {
            for (int o = 0; o < outer; o++) {
                float m = partial[o * chunks];
                for (int c = 1; c < chunks; c++) {
                    m = Math.max(m, partial[o * chunks + c]);
                }
                out[outOff + o] = m;
            }
        }
    }

    static float plainMaxRun(float[] x, int start, int len) {
        float m = Float.NEGATIVE_INFINITY;
        for (int e = 0; e < len; e++) {
            m = Math.max(m, x[start + e]);
        }
        return m;
    }

    /** Double precision twin of {@link #max(float[], int, int, int, int, float[], int)}. */
    public static void max(double[] in, int off, int outer, int r, int inner, double[] out, int outOff) {
        requireNonEmpty(r);
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                int base = off + o * r * inner + i;
                double m = in[base];
                for (int j = 1; j < r; j++) {
                    m = Math.max(m, in[base + j * inner]);
                }
                out[outOff + o * inner + i] = m;
            }
        }
    }

    /**
     * Maximum over the middle axis with its position: {@code argmax[o*inner+i]} receives the index j of
     * the first maximum, and {@code out} its value. NaN counts as the maximum (the first NaN wins), as
     * in PyTorch.
     *
     * @throws IllegalArgumentException if {@code r == 0}
     */
    public static void argmax(float[] in, int off, int outer, int r, int inner, float[] out, int outOff,
            int[] argmax) {
        requireNonEmpty(r);
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

    /** Double precision twin of {@link #argmax(float[], int, int, int, int, float[], int, int[])}. */
    public static void argmax(double[] in, int off, int outer, int r, int inner, double[] out, int outOff,
            int[] argmax) {
        requireNonEmpty(r);
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

    private static void requireNonEmpty(int r) {
        if (r == 0) {
            throw new IllegalArgumentException("max: the reduced axis is empty; a maximum of nothing is undefined");
        }
    }
}
