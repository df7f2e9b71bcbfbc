package dev.nabla.kernel;

import static dev.nabla.kernel.Reduce.SUM_LANES;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API loops of {@link Reduce}, in exactly the order its class comment fixes, so they give the
 * same bits as the plain loops. Only loaded when {@link Kernels#vectorEnabled()}.
 *
 * <p>Sums widen each float to double ({@code F2D} is exact) and add in double, 16 partial sums at a time:
 * four 4-float loads become four 4-double accumulators, lanes 0–3, 4–7, 8–11 and 12–15 of
 * {@link Reduce#SUM_LANES}. (A 4-float to 4-double conversion is one instruction; converting the upper
 * half of an 8-float vector takes a shuffle, and compiled to code three times slower.) The 256-bit
 * double shape is native on AVX2 and AVX-512; narrower machines keep the plain loops
 * ({@link #supported()}). Sums with {@code inner > 1} have no vector loop here: the plain
 * loop over a row of double accumulators is one C2 vectorises by itself, and an explicit one measured
 * no faster (190 µs against 170–190 µs for [4096, 256] → [256] on one thread).
 */
final class VectorReduce {
    private static final VectorSpecies<Float> F4 = FloatVector.SPECIES_128;
    private static final VectorSpecies<Double> D4 = DoubleVector.SPECIES_256;
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

    private VectorReduce() {}

    /** True when 256-bit vectors are native here, so the 16-lane sums are fast. */
    static boolean supported() {
        return FloatVector.SPECIES_PREFERRED.vectorBitSize() >= 256;
    }

    /** {@link Reduce#plainChunkSum} with the 16 partial sums in four vector registers. */
    static double chunkSum(float[] x, int start, int len) {
        DoubleVector a0 = DoubleVector.zero(D4);
        DoubleVector a1 = a0;
        DoubleVector a2 = a0;
        DoubleVector a3 = a0;
        int e = 0;
        for (; e + SUM_LANES <= len; e += SUM_LANES) {
            int at = start + e;
            a0 = a0.add(FloatVector.fromArray(F4, x, at).convertShape(VectorOperators.F2D, D4, 0));
            a1 = a1.add(FloatVector.fromArray(F4, x, at + 4).convertShape(VectorOperators.F2D, D4, 0));
            a2 = a2.add(FloatVector.fromArray(F4, x, at + 8).convertShape(VectorOperators.F2D, D4, 0));
            a3 = a3.add(FloatVector.fromArray(F4, x, at + 12).convertShape(VectorOperators.F2D, D4, 0));
        }
        double[] lanes = new double[SUM_LANES];
        a0.intoArray(lanes, 0);
        a1.intoArray(lanes, 4);
        a2.intoArray(lanes, 8);
        a3.intoArray(lanes, 12);
        for (; e < len; e++) {
            lanes[e % SUM_LANES] += x[start + e];
        }
        return Reduce.addLanes(lanes, len);
    }

    /** The maximum of {@code len ≥ 1} contiguous floats, as {@link Math#max(float, float)}. */
    static float maxRun(float[] x, int start, int len) {
        FloatVector acc = FloatVector.broadcast(F, Float.NEGATIVE_INFINITY);
        int e = 0;
        for (int bound = F.loopBound(len); e < bound; e += F.length()) {
            acc = acc.max(FloatVector.fromArray(F, x, start + e));
        }
        float[] lanes = new float[F.length()];
        acc.intoArray(lanes, 0);
        float m = Float.NEGATIVE_INFINITY;
        for (float v : lanes) {
            m = Math.max(m, v);
        }
        for (; e < len; e++) {
            m = Math.max(m, x[start + e]);
        }
        return m;
    }

    /** out[dst + i] = max_j in[base + j·stride + i] for i &lt; n, r ≥ 1, reading the rows in memory order. */
    static void maxColumns(float[] in, int base, int r, int stride, int n, float[] out, int dst) {
        System.arraycopy(in, base, out, dst, n);
        int bound = F.loopBound(n);
        for (int j = 1, row = base + stride; j < r; j++, row += stride) {
            int i = 0;
            for (; i < bound; i += F.length()) {
                FloatVector m = FloatVector.fromArray(F, out, dst + i);
                m.max(FloatVector.fromArray(F, in, row + i)).intoArray(out, dst + i);
            }
            for (; i < n; i++) {
                out[dst + i] = Math.max(out[dst + i], in[row + i]);
            }
        }
    }
}
