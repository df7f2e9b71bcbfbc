package dev.nabla.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.SplittableRandom;

/**
 * One sgemm call on random data, laid out with offsets and padded leading dimensions, plus its
 * double-precision reference. Shared by the tests that run with and without the Vector API module.
 */
record GemmCase(boolean transA, boolean transB, int m, int n, int k, float alpha, float beta,
        int aOff, int lda, int bOff, int ldb, int cOff, int ldc, long seed) {

    /** Value of C outside the product's rows and columns; must survive the call. */
    static final float GUARD = -7.25f;

    /** A case with offsets and leading dimensions padded by {@code pad} (0: tight). */
    static GemmCase of(boolean transA, boolean transB, int m, int n, int k, float alpha, float beta, int pad,
            long seed) {
        int aCols = transA ? m : k;
        int bCols = transB ? k : n;
        return new GemmCase(transA, transB, m, n, k, alpha, beta, pad * 3, aCols + pad, pad * 5, bCols + pad,
                pad * 2, n + pad, seed);
    }

    int aRows() {
        return transA ? k : m;
    }

    int bRows() {
        return transB ? n : k;
    }

    float[] a() {
        return random(aOff + aRows() * lda + 7, seed);
    }

    float[] b() {
        return random(bOff + bRows() * ldb + 7, seed + 1);
    }

    /** C before the call: random inside the product, GUARD elsewhere; NaN inside when beta = 0. */
    float[] c() {
        float[] c = new float[cOff + m * ldc + 5];
        java.util.Arrays.fill(c, GUARD);
        float[] r = random(m * n, seed + 2);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                c[cOff + i * ldc + j] = beta == 0f ? Float.NaN : r[i * n + j];
            }
        }
        return c;
    }

    float opA(float[] a, int i, int p) {
        return transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
    }

    float opB(float[] b, int p, int j) {
        return transB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
    }

    /** Runs the case on {@code impl} (null: the public entry point) and returns C. */
    float[] run(FloatGemm impl) {
        float[] a = a();
        float[] b = b();
        float[] c = c();
        if (impl == null) {
            Gemm.sgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        } else {
            Gemm.sgemm(impl, transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        }
        return c;
    }

    /**
     * Checks C against a float64 reference. The tolerance is the float32 worst case for a K-term sum,
     * {@code (K + 2)·2⁻²³·(|alpha|·Σ|a·b| + |beta·c|)}: far above rounding noise, far below any wrong
     * index or missed term.
     */
    void check(float[] c) {
        float[] a = a();
        float[] b = b();
        float[] c0 = c();
        for (int i = 0; i < cOff + m * ldc + 5; i++) {
            boolean inside = i >= cOff && (i - cOff) / ldc < m && (i - cOff) % ldc < n;
            if (!inside && Float.floatToIntBits(c[i]) != Float.floatToIntBits(GUARD)) {
                fail("%s: wrote C[%d] outside the product (%s)", this, i, c[i]);
            }
        }
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                double mag = 0;
                for (int p = 0; p < k; p++) {
                    double t = (double) opA(a, i, p) * opB(b, p, j);
                    sum += t;
                    mag += Math.abs(t);
                }
                double old = beta == 0f ? 0 : c0[cOff + i * ldc + j];
                double expected = alpha * sum + beta * old;
                double tol = (k + 2) * 0x1p-23 * (Math.abs(alpha) * mag + Math.abs(beta * old)) + 1e-30;
                float actual = c[cOff + i * ldc + j];
                if (!(Math.abs(actual - expected) <= tol)) {
                    fail("%s: C[%d][%d] = %s, expected %s ± %s", this, i, j, actual, expected, tol);
                }
            }
        }
    }

    /** Asserts two results are identical bit for bit. */
    static void assertSameBits(float[] x, float[] y, String what) {
        for (int i = 0; i < x.length; i++) {
            if (Float.floatToRawIntBits(x[i]) != Float.floatToRawIntBits(y[i])) {
                fail("%s: element %d differs: %s vs %s", what, i, x[i], y[i]);
            }
        }
        assertThat(x).hasSameSizeAs(y);
    }

    private static float[] random(int size, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[size];
        for (int i = 0; i < size; i++) {
            x[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return x;
    }
}
