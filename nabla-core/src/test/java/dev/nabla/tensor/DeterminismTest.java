package dev.nabla.tensor;

import static dev.nabla.testing.TensorAssert.assertBitIdentical;

import dev.nabla.kernel.Kernels;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The same seed gives bit-identical results run to run and for 1 vs N threads: work is split so that
 * the reduction order of every output is fixed.
 */
class DeterminismTest {
    private final int defaultThreads = Kernels.threads();

    @AfterEach
    void restoreThreads() {
        Kernels.setThreads(defaultThreads);
    }

    /** A two-layer MLP training step written with tensor ops: loss, and the gradients of both weights. */
    private static Tensor[] mlpStep(long seed) {
        Rng rng = new Rng(seed);
        Tensor x = Tensor.randn(rng, 200, 3072);
        Tensor w1 = Tensor.randn(rng, 3072, 100).mul(0.02).detach().requiresGrad(true);
        Tensor b1 = Tensor.zeros(100).requiresGrad(true);
        Tensor w2 = Tensor.randn(rng, 100, 10).mul(0.1).detach().requiresGrad(true);
        int[] labels = new int[200];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = rng.nextInt(10);
        }
        Tensor h = x.matmul(w1).add(b1).maximum(Tensor.scalar(0));
        Tensor logits = h.matmul(w2);
        Tensor logProbs = logits.sub(logits.logsumexp(new int[] {1}, true));
        Tensor loss = logProbs.mul(Tensor.oneHot(labels, 10)).sum().div(-200);
        loss.backward();
        return new Tensor[] {loss, w1.grad(), b1.grad(), w2.grad(), h.sum(new int[] {0}, false)};
    }

    @Test
    void sameSeedSameBitsRunToRun() {
        Tensor[] a = mlpStep(11);
        Tensor[] b = mlpStep(11);
        for (int i = 0; i < a.length; i++) {
            assertBitIdentical(b[i], a[i], "output " + i);
        }
    }

    @Test
    void oneThreadAndManyThreadsGiveTheSameBits() {
        Kernels.setThreads(1);
        Tensor[] single = mlpStep(5);
        Tensor big = Tensor.randn(new Rng(1), 300, 257).matmul(Tensor.randn(new Rng(2), 257, 513));
        Tensor sums = Tensor.randn(new Rng(3), 64, 1000, 3).sum(new int[] {0, 2}, false);
        // Long contiguous runs: cut into fixed chunks that the threads share.
        Tensor long1 = Tensor.randn(new Rng(4), 3, 70_001);
        Tensor[] reductions = {long1.sum(), long1.sum(1), long1.max(), long1.mean(new int[] {1}, true),
            long1.logsumexp(new int[] {1}, false)};
        for (int threads : new int[] {2, 3, 4}) {
            Kernels.setThreads(threads);
            Tensor[] multi = mlpStep(5);
            for (int i = 0; i < single.length; i++) {
                assertBitIdentical(multi[i], single[i], "output " + i + " with " + threads + " threads");
            }
            assertBitIdentical(Tensor.randn(new Rng(1), 300, 257).matmul(Tensor.randn(new Rng(2), 257, 513)), big,
                    "matmul with " + threads + " threads");
            assertBitIdentical(Tensor.randn(new Rng(3), 64, 1000, 3).sum(new int[] {0, 2}, false), sums,
                    "sum with " + threads + " threads");
            Tensor[] again = {long1.sum(), long1.sum(1), long1.max(), long1.mean(new int[] {1}, true),
                long1.logsumexp(new int[] {1}, false)};
            for (int i = 0; i < again.length; i++) {
                assertBitIdentical(again[i], reductions[i], "reduction " + i + " with " + threads + " threads");
            }
        }
    }
}
