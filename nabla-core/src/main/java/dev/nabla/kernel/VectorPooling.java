package dev.nabla.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Max pooling's window search on the Vector API, a plane per lane: for each output pixel, one gather per
 * window cell reads that cell from a vector's worth of planes (consecutive (image, channel) planes, a
 * plane apart), and a compare and two blends keep the running max and the winning cell, without
 * branches. Padding is not among the cells searched ({@link Window2d#validCells()}), so it never wins and
 * needs no −∞ border. Only loaded when {@link Kernels#vectorEnabled()}.
 *
 * <p>Measured (bench/README.md, one and two threads, 3×3 windows, stride 2, with winners): [32, 512, 2, 2]
 * 0.77–0.84 → 0.10 ms, [32, 512, 4, 4] 0.98–1.04 → 0.27 ms, [32, 256, 8, 8] 0.73–0.80 → 0.44–0.49 ms and
 * [32, 64, 32, 32] 2.2–2.3 → 2.0–2.1 ms on one thread, against the earlier search over one plane's output
 * pixels per vector, which padded every plane and ran nine gathers for as few as one useful lane. That
 * search in turn took 3 ms on [32, 64, 32, 32] against 15 ms for the scalar loop, whose data-dependent
 * branches mispredict on real data.
 */
final class VectorPooling {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> I = VectorSpecies.of(int.class, F.vectorShape());

    private VectorPooling() {}

    /** Lanes of a vector: the planes one call of {@link #maxAcross} takes at most. */
    static int lanes() {
        return F.length();
    }

    /**
     * The index map for a gather of one cell from each of {@code count} consecutive planes of
     * {@code inPlane} cells: lane l reads plane l, and lanes from {@code count} on read plane 0 again (their
     * results are not used), so that an unmasked gather stays in bounds.
     */
    static int[] planeMap(int inPlane, int count) {
        int[] map = new int[F.length()];
        for (int l = 0; l < count; l++) {
            map[l] = l * inPlane;
        }
        return map;
    }

    /**
     * Max pooling of one vector of whole planes at once, a plane per lane, for planes too small to fill a
     * vector with their own output pixels: plane l starts at {@code x[base + map[l]]} (see
     * {@link #planeMap}). For every output pixel q, {@code y[q·lanes + l]} = the largest of plane l's cells
     * {@code cells[q]} (input cells, none of them padding, in window order) by PyTorch's rule: the first cell
     * starts, and a larger cell or a NaN takes over; {@code tap[q·lanes + l]} = the winning cell. Every
     * cells[q] must hold at least one cell.
     */
    static void maxAcross(int[][] cells, float[] x, int base, int[] map, float[] y, int[] tap) {
        int lanes = F.length();
        for (int q = 0; q < cells.length; q++) {
            int[] c = cells[q];
            FloatVector m = FloatVector.fromArray(F, x, base + c[0], map, 0);
            IntVector best = IntVector.broadcast(I, c[0]);
            for (int t = 1; t < c.length; t++) {
                FloatVector v = FloatVector.fromArray(F, x, base + c[t], map, 0);
                VectorMask<Float> take = v.compare(VectorOperators.GT, m).or(v.test(VectorOperators.IS_NAN));
                m = m.blend(v, take);
                best = best.blend(c[t], take.cast(I));
            }
            m.intoArray(y, q * lanes);
            best.intoArray(tap, q * lanes);
        }
    }

    /** {@link #maxAcross(int[][], float[], int, int[], float[], int[])} without the winners. */
    static void maxAcross(int[][] cells, float[] x, int base, int[] map, float[] y) {
        int lanes = F.length();
        for (int q = 0; q < cells.length; q++) {
            int[] c = cells[q];
            FloatVector m = FloatVector.fromArray(F, x, base + c[0], map, 0);
            for (int t = 1; t < c.length; t++) {
                FloatVector v = FloatVector.fromArray(F, x, base + c[t], map, 0);
                m = m.blend(v, v.compare(VectorOperators.GT, m).or(v.test(VectorOperators.IS_NAN)));
            }
            m.intoArray(y, q * lanes);
        }
    }
}
