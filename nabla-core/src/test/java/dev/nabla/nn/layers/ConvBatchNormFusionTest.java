package dev.nabla.nn.layers;

import static dev.nabla.testing.TensorAssert.assertBitIdentical;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nabla.autograd.NoGrad;
import dev.nabla.kernel.Kernels;
import dev.nabla.nn.Module;
import dev.nabla.nn.Sequential;
import dev.nabla.nn.activations.ReLU;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Without a graph, a {@link Sequential} runs Conv2d + eval-mode BatchNorm2d (+ ReLU) (+ MaxPool2d) as one
 * op, the normalisation applied to each block of the convolution's output as the kernel writes it and the
 * pooling reading each block from scratch. It must give the bits of the layers one after the other, on
 * every way the kernel lays out its output, and must not fuse where the BatchNorm is not a fixed
 * per-channel op.
 */
class ConvBatchNormFusionTest {
    private final int threadsBefore = Kernels.threads();

    @AfterEach
    void restoreThreads() {
        Kernels.setThreads(threadsBefore);
    }

    /** A BatchNorm2d that counts the passes it runs itself (none when the convolution applies it). */
    private static final class CountingBatchNorm2d extends BatchNorm2d {
        int passes;

        CountingBatchNorm2d(int channels, boolean affine) {
            super(channels, 1e-5, 0.1, affine, NormImpl.FUSED);
        }

        @Override
        public Tensor forward(Tensor x) {
            passes++;
            return super.forward(x);
        }

        @Override
        public Tensor forwardWithRelu(Tensor x) {
            passes++;
            return super.forwardWithRelu(x);
        }
    }

    /** Statistics and γ, β away from their defaults, some γ negative, so that the ReLU's mask is not x̂ > 0. */
    private static void trained(BatchNorm bn, long seed) {
        int c = bn.numFeatures();
        try (NoGrad ignored = NoGrad.enter()) {
            if (bn.weight() != null) {
                bn.weight().copyFrom(Tensor.randn(new Rng(seed), c));
                bn.bias().copyFrom(Tensor.randn(new Rng(seed + 1), c).mul(0.5));
            }
            bn.runningMean().copyFrom(Tensor.randn(new Rng(seed + 2), c).mul(0.3));
            bn.runningVar().copyFrom(Tensor.rand(new Rng(seed + 3), c).add(0.5));
        }
    }

    @ParameterizedTest(name = "[{0}, {1}, {2}, {2}] to {3} channels, stride {4}, bias {5}, affine {6}, ReLU {7}, "
            + "max pool {9}, {8} threads")
    @CsvSource({
        // 32×32: one product per image, the op applied per image after its bias (and pooled per image).
        "3, 3, 32, 8, 1, true, true, true, 2, 3",
        "2, 3, 32, 8, 1, false, false, false, 1, 0",
        "11, 3, 32, 8, 1, true, true, true, 2, 2",
        // 16×16, stride 1: a written-out column matrix, the op applied in the output permutation.
        "3, 4, 16, 8, 1, true, true, true, 2, 0",
        "5, 64, 16, 8, 1, true, true, true, 2, 3",
        // 8×8 and strided: the column matrix read in place.
        "4, 5, 8, 6, 1, true, true, true, 1, 0",
        "3, 4, 9, 8, 2, true, true, false, 2, 3",
        "9, 4, 8, 8, 1, true, false, true, 2, 2",
        // 4×4 with 64 channels: 40 images are two chunks.
        "40, 64, 4, 16, 1, true, true, true, 2, 0",
        "40, 64, 4, 16, 1, true, true, true, 2, 3",
        // 2×2 then a 3×3 window with stride 2 and padding 1, as the seeds' last block.
        "6, 8, 2, 8, 1, true, true, true, 2, 3",
    })
    void convThenBatchNormGivesTheBitsOfTheLayersOneByOne(int n, int cIn, int size, int cOut, int stride,
            boolean bias, boolean affine, boolean relu, int threads, int pool) {
        Kernels.setThreads(threads);
        Rng rng = new Rng(11);
        Conv2d conv = new Conv2d(cIn, cOut, new int[] {3}, new int[] {stride}, new int[] {1}, bias, rng);
        CountingBatchNorm2d bn = new CountingBatchNorm2d(cOut, affine);
        trained(bn, 21);
        Sequential net = relu ? new Sequential(conv, bn, new ReLU()) : new Sequential(conv, bn);
        if (pool == 3) {
            net.add(new MaxPool2d(3, 2, 1));
        } else if (pool == 2) {
            net.add(new MaxPool2d(2));
        }
        net.eval();
        Tensor x = Tensor.randn(new Rng(31), n, cIn, size, size);

        // With a graph (the parameters require grad), the layers run one by one.
        Tensor oneByOne = net.forward(x);
        assertThat(bn.passes).as("the BatchNorm ran by itself").isEqualTo(1);
        Tensor fused;
        try (NoGrad ignored = NoGrad.enter()) {
            fused = net.forward(x);
        }
        assertThat(bn.passes).as("the convolution applied the BatchNorm").isEqualTo(1);
        if (relu) {
            assertThat(oneByOne.toDoubleArray()).as("the ReLU clips some outputs").contains(0.0);
        }
        assertBitIdentical(fused, oneByOne, "output");
    }

    /** A pooling window that does not fit the convolution's output: the layers run one by one and say so. */
    @Test
    void aPoolThatDoesNotFitIsLeftToReportItsError() {
        Sequential net = new Sequential(new Conv2d(3, 4, 3, 1, 1, new Rng(1)), new BatchNorm2d(4), new ReLU(),
                new MaxPool2d(3, 1, 0));
        net.eval();
        Tensor x = Tensor.randn(new Rng(2), 2, 3, 2, 2);
        try (NoGrad ignored = NoGrad.enter()) {
            assertThatThrownBy(() -> net.forward(x)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("MaxPool2d").hasMessageContaining("smaller than the kernel");
        }
    }

    /** A BatchNorm2d built for another channel count: not fused, and its own forward names the mismatch. */
    @Test
    void aBatchNormOfTheWrongWidthIsLeftToReportItsError() {
        Sequential net = new Sequential(new Conv2d(3, 4, 3, 1, 1, new Rng(1)), new BatchNorm2d(5), new ReLU());
        net.eval();
        Tensor x = Tensor.randn(new Rng(2), 2, 3, 6, 6);
        try (NoGrad ignored = NoGrad.enter()) {
            assertThatThrownBy(() -> net.forward(x)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("BatchNorm2d(5)").hasMessageContaining("channels");
        }
    }

    @Test
    void noFusionWhereTheBatchNormIsNotAFixedPerChannelOp() {
        Rng rng = new Rng(3);
        Conv2d conv = new Conv2d(3, 4, 3, 1, 1, rng);
        BatchNorm2d bn = new BatchNorm2d(4);
        Tensor x = Tensor.randn(new Rng(4), 2, 3, 8, 8);
        try (NoGrad ignored = NoGrad.enter()) {
            bn.train();
            assertThat(conv.forwardThen(x, bn, true)).as("training mode: batch statistics").isNull();
            bn.eval();
            assertThat(bn.inferenceOp(5, false)).as("another channel count").isNull();
            BatchNorm2d composed = BatchNorm2d.composed(4);
            composed.eval();
            assertThat(composed.inferenceOp(4, false)).as("the composed BatchNorm").isNull();
            assertThat(conv.forwardThen(x.to(DType.FLOAT64), bn, false)).as("float64 input").isNull();
            assertThat(conv.forwardThen(x, bn, false)).as("eval mode, float32").isNotNull();
        }
        assertThat(conv.forwardThen(x, bn, false)).as("with a graph").isNull();
    }

    /** Training mode under NoGrad is not fused: batch statistics are taken, running statistics updated. */
    @Test
    void trainingModeWithoutAGraphStillUpdatesTheRunningStatistics() {
        Conv2d conv = new Conv2d(3, 4, 3, 1, 1, new Rng(5));
        CountingBatchNorm2d bn = new CountingBatchNorm2d(4, true);
        Sequential net = new Sequential(conv, bn, new ReLU());
        Tensor x = Tensor.randn(new Rng(6), 4, 3, 8, 8);
        try (NoGrad ignored = NoGrad.enter()) {
            net.forward(x);
        }
        assertThat(bn.passes).isEqualTo(1);
        assertThat(bn.numBatchesTracked()).isEqualTo(1);
    }
}
