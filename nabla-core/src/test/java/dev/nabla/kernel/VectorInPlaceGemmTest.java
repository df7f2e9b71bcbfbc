package dev.nabla.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link VectorInPlaceGemm}: A·Bᵀ with A read in place, for the narrow, long products it takes (with
 * AVX-512 tiles; on narrower vectors the path is off and these tests are skipped).
 */
class VectorInPlaceGemmTest {
    private static final int THREADS = Kernels.threads();

    @AfterEach
    void restoreThreads() {
        Kernels.setThreads(THREADS);
    }

    @Test
    void takesNarrowLongProductsWithUnitAlphaAndBetaZeroOrOne() {
        assumeTrue(VectorMicroKernel.VL == 16, "the in-place path runs with 16-float vectors only");
        assertThat(VectorInPlaceGemm.suits(false, true, 1000, 100, 3072, 1f, 0f)).as("W3's X·Wᵀ").isTrue();
        assertThat(VectorInPlaceGemm.suits(false, true, 200, 100, 3072, 1f, 1f)).as("W1's X·Wᵀ + b").isTrue();
        assertThat(VectorInPlaceGemm.suits(false, true, 8, 144, 256, 1f, 0f)).as("the limits").isTrue();
        assertThat(VectorInPlaceGemm.suits(false, true, 7, 100, 3072, 1f, 0f)).as("no whole tile").isFalse();
        assertThat(VectorInPlaceGemm.suits(false, true, 1000, 145, 3072, 1f, 0f)).as("wide C").isFalse();
        assertThat(VectorInPlaceGemm.suits(false, true, 1000, 100, 255, 1f, 0f)).as("short K").isFalse();
        assertThat(VectorInPlaceGemm.suits(true, true, 1000, 100, 3072, 1f, 0f)).as("A transposed").isFalse();
        assertThat(VectorInPlaceGemm.suits(false, false, 1000, 100, 3072, 1f, 0f)).as("B not transposed").isFalse();
        assertThat(VectorInPlaceGemm.suits(false, true, 1000, 100, 3072, 0.5f, 0f)).as("alpha").isFalse();
        assertThat(VectorInPlaceGemm.suits(false, true, 1000, 100, 3072, 1f, 0.5f)).as("beta").isFalse();
    }

    /**
     * The shapes: whole tiles and a ragged last tile, one to three vectors of whole columns, with and
     * without dot-product columns (none, one to three, four and more), one and several K-blocks, K not a
     * multiple of the vector length.
     */
    @ParameterizedTest(name = "m={0} n={1} k={2}")
    @CsvSource({"200, 100, 3072", "203, 100, 600", "9, 37, 700", "16, 144, 256", "64, 20, 520", "13, 113, 521",
        "8, 4, 300", "21, 3, 1030", "40, 32, 257"})
    void matchesTheReferenceAndThePackedBitsOnWholeVectorColumns(int m, int n, int k) {
        assumeTrue(VectorInPlaceGemm.suits(false, true, m, n, k, 1f, 0f));
        for (float beta : new float[] {0f, 1f}) {
            GemmCase g = GemmCase.of(false, true, m, n, k, 1f, beta, 3, 70 + m + n);
            Kernels.setThreads(1);
            float[] one = g.run(null);
            g.check(one);
            Kernels.setThreads(2);
            GemmCase.assertSameBits(one, g.run(null), g + ", 1 vs 2 threads");
            Kernels.setThreads(3);
            GemmCase.assertSameBits(one, g.run(null), g + ", 1 vs 3 threads");

            // The packed path (A packed first), whose tiles run the same FMA chains.
            float[] packed = g.c();
            PackedA pa = Gemm.pack(false, m, k, g.a(), g.aOff(), g.lda(), null);
            Gemm.sgemm(pa, true, n, 1f, g.b(), g.bOff(), g.ldb(), beta, packed, g.cOff(), g.ldc());
            int whole = n / VectorMicroKernel.VL * VectorMicroKernel.VL;
            for (int i = 0; i < m; i++) {
                int row = g.cOff() + i * g.ldc();
                GemmCase.assertSameBits(Arrays.copyOfRange(packed, row, row + whole),
                        Arrays.copyOfRange(one, row, row + whole), g + ", row " + i + " against the packed path");
            }
        }
    }

    /**
     * A row's result does not depend on where it sits: rows in the ragged last tile (copied to a padded
     * buffer) have the bits they have inside a whole tile of another product.
     */
    @Test
    void aRowHasTheSameBitsWhereverItSits() {
        int n = 100;
        int k = 600;
        assumeTrue(VectorInPlaceGemm.suits(false, true, 203, n, k, 1f, 0f));
        for (float beta : new float[] {0f, 1f}) {
            GemmCase all = GemmCase.of(false, true, 203, n, k, 1f, beta, 0, 5);
            float[] a = all.a();
            float[] b = all.b();
            float[] c = all.c();
            float[] full = c.clone();
            Gemm.sgemm(false, true, 203, n, k, 1f, a, 0, k, b, 0, k, beta, full, 0, n);
            // The last 8 rows as a product of their own, one whole tile: rows 200–202 leave the ragged tile.
            float[] part = Arrays.copyOfRange(c, 195 * n, 203 * n);
            Gemm.sgemm(false, true, 8, n, k, 1f, a, 195 * k, k, b, 0, k, beta, part, 0, n);
            GemmCase.assertSameBits(Arrays.copyOfRange(full, 195 * n, 203 * n), part, "rows 195-202, beta " + beta);
        }
    }
}
