package dev.nabla.tensor;

import static dev.nabla.testing.TensorAssert.assertClose;
import static dev.nabla.testing.TensorAssert.assertGradCheck;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.nabla.autograd.GradCheck;
import dev.nabla.kernel.Kernels;
import org.junit.jupiter.api.Test;

/**
 * Runs in a JVM started without {@code --add-modules jdk.incubator.vector} (a separate surefire
 * execution): the library must pick the plain-Java kernels and stay correct.
 */
class TensorWithoutVectorTest {
    @Test
    void fallsBackToPlainJavaAndStaysCorrect() {
        assertThat(ModuleLayer.boot().findModule("jdk.incubator.vector")).isEmpty();
        assertThat(Kernels.vectorEnabled()).isFalse();
        assertThat(Kernels.describe()).contains("plain Java");
        Tensor a = Tensor.of(new float[][] {{1, 2}, {3, 4}});
        Tensor b = Tensor.of(new float[][] {{5, 6}, {7, 8}});
        assertClose(a.matmul(b), Tensor.of(new float[][] {{19, 22}, {43, 50}}), 0, 0, "matmul");
        Tensor x = Tensor.randn(new Rng(1), 3, 4).to(DType.FLOAT64).detach().requiresGrad(true);
        Tensor w = Tensor.randn(new Rng(2), 4, 2).to(DType.FLOAT64).detach().requiresGrad(true);
        assertGradCheck(GradCheck.check(() -> x.matmul(w).exp().sum(1), x, w), "matmul+exp+sum");
        assertGradCheck(GradCheck.check(() -> x.max(new int[] {0, 1}, true).add(x.logsumexp(new int[0], false)), x),
                "max over two axes + logsumexp");
        Tensor big = Tensor.randn(new Rng(3), 5000);
        float[] v = big.toFloatArray();
        float[] expected = new float[v.length];
        double sum = 0;
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < v.length; i++) {
            expected[i] = (1f - v[i]) / (Math.abs(v[i]) + 1f);
            sum += v[i];
            max = Math.max(max, v[i]);
        }
        assertClose(big.neg().add(1).div(big.abs().add(1)), Tensor.of(expected), 0, 0, "(1 - x) / (|x| + 1)");
        assertThat(big.sum().item()).isCloseTo((float) sum, within(1e-3f));
        assertThat(big.max().item()).isEqualTo(max);
    }
}
