package dev.nabla.kernel;

import static dev.nabla.kernel.VectorMicroKernel.MR;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The packed A panels against their definition, {@code dst[dOff + t·kc·MR + p·MR + r] = op(A)[i0 + t·MR + r][p0 + p]}
 * with zero rows past the end: whole panels 16 k steps at a time go through the in-register transpose, the
 * rest through the scalar copy, and every packed cell must be written (the buffer starts as garbage).
 */
class VectorPackingTest {

    @ParameterizedTest(name = "rows {0}, kc {1}, transA {2}")
    @CsvSource({
        "8, 16, false", "8, 16, true",      // one transposed block
        "16, 48, false", "16, 48, true",    // two panels, three blocks
        "8, 37, false", "8, 37, true",      // blocks and a scalar tail in k
        "13, 40, false", "13, 40, true",    // a whole panel and a ragged one
        "5, 33, false", "5, 33, true",      // one ragged panel only
        "24, 15, false", "24, 15, true",    // k shorter than a block
        "1, 1, false", "1, 1, true",
    })
    void panelsHoldTheDefinition(int rows, int kc, boolean transA) {
        int i0 = 3;
        int p0 = 5;
        int allRows = i0 + rows + 2;
        int allK = p0 + kc + 7;
        // A stored as op(A) [allRows × allK] (row-major) or its transpose, with a leading stride wider than the matrix.
        int lda = (transA ? allRows : allK) + 4;
        int aOff = 11;
        float[] a = new float[aOff + lda * (transA ? allK : allRows)];
        SplittableRandom r = new SplittableRandom(rows * 97L + kc);
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) r.nextGaussian();
        }
        int panels = (rows + MR - 1) / MR;
        int dOff = 6;
        float[] dst = new float[dOff + panels * MR * kc + 9];
        Arrays.fill(dst, Float.NaN);

        VectorPacking.packA(transA, a, aOff, lda, i0, rows, p0, kc, dst, dOff);

        for (int t = 0; t < panels; t++) {
            for (int p = 0; p < kc; p++) {
                for (int q = 0; q < MR; q++) {
                    int row = t * MR + q;
                    int i = i0 + row;
                    int k = p0 + p;
                    float expected = row >= rows ? 0f : a[aOff + (transA ? k * lda + i : i * lda + k)];
                    assertThat(dst[dOff + t * kc * MR + p * MR + q]).as("panel %d, k %d, row %d", t, p, q)
                            .isEqualTo(expected);
                }
            }
        }
        for (int i = 0; i < dOff; i++) {
            assertThat(dst[i]).as("before the panels").isNaN();
        }
        for (int i = dOff + panels * MR * kc; i < dst.length; i++) {
            assertThat(dst[i]).as("after the panels").isNaN();
        }
    }
}
