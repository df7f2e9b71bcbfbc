package dev.nabla.nn;

import dev.nabla.kernel.Parallel;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;

/**
 * Runs a layer's arithmetic, written once over {@code double[]} blocks, on float32 and float64 tensors
 * alike.
 *
 * <p>Every layer in nabla keeps its math in one place, in double precision: the float64 gradient checks
 * then test exactly the code that float32 training runs. This class moves contiguous runs of a tensor's
 * storage into double scratch arrays and back (a float32 run is widened on the way in and rounded once
 * on the way out), and splits the work over the kernel threads. Each output element is computed by
 * one task, in a fixed order, so results are bit-identical for any thread count.
 *
 * <pre>{@code
 * Tensor y = Blocks.map(x, (in, out, n) -> {
 *     for (int i = 0; i < n; i++) out[i] = Math.max(in[i], 0);
 * });
 * }</pre>
 *
 * <p>The element loop lives in the caller's lambda, so the JIT compiles it for that layer alone (and
 * vectorises it); this class only makes one call per block of {@link #SIZE} elements.
 */
public final class Blocks {
    /** Elements per block: small enough for L1, large enough that the per-block call is noise. */
    public static final int SIZE = 2048;

    /** Elements a task handles at least: below this, handing work to another thread costs more than it saves. */
    public static final int PARALLEL_GRAIN = 1 << 15;

    private Blocks() {}

    /** Elementwise math over one block: {@code out[i] = f(x[i])} for {@code i < n}. */
    @FunctionalInterface
    public interface Unary {
        void apply(double[] x, double[] out, int n);
    }

    /** Elementwise math over one block of two inputs: {@code out[i] = f(a[i], b[i])} for {@code i < n}. */
    @FunctionalInterface
    public interface Binary {
        void apply(double[] a, double[] b, double[] out, int n);
    }

    /** Math over one slice (a row, or a [D, inner] block): {@code index} is the slice's position. */
    @FunctionalInterface
    public interface Slice {
        void apply(int index, double[] x, double[] out);
    }

    /** Math over one slice of two inputs of the same layout. */
    @FunctionalInterface
    public interface Slice2 {
        void apply(int index, double[] a, double[] b, double[] out);
    }

    /** A new tensor shaped like {@code x} with {@code f} applied elementwise. */
    public static Tensor map(Tensor x, Unary f) {
        return run(new Tensor[] {x}, Parallel.chunks(x.numel(), SIZE), SIZE, grain(SIZE),
                (index, in, out, n) -> f.apply(in[0], out, n));
    }

    /** A new tensor shaped like {@code a} (and {@code b}, same shape) with {@code f} applied elementwise. */
    public static Tensor map(Tensor a, Tensor b, Binary f) {
        return run(new Tensor[] {a, b}, Parallel.chunks(a.numel(), SIZE), SIZE, grain(SIZE),
                (index, in, out, n) -> f.apply(in[0], in[1], out, n));
    }

    /**
     * Views {@code x} as {@code slices} contiguous slices of equal size and applies {@code f} to each,
     * writing a new tensor shaped like {@code x}. Softmax over an axis uses slices of [D, inner]; row-wise
     * ops (LayerNorm, cross-entropy) use rows.
     */
    public static Tensor slices(Tensor x, int slices, Slice f) {
        int size = sliceSize(x, slices);
        return run(new Tensor[] {x}, slices, size, grain(size), (index, in, out, n) -> f.apply(index, in[0], out));
    }

    /** As {@link #slices(Tensor, int, Slice)} for two inputs of the same shape. */
    public static Tensor slices(Tensor a, Tensor b, int slices, Slice2 f) {
        int size = sliceSize(a, slices);
        return run(new Tensor[] {a, b}, slices, size, grain(size),
                (index, in, out, n) -> f.apply(index, in[0], in[1], out));
    }

    /** One piece of work: the inputs' values in {@code in[k][0, n)}, the result to leave in {@code out}. */
    @FunctionalInterface
    private interface Piece {
        void apply(int index, double[][] in, double[] out, int n);
    }

    /**
     * Splits the inputs (equal shapes) into {@code count} consecutive pieces of {@code size} elements (the
     * last may be shorter), runs {@code piece} on each, in parallel, and returns the results as a new tensor
     * shaped like the inputs. Each task reuses one set of scratch arrays.
     */
    private static Tensor run(Tensor[] inputs, int count, int size, int grain, Piece piece) {
        Tensor first = inputs[0];
        for (Tensor t : inputs) {
            if (!java.util.Arrays.equals(t.shape(), first.shape())) {
                throw new IllegalArgumentException("Blocks: inputs of shapes " + Shape.str(first.shape()) + " and "
                        + Shape.str(t.shape()) + " differ");
            }
        }
        Tensor out = Tensor.zeros(first.dtype(), first.shape());
        int total = first.numel();
        Parallel.range(count, grain, (from, to) -> {
            double[][] in = new double[inputs.length][size];
            double[] res = new double[size];
            for (int p = from; p < to; p++) {
                int start = p * size;
                int n = Math.min(size, total - start);
                for (int k = 0; k < inputs.length; k++) {
                    read(inputs[k], start, in[k], n);
                }
                piece.apply(p, in, res, n);
                write(res, out, start, n);
            }
        });
        return out;
    }

    private static int sliceSize(Tensor x, int slices) {
        if (slices <= 0 || x.numel() % slices != 0) {
            throw new IllegalArgumentException("Blocks.slices: " + x.numel() + " elements cannot be split into "
                    + slices + " equal slices");
        }
        return x.numel() / slices;
    }

    /** Pieces of {@code pieceSize} elements per task, so that a task does at least {@link #PARALLEL_GRAIN}. */
    private static int grain(int pieceSize) {
        return Math.max(1, PARALLEL_GRAIN / Math.max(1, pieceSize));
    }

    /**
     * Σ a[i] for i in [from, to). Like the other reductions here it keeps four partial sums, over i ≡ 0..3
     * (mod 4), combined in a fixed order at the end: the result is deterministic, and the four independent
     * additions per step run about four times faster than one running sum, whose every addition waits for
     * the previous one.
     */
    public static double sum(double[] a, int from, int to) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int i = from;
        for (; i + 3 < to; i += 4) {
            s0 += a[i];
            s1 += a[i + 1];
            s2 += a[i + 2];
            s3 += a[i + 3];
        }
        for (; i < to; i++) {
            s0 += a[i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** Σ a[i]·b[i] for i in [from, to), as {@link #sum}. */
    public static double dot(double[] a, double[] b, int from, int to) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int i = from;
        for (; i + 3 < to; i += 4) {
            s0 += a[i] * b[i];
            s1 += a[i + 1] * b[i + 1];
            s2 += a[i + 2] * b[i + 2];
            s3 += a[i + 3] * b[i + 3];
        }
        for (; i < to; i++) {
            s0 += a[i] * b[i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** Σ (a[i] − center)² for i in [from, to), as {@link #sum}: the numerator of a two-pass variance. */
    public static double squaredDeviations(double[] a, int from, int to, double center) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int i = from;
        for (; i + 3 < to; i += 4) {
            double d0 = a[i] - center;
            double d1 = a[i + 1] - center;
            double d2 = a[i + 2] - center;
            double d3 = a[i + 3] - center;
            s0 += d0 * d0;
            s1 += d1 * d1;
            s2 += d2 * d2;
            s3 += d3 * d3;
        }
        for (; i < to; i++) {
            double d = a[i] - center;
            s0 += d * d;
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** Copies {@code n} elements of {@code t}, from row-major index {@code from} on, into {@code buf[0, n)}. */
    public static void read(Tensor t, int from, double[] buf, int n) {
        read(t, from, buf, 0, n);
    }

    /** Copies {@code n} elements of {@code t}, from row-major index {@code from} on, into {@code buf} at {@code bufOff}. */
    public static void read(Tensor t, int from, double[] buf, int bufOff, int n) {
        int o = t.offset() + from;
        if (t.dtype() == DType.FLOAT32) {
            float[] src = t.floatData();
            for (int i = 0; i < n; i++) {
                buf[bufOff + i] = src[o + i];
            }
        } else {
            System.arraycopy(t.doubleData(), o, buf, bufOff, n);
        }
    }

    /** Stores {@code buf[0, n)} into {@code t} from row-major index {@code from} on (rounding for float32). */
    public static void write(double[] buf, Tensor t, int from, int n) {
        write(buf, 0, t, from, n);
    }

    /** Stores {@code n} values of {@code buf} from {@code bufOff} into {@code t} from row-major index {@code from}. */
    public static void write(double[] buf, int bufOff, Tensor t, int from, int n) {
        int o = t.offset() + from;
        if (t.dtype() == DType.FLOAT32) {
            float[] dst = t.floatData();
            for (int i = 0; i < n; i++) {
                dst[o + i] = (float) buf[bufOff + i];
            }
        } else {
            System.arraycopy(buf, bufOff, t.doubleData(), o, n);
        }
    }

    /** All elements of {@code t} as a new double array (for small per-feature parameters). */
    public static double[] toArray(Tensor t) {
        double[] out = new double[t.numel()];
        read(t, 0, out, out.length);
        return out;
    }

    /** A new tensor of the given dtype and shape holding {@code values}. */
    public static Tensor fromArray(DType dtype, double[] values, int... shape) {
        Tensor out = Tensor.zeros(dtype, shape);
        write(values, out, 0, values.length);
        return out;
    }
}
