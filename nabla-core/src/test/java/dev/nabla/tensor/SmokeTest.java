package dev.nabla.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nabla.autograd.GradCheck;
import org.junit.jupiter.api.Test;

class SmokeTest {
    @Test
    void autogradThroughMatmulAndBroadcast() {
        Rng rng = new Rng(1);
        Tensor w = Tensor.randn(rng, 3, 2).to(DType.FLOAT64).detach().requiresGrad(true);
        Tensor b = Tensor.randn(rng, 2).to(DType.FLOAT64).detach().requiresGrad(true);
        Tensor x = Tensor.randn(rng, 4, 3).to(DType.FLOAT64).detach().requiresGrad(true);
        GradCheck.Report r = GradCheck.check(() -> x.matmul(w).add(b).exp().logsumexp(new int[] {1}, false), w, b, x);
        System.out.println(r);
        assertThat(r.passed()).isTrue();
        System.out.println(Tensor.randn(rng, 3, 4));
        System.out.println(Tensor.arange(5));
        System.out.println(w);
        System.out.println(x.matmul(w));
    }
}
