package dev.nabla.kernel;

/** Placeholder. */
final class PlainGemm implements FloatGemm {
    @Override
    public void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
            float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
            float beta, float[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float s = 0f;
                for (int p = 0; p < k; p++) {
                    s += (transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p]) * (transB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j]);
                }
                c[cOff + i * ldc + j] = alpha * s + (beta == 0f ? 0f : beta * c[cOff + i * ldc + j]);
            }
        }
    }
}
