package dev.nabla.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link Gemm} with the Vector API module present: both implementations against a float64 reference. */
class GemmTest {
    private static final int THREADS = Kernels.threads();

    @AfterEach
    void restoreThreads() {
        Kernels.setThreads(THREADS);
    }

    /**
     * Sizes around the blocking boundaries: 1, primes, vector length (16 or 8) ± 1, the micro-tile
     * (8 × 48) ± 1, the K-block (256) ± 1, and two K-blocks.
     */
    static Stream<Arguments> shapes() {
        int[][] mnk = {
            {1, 1, 1}, {1, 7, 1}, {1, 37, 300}, {37, 1, 300}, {300, 37, 1}, {300, 1, 37}, {5, 3, 1},
            {2, 2, 2}, {7, 13, 17}, {8, 48, 16}, {9, 49, 17}, {15, 47, 15}, {16, 16, 16}, {17, 17, 17},
            {31, 97, 61}, {64, 96, 33}, {67, 101, 257}, {129, 50, 255}, {13, 113, 520}, {200, 100, 30},
            {41, 1, 23}, {3, 500, 7},
        };
        List<Arguments> out = new ArrayList<>();
        long seed = 1;
        for (int[] s : mnk) {
            for (int t = 0; t < 4; t++) {
                out.add(Arguments.of(s[0], s[1], s[2], (t & 1) != 0, (t & 2) != 0, seed++));
            }
        }
        return out.stream();
    }

    /**
     * The avx2-kernels run (nabla-core/pom.xml) limits the JVM to AVX2 and says so with
     * nabla.test.maxVectorLength=8: there the kernels must have picked 8-float vectors and 6-row tiles,
     * or that run would test nothing new. Other runs check the tile height that goes with the vectors.
     */
    @Test
    void tilesMatchTheVectorLength() {
        String max = System.getProperty("nabla.test.maxVectorLength");
        if (max != null) {
            assertThat(VectorMicroKernel.VL).isLessThanOrEqualTo(Integer.parseInt(max));
        }
        assertThat(VectorMicroKernel.MR).isEqualTo(VectorMicroKernel.VL >= 16 ? 8 : 6);
        assertThat(VectorGemm.MC % VectorMicroKernel.MR).isZero();
    }

    @ParameterizedTest(name = "m={0} n={1} k={2} transA={3} transB={4}")
    @MethodSource("shapes")
    void vectorKernelsMatchReference(int m, int n, int k, boolean transA, boolean transB, long seed) {
        assertThat(Kernels.vectorEnabled()).isTrue();
        GemmCase tight = GemmCase.of(transA, transB, m, n, k, 1f, 0f, 0, seed);
        tight.check(tight.run(null));
        GemmCase padded = GemmCase.of(transA, transB, m, n, k, -0.5f, 0.75f, 3, seed);
        padded.check(padded.run(null));
    }

    /**
     * A packed once and multiplied later gives the bits of the one-call product, on both implementations
     * (except for one-row or one-column products, which sgemm sends to the matrix-vector kernels).
     */
    @ParameterizedTest(name = "m={0} n={1} k={2} transA={3} transB={4}")
    @MethodSource("shapes")
    void packedAGivesTheSameBits(int m, int n, int k, boolean transA, boolean transB, long seed) {
        for (FloatGemm impl : List.of(Gemm.floatImplementation(), new PlainGemm())) {
            GemmCase g = GemmCase.of(transA, transB, m, n, k, 0.75f, 0.5f, 2, seed);
            float[] expected = g.run(impl);
            float[] c = g.c();
            PackedA packed = Gemm.pack(impl, transA, m, k, g.a(), g.aOff(), g.lda(), null);
            Gemm.sgemm(impl, packed, transB, n, g.alpha(), g.b(), g.bOff(), g.ldb(), g.beta(), c, g.cOff(), g.ldc());
            g.check(c);
            if (m > 1 && n > 1) {
                // With one row or column, sgemm takes the matrix-vector kernels (another summation order).
                assertThat(c).as(impl.getClass().getSimpleName()).containsExactly(expected);
            }
        }
    }

    /**
     * The taps interleaved in a [m, k, taps] array, packed at once, give the same packed matrices as each
     * tap written out and packed alone: on both implementations, with partial row panels (m not a multiple
     * of the tile) and several K-blocks; a product with each gives the written-out product's bits.
     */
    @ParameterizedTest(name = "m={0} k={1} taps={2}")
    @CsvSource({"1, 1, 1", "13, 7, 9", "64, 520, 9", "37, 1100, 4", "8, 16, 2"})
    void packedTapsEqualEachTapPackedAlone(int m, int k, int taps) {
        SplittableRandom r = new SplittableRandom(m * 31L + k);
        float[] a = new float[3 + m * k * taps];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) r.nextGaussian();
        }
        for (FloatGemm impl : List.of(Gemm.floatImplementation(), new PlainGemm())) {
            PackedA[] packed = Gemm.packTaps(impl, m, k, taps, a, 3, null);
            assertThat(packed).hasSize(taps);
            for (int t = 0; t < taps; t++) {
                float[] alone = new float[m * k];
                for (int e = 0; e < m * k; e++) {
                    alone[e] = a[3 + e * taps + t];
                }
                PackedA expected = Gemm.pack(impl, false, m, k, alone, 0, k, null);
                String what = impl.getClass().getSimpleName() + " tap " + t;
                assertThat(packed[t].rows()).as(what).isEqualTo(m);
                assertThat(packed[t].cols()).as(what).isEqualTo(k);
                assertThat(Arrays.copyOf(packed[t].data, impl.packedSize(m, k))).as(what)
                        .containsExactly(Arrays.copyOf(expected.data, impl.packedSize(m, k)));
            }
            PackedA[] again = Gemm.packTaps(impl, m, k, taps, a, 3, packed);
            assertThat(again).as("refilled in place").isSameAs(packed);
        }
        assertThatThrownBy(() -> Gemm.packTaps(m, k, taps, a, 4, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs " + (4 + m * k * taps));
    }

    /**
     * A·Bᵀ with few, badly filled columns is computed as Cᵀ = B·Aᵀ and transposed back; each element is the
     * same FMA chain, so the bits equal those of the straight product (A packed first always takes it), on
     * both thread counts. (With 16-float vectors, alpha = 1 and beta 0 or 1 take {@link VectorInPlaceGemm}
     * instead, so these run with other betas; beta 0, C not read, is tested there.)
     */
    @ParameterizedTest(name = "m={0} n={1} k={2}")
    @CsvSource({"48, 17, 300", "33, 17, 256", "64, 100, 300", "1000, 100, 600", "13, 113, 520"})
    void transposedProductsGiveTheStraightBits(int m, int n, int k) {
        // The first two take the transposed product with either tile; the MLP-like ones only with 16-float vectors.
        boolean bothWidths = n == 17;
        if (bothWidths) {
            assertThat(VectorGemm.transposedIsCheaper(m, n, k)).as("this shape takes the transposed product").isTrue();
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(VectorGemm.transposedIsCheaper(m, n, k));
        for (int threads : new int[] {1, 2}) {
            Kernels.setThreads(threads);
            for (float beta : new float[] {0.5f, -1.5f}) {
                GemmCase g = GemmCase.of(false, true, m, n, k, 1f, beta, 2, 40 + m);
                float[] c = g.c();
                Gemm.sgemm(false, true, m, n, k, g.alpha(), g.a(), g.aOff(), g.lda(), g.b(), g.bOff(), g.ldb(), beta, c,
                        g.cOff(), g.ldc());
                g.check(c);
                float[] straight = g.c();
                PackedA packed = Gemm.pack(false, m, k, g.a(), g.aOff(), g.lda(), null);
                Gemm.sgemm(packed, true, n, g.alpha(), g.b(), g.bOff(), g.ldb(), beta, straight, g.cOff(), g.ldc());
                GemmCase.assertSameBits(straight, c, g + " on " + threads + " threads");
            }
        }
        assertThat(VectorGemm.transposedIsCheaper(192, 384, 3072)).as("full tiles stay as they are").isFalse();
        assertThat(VectorGemm.transposedIsCheaper(1000, 100, 100)).as("a short K stays as it is").isFalse();
    }

    @Test
    void aPackedAIsRefilledForEachNewA() {
        PackedA packed = null;
        for (int[] s : new int[][] {{200, 30, 600}, {9, 70, 20}, {64, 2, 1100}, {17, 33, 5}}) {
            GemmCase g = GemmCase.of(false, true, s[0], s[1], s[2], 1f, 0f, 1, s[0]);
            packed = Gemm.pack(false, s[0], s[2], g.a(), g.aOff(), g.lda(), packed);
            assertThat(packed.rows()).isEqualTo(s[0]);
            assertThat(packed.cols()).isEqualTo(s[2]);
            float[] c = g.c();
            Gemm.sgemm(packed, true, s[1], 1f, g.b(), g.bOff(), g.ldb(), 0f, c, g.cOff(), g.ldc());
            // Against the reference: a stale A from the call before would be far off.
            g.check(c);
        }
    }

    @Test
    void packedProductsCheckTheirOperands() {
        PackedA packed = Gemm.pack(false, 4, 3, new float[12], 0, 3, null);
        assertThatThrownBy(() -> Gemm.sgemm(packed, false, 5, 1f, new float[14], 0, 5, 0f, new float[20], 0, 5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("B");
        assertThatThrownBy(() -> Gemm.sgemm(packed, false, 5, 1f, new float[15], 0, 5, 0f, new float[19], 0, 5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("C");
        assertThatThrownBy(() -> Gemm.pack(false, 4, 3, new float[11], 0, 3, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("A");
        assertThatThrownBy(() -> Gemm.pack(false, -1, 3, new float[11], 0, 3, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("negative");
    }

    /**
     * B read through offset tables (here: stored column by column, so both tables matter) gives the bits of
     * the same product on B stored, packed or not, on both implementations, whichever way the threads
     * split C (the shapes include row and column splits).
     */
    @ParameterizedTest(name = "m={0} n={1} k={2} transA={3} transB={4}")
    @MethodSource("shapes")
    void indexedBGivesTheSameBits(int m, int n, int k, boolean transA, boolean transB, long seed) {
        for (FloatGemm impl : List.of(Gemm.floatImplementation(), new PlainGemm())) {
            GemmCase g = GemmCase.of(transA, transB, m, n, k, 0.75f, 0.5f, 2, seed);
            IndexedMatrix b = columnMajor(g.b(), g.bOff(), g.ldb(), g.bRows(), transB ? k : n);
            PackedA packed = Gemm.pack(impl, transA, m, k, g.a(), g.aOff(), g.lda(), null);
            float[] expected = g.c();
            Gemm.sgemm(impl, packed, transB, n, g.alpha(), g.b(), g.bOff(), g.ldb(), g.beta(), expected, g.cOff(),
                    g.ldc());
            float[] viaPacked = g.c();
            Gemm.sgemm(impl, packed, transB, n, g.alpha(), b, g.beta(), viaPacked, g.cOff(), g.ldc());
            float[] direct = g.c();
            Gemm.sgemm(impl, transA, transB, m, n, k, g.alpha(), g.a(), g.aOff(), g.lda(), b, g.beta(), direct,
                    g.cOff(), g.ldc());
            String name = impl.getClass().getSimpleName();
            g.check(viaPacked);
            assertThat(viaPacked).as(name + ", packed A").containsExactly(expected);
            assertThat(direct).as(name + ", A packed in the call").containsExactly(expected);
        }
    }

    /** The stored matrix [rows × cols] at bOff, ldb, copied column by column, with tables that read it so. */
    private static IndexedMatrix columnMajor(float[] b, int bOff, int ldb, int rows, int cols) {
        float[] data = new float[rows * cols + 3];
        int[] rowTable = new int[rows + 2];
        int[] colTable = new int[cols];
        for (int r = 0; r < rows; r++) {
            rowTable[r] = r + 3;
            for (int c = 0; c < cols; c++) {
                data[3 + c * rows + r] = b[bOff + r * ldb + c];
            }
        }
        for (int c = 0; c < cols; c++) {
            colTable[c] = c * rows;
        }
        return new IndexedMatrix(data, rowTable, rows, colTable, cols);
    }

    @Test
    void indexedProductsCheckTheirOperands() {
        PackedA packed = Gemm.pack(false, 4, 3, new float[12], 0, 3, null);
        IndexedMatrix b = new IndexedMatrix(new float[15], new int[] {0, 5, 10}, 3, new int[] {0, 1, 2, 3, 4}, 5);
        assertThatThrownBy(() -> Gemm.sgemm(packed, false, 4, 1f, b, 0f, new float[20], 0, 4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("gemm: B should be [3x4], but the indexed matrix is [3x5]");
        assertThatThrownBy(() -> Gemm.sgemm(packed, true, 5, 1f, b, 0f, new float[20], 0, 5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("B (stored transposed)");
        assertThatThrownBy(() -> Gemm.sgemm(packed, false, 5, 1f, b, 0f, new float[19], 0, 5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("C");
        assertThatThrownBy(() -> Gemm.sgemm(false, false, 4, 5, 3, 1f, new float[11], 0, 3, b, 0f, new float[20], 0, 5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("A");
        assertThatThrownBy(() -> new IndexedMatrix(new float[14], new int[] {0, 5, 10}, 3, new int[] {0, 1, 2, 3, 4}, 5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("indexed matrix [3x5] reads elements 0 to 14, but the array has 14");
        assertThatThrownBy(() -> new IndexedMatrix(new float[15], new int[] {0, -1, 10}, 3, new int[] {0, 1, 2, 3, 4}, 5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reads elements -1 to 14");
        assertThatThrownBy(() -> new IndexedMatrix(new float[15], new int[] {0, 5}, 3, new int[] {0, 1, 2, 3, 4}, 5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("offset tables");
    }

    @ParameterizedTest(name = "m={0} n={1} k={2} transA={3} transB={4}")
    @MethodSource("shapes")
    void fallbackMatchesReference(int m, int n, int k, boolean transA, boolean transB, long seed) {
        GemmCase padded = GemmCase.of(transA, transB, m, n, k, 1.5f, 1f, 2, seed);
        padded.check(padded.run(new PlainGemm()));
    }

    @Test
    void alphaAndBetaCombinations() {
        float[] values = {0f, 1f, -1f, 0.5f, 2.5f};
        long seed = 100;
        for (float alpha : values) {
            for (float beta : values) {
                for (int t = 0; t < 4; t++) {
                    GemmCase g = GemmCase.of((t & 1) != 0, (t & 2) != 0, 19, 37, 300, alpha, beta, 1, seed++);
                    g.check(g.run(null));
                    g.check(g.run(new PlainGemm()));
                }
            }
        }
    }

    @Test
    void betaZeroOverwritesNaNGarbage() {
        for (int t = 0; t < 4; t++) {
            for (int[] s : new int[][] {{50, 70, 300}, {1, 70, 20}, {50, 1, 20}, {9, 9, 0}}) {
                GemmCase g = GemmCase.of((t & 1) != 0, (t & 2) != 0, s[0], s[1], s[2], 1f, 0f, 2, t);
                float[] c = g.run(null);
                g.check(c);
                for (int i = 0; i < g.m(); i++) {
                    for (int j = 0; j < g.n(); j++) {
                        assertThat(c[g.cOff() + i * g.ldc() + j]).isNotNaN();
                    }
                }
                g.check(g.run(new PlainGemm()));
            }
        }
    }

    @Test
    void networkShapesMatchReference() {
        // The MLP's forward (X·Wᵀ), weight gradient (dYᵀ·X) and input gradient (dY·W), as the layers call them.
        GemmCase forward = GemmCase.of(false, true, 200, 100, 3072, 1f, 0f, 0, 7);
        forward.check(forward.run(null));
        GemmCase weightGrad = GemmCase.of(true, false, 100, 3072, 200, 1f, 1f, 0, 8);
        weightGrad.check(weightGrad.run(null));
        GemmCase inputGrad = GemmCase.of(false, false, 200, 3072, 100, 1f, 0f, 0, 9);
        inputGrad.check(inputGrad.run(null));
        GemmCase conv = GemmCase.of(false, false, 64, 1100, 27, 1f, 0f, 0, 10);
        conv.check(conv.run(null));
        // With two threads this splits rows and packs the shared B (1416 × 3000) in two column blocks.
        int threads = Kernels.threads();
        Kernels.setThreads(2);
        GemmCase sharedBlocks = GemmCase.of(false, true, 64, 1416, 3000, 1f, 0f, 0, 11);
        sharedBlocks.check(sharedBlocks.run(null));
        Kernels.setThreads(threads);
    }

    /** Shapes that take every path: gemv, column split, row split with shared B, ragged tiles, several K-blocks. */
    static Stream<Arguments> parallelShapes() {
        return Stream.of(
                Arguments.of(200, 100, 600), Arguments.of(100, 3072, 40), Arguments.of(203, 77, 700),
                Arguments.of(57, 1000, 90), Arguments.of(1, 5000, 300), Arguments.of(5000, 1, 300),
                Arguments.of(300, 24, 1100), Arguments.of(1000, 37, 64), Arguments.of(64, 1416, 3000));
    }

    @ParameterizedTest(name = "m={0} n={1} k={2}")
    @MethodSource("parallelShapes")
    void resultsAreBitIdenticalForAnyThreadCount(int m, int n, int k) {
        // alpha = 1 with beta 0 or 1 takes the kernels' direct-store paths, the others the general one;
        // a tile can be full with one thread count and ragged with another.
        float[][] alphaBeta = {{0.75f, 0.5f}, {1f, 0f}, {1f, 1f}};
        for (int t = 0; t < 4; t++) {
            float[] ab = alphaBeta[(t + m) % 3];
            GemmCase g = GemmCase.of((t & 1) != 0, (t & 2) != 0, m, n, k, ab[0], ab[1], 1, 31 + t);
            for (FloatGemm impl : new FloatGemm[] {Gemm.floatImplementation(), new PlainGemm()}) {
                Kernels.setThreads(1);
                float[] one = g.run(impl);
                Kernels.setThreads(2);
                float[] two = g.run(impl);
                Kernels.setThreads(3);
                float[] three = g.run(impl);
                String what = impl.getClass().getSimpleName() + " " + g;
                GemmCase.assertSameBits(one, two, what + ", 1 vs 2 threads");
                GemmCase.assertSameBits(one, three, what + ", 1 vs 3 threads");
            }
        }
    }

    @Test
    void vectorAndFallbackAgreeWithinRounding() {
        GemmCase g = GemmCase.of(false, true, 77, 130, 700, 1f, 0f, 0, 5);
        float[] vector = g.run(null);
        float[] plain = g.run(new PlainGemm());
        g.check(vector);
        g.check(plain);
        for (int i = 0; i < vector.length; i++) {
            assertThat(plain[i]).isCloseTo(vector[i], org.assertj.core.data.Offset.offset(1e-3f));
        }
    }

    @Test
    void emptyProductsAreNoOpsOrScaleC() {
        float[] c = {1f, 2f, 3f, 4f};
        Gemm.sgemm(false, false, 2, 2, 0, 1f, new float[0], 0, 1, new float[0], 0, 2, 0.5f, c, 0, 2);
        assertThat(c).containsExactly(0.5f, 1f, 1.5f, 2f);
        float[] nan = {Float.NaN, Float.NaN};
        Gemm.sgemm(false, false, 1, 2, 3, 0f, new float[3], 0, 3, new float[6], 0, 2, 0f, nan, 0, 2);
        assertThat(nan).containsExactly(0f, 0f);
        float[] untouched = {9f};
        Gemm.sgemm(false, false, 0, 1, 3, 1f, new float[0], 0, 3, new float[3], 0, 1, 0f, untouched, 0, 1);
        assertThat(untouched).containsExactly(9f);
    }

    @Test
    void argumentErrorsNameTheMatrixAndSizes() {
        float[] a = new float[12];
        float[] b = new float[12];
        float[] c = new float[12];
        assertThatThrownBy(() -> Gemm.sgemm(false, false, 3, 4, 4, 1f, a, 0, 3, b, 0, 4, 0f, c, 0, 4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("gemm: leading dimension of A [3x4] is 3, shorter than its rows of 4 elements"
                        + " (M=3, N=4, K=4)");
        assertThatThrownBy(() -> Gemm.sgemm(false, false, 3, 4, 4, 1f, a, 0, 4, b, 0, 4, 0f, c, 0, 4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("gemm: B [4x4] at offset 0 with leading dimension 4 needs 16 elements,"
                        + " but the array has 12 (M=3, N=4, K=4)");
        assertThatThrownBy(() -> Gemm.sgemm(true, false, 3, 4, 4, 1f, a, 1, 3, b, 0, 3, 0f, c, 0, 4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("gemm: A (stored transposed) [4x3] at offset 1");
        assertThatThrownBy(() -> Gemm.sgemm(false, true, 3, 4, 2, 1f, a, 0, 2, b, 0, 1, 0f, c, 0, 4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("gemm: leading dimension of B (stored transposed) [4x2] is 1");
        assertThatThrownBy(() -> Gemm.sgemm(false, false, 3, 4, 2, 1f, a, 0, 2, b, 0, 4, 0f, c, 1, 4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("gemm: C [3x4] at offset 1");
        assertThatThrownBy(() -> Gemm.sgemm(false, false, -1, 4, 2, 1f, a, 0, 2, b, 0, 4, 0f, c, 0, 4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("gemm: negative size (M=-1, N=4, K=2)");
        assertThatThrownBy(() -> Gemm.dgemm(false, false, 2, 2, 2, 1, new double[3], 0, 2, new double[4], 0, 2,
                0, new double[4], 0, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("gemm: A [2x2]");
    }

    @Test
    void dgemmMatchesDefinition() {
        double[] a = {1, 2, 3, 4, 5, 6};
        double[] b = {7, 8, 9, 10, 11, 12};
        double[] c = {1, 1, 1, 1};
        // [2x3]·[3x2]: [[58, 64], [139, 154]], plus 2·C.
        Gemm.dgemm(false, false, 2, 2, 3, 1, a, 0, 3, b, 0, 2, 2, c, 0, 2);
        assertThat(c).containsExactly(60, 66, 141, 156);
        double[] t = new double[4];
        // Aᵀ stored [3x2] and Bᵀ stored [2x3], so A = [[1, 3, 5], [2, 4, 6]] and B = [[7, 10], [8, 11], [9, 12]].
        Gemm.dgemm(true, true, 2, 2, 3, 1, a, 0, 2, b, 0, 3, 0, t, 0, 2);
        assertThat(t).containsExactly(1 * 7 + 3 * 8 + 5 * 9, 1 * 10 + 3 * 11 + 5 * 12,
                2 * 7 + 4 * 8 + 6 * 9, 2 * 10 + 4 * 11 + 6 * 12);
    }
}
