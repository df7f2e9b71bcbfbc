package dev.nabla.nn.layers;

import static dev.nabla.nn.NnTesting.assertModuleGradCheck;
import static dev.nabla.nn.NnTesting.leaf;
import static dev.nabla.testing.TensorAssert.assertClose;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nabla.autograd.NoGrad;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;
import dev.nabla.testing.Golden;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class BatchNormTest {
    private static final Golden GOLDEN = Golden.load("layers");

    static Stream<int[]> shapes() {
        return Stream.of(new int[] {2, 1}, new int[] {2, 3}, new int[] {5, 4}, new int[] {1, 3, 2},
                new int[] {2, 3, 4}, new int[] {1, 2, 3, 3}, new int[] {3, 2, 2, 5});
    }

    static Stream<Arguments> shapesAndImpls() {
        return shapes().flatMap(s -> Stream.of(NormImpl.values()).map(i -> Arguments.of(s, i)));
    }

    /** BatchNorm1d for 2-D and 3-D shapes, BatchNorm2d for 4-D, with random γ and β. */
    private static BatchNorm layerFor(int[] shape, NormImpl impl, Double momentum, boolean affine, Rng rng) {
        BatchNorm bn = shape.length == 4 ? new BatchNorm2d(shape[1], 1e-5, momentum, affine, impl)
                : new BatchNorm1d(shape[1], 1e-5, momentum, affine, impl);
        if (affine) {
            try (NoGrad ignored = NoGrad.enter()) {
                for (int c = 0; c < shape[1]; c++) {
                    bn.weight().setFlat(c, 1 + 0.5 * rng.nextGaussian());
                    bn.bias().setFlat(c, 0.5 * rng.nextGaussian());
                }
            }
        }
        return bn;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("shapesAndImpls")
    void gradCheckTraining(int[] shape, NormImpl impl) {
        Rng rng = new Rng(shape.length * 100L + shape[0]);
        BatchNorm bn = layerFor(shape, impl, 0.1, true, rng);
        assertModuleGradCheck(bn, leaf(rng, 2, shape), "training " + bn);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void gradCheckTrainingWithoutAffine(int[] shape) {
        Rng rng = new Rng(7);
        BatchNorm bn = layerFor(shape, NormImpl.FUSED, 0.1, false, rng);
        assertModuleGradCheck(bn, leaf(rng, 2, shape), "no affine " + bn);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("shapesAndImpls")
    void gradCheckEvaluation(int[] shape, NormImpl impl) {
        Rng rng = new Rng(11);
        BatchNorm bn = layerFor(shape, impl, 0.5, true, rng);
        bn.to(DType.FLOAT64);
        int[] trainShape = shape.clone();
        trainShape[0] = 3;
        bn.forward(leaf(rng, 3, trainShape).detach());
        bn.eval();
        assertModuleGradCheck(bn, leaf(rng, 2, shape), "eval " + bn);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void fusedAndComposedAgreeOnOutputsGradientsAndRunningStats(int[] shape) {
        for (Double momentum : new Double[] {0.1, null}) {
            Rng rng = new Rng(5);
            BatchNorm fused = layerFor(shape, NormImpl.FUSED, momentum, true, rng);
            BatchNorm composed = layerFor(shape, NormImpl.COMPOSED, momentum, true, rng);
            composed.loadStateDict(fused.stateDict());
            fused.to(DType.FLOAT64);
            composed.to(DType.FLOAT64);
            for (int step = 0; step < 4; step++) {
                if (step == 3) {
                    fused.eval();
                    composed.eval();
                }
                Tensor x = leaf(rng, 3, shape);
                Tensor g = leaf(rng, 1, shape).detach();
                Tensor xc = x.detach().copy().requiresGrad(true);
                fused.zeroGrad();
                composed.zeroGrad();
                Tensor yf = fused.forward(x);
                Tensor yc = composed.forward(xc);
                yf.backward(g);
                yc.backward(g);
                String what = composed + " step " + step + " momentum " + momentum;
                assertClose(yf, yc, 1e-10, 1e-10, what + " y");
                assertClose(x.grad(), xc.grad(), 1e-9, 1e-10, what + " dx");
                assertClose(fused.weight().grad(), composed.weight().grad(), 1e-9, 1e-10, what + " dγ");
                assertClose(fused.bias().grad(), composed.bias().grad(), 1e-9, 1e-10, what + " dβ");
                assertClose(fused.runningMean(), composed.runningMean(), 1e-12, 1e-12, what + " running_mean");
                assertClose(fused.runningVar(), composed.runningVar(), 1e-12, 1e-12, what + " running_var");
            }
            assertThat(fused.numBatchesTracked()).isEqualTo(3).isEqualTo(composed.numBatchesTracked());
        }
    }

    static Stream<Arguments> goldenCases() {
        return Stream.of("bn1d", "bn1d_3d", "bn1d_cumulative", "bn1d_no_affine", "bn2d")
                .flatMap(n -> Stream.of(NormImpl.values()).map(i -> Arguments.of(n, i)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("goldenCases")
    void trainingStepsThenEvaluationMatchPyTorch(String name, NormImpl impl) {
        Golden.Case c = GOLDEN.get(name);
        int[] shape = c.tensor("x0").shape();
        double momentum = c.number("momentum");
        boolean affine = c.number("affine") == 1;
        BatchNorm bn = shape.length == 4 ? new BatchNorm2d(shape[1], 1e-5, 0.1, affine, impl)
                : new BatchNorm1d(shape[1], 1e-5, momentum < 0 ? null : momentum, affine, impl);
        if (affine) {
            try (NoGrad ignored = NoGrad.enter()) {
                bn.weight().copyFrom(c.tensor("weight"));
                bn.bias().copyFrom(c.tensor("bias"));
            }
        }
        int steps = (int) c.number("steps");
        for (int step = 0; step <= steps; step++) {
            String s = step == steps ? "_eval" : Integer.toString(step);
            if (step == steps) {
                bn.eval();
            }
            bn.zeroGrad();
            Tensor x = c.tensor("x" + s).requiresGrad(true);
            Tensor y = bn.forward(x);
            y.backward(c.tensor("g" + s));
            String what = name + " " + impl + " step " + s;
            assertClose(y, c.tensor("y" + s), 1e-4, 1e-5, what + " y");
            assertClose(x.grad(), c.tensor("dx" + s), 1e-4, 1e-5, what + " dx");
            if (affine) {
                assertClose(bn.weight().grad(), c.tensor("dweight" + s), 1e-4, 1e-5, what + " dγ");
                assertClose(bn.bias().grad(), c.tensor("dbias" + s), 1e-4, 1e-5, what + " dβ");
            }
            if (step < steps) {
                assertClose(bn.runningMean(), c.tensor("running_mean" + s), 1e-5, 1e-6, what + " running_mean");
                assertClose(bn.runningVar(), c.tensor("running_var" + s), 1e-5, 1e-6, what + " running_var");
            }
        }
        assertThat(bn.numBatchesTracked()).isEqualTo((long) c.number("num_batches_tracked"));
    }

    @Test
    void runningStatisticsFollowPyTorchsFormula() {
        BatchNorm1d bn = new BatchNorm1d(1, 1e-5, 0.25, false, NormImpl.FUSED);
        bn.forward(Tensor.of(new float[] {1, 2, 3, 6}, 4, 1));
        // mean 3, unbiased variance ((4 + 1 + 0 + 9) / 3) = 14/3
        assertThat(bn.runningMean().getFlat(0)).isCloseTo(0.75 * 0 + 0.25 * 3, within(1e-6));
        assertThat(bn.runningVar().getFlat(0)).isCloseTo(0.75 * 1 + 0.25 * 14 / 3.0, within(1e-6));
    }

    @Test
    void evaluationUsesRunningStatistics() {
        BatchNorm1d bn = new BatchNorm1d(2);
        try (NoGrad ignored = NoGrad.enter()) {
            bn.runningMean().copyFrom(Tensor.of(new float[] {1, -1}));
            bn.runningVar().copyFrom(Tensor.of(new float[] {4, 0.25f}));
        }
        bn.eval();
        Tensor y = bn.forward(Tensor.of(new float[] {3, 0}, 1, 2));
        assertThat(y.getFlat(0)).isCloseTo(2 / Math.sqrt(4 + 1e-5), within(1e-6));
        assertThat(y.getFlat(1)).isCloseTo(1 / Math.sqrt(0.25 + 1e-5), within(1e-5));
        assertThat(bn.numBatchesTracked()).isZero();
    }

    @Test
    void oneValuePerChannelInTrainingIsAnError() {
        BatchNorm1d bn = new BatchNorm1d(100);
        assertThatThrownBy(() -> bn.forward(Tensor.zeros(1, 100)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("BatchNorm1d(100) got input [1, 100] in training mode: batch statistics need more than 1"
                        + " value per channel — use a batch of at least 2, or call eval() to normalise with the"
                        + " running statistics");
        bn.eval();
        assertThat(bn.forward(Tensor.zeros(1, 100)).shape()).containsExactly(1, 100);
    }

    @Test
    void wrongShapesNameTheLayerAndBothShapes() {
        assertThatThrownBy(() -> new BatchNorm1d(100).forward(Tensor.zeros(32, 64)))
                .hasMessage("BatchNorm1d(100) got input [32, 64]: dimension 1 (features) must be 100 — does the"
                        + " previous layer output 64 features instead?");
        assertThatThrownBy(() -> new BatchNorm1d(64).forward(Tensor.zeros(2, 64, 4, 4)))
                .hasMessage("BatchNorm1d(64) got input [2, 64, 4, 4]: expected [N, 64] or [N, 64, L] — for images"
                        + " [N, C, H, W] use BatchNorm2d");
        assertThatThrownBy(() -> new BatchNorm2d(64).forward(Tensor.zeros(2, 64)))
                .hasMessage("BatchNorm2d(64) got input [2, 64]: expected [N, 64, H, W] — for feature vectors [N, C]"
                        + " use BatchNorm1d");
        assertThatThrownBy(() -> new BatchNorm2d(64).forward(Tensor.zeros(2, 32, 4, 4)))
                .hasMessageContaining("dimension 1 (channels) must be 64");
    }

    @Test
    void invalidHyperparametersAreRejected() {
        assertThatThrownBy(() -> new BatchNorm1d(0)).hasMessageContaining("num_features must be positive");
        assertThatThrownBy(() -> new BatchNorm1d(3, 0, 0.1, true, NormImpl.FUSED))
                .hasMessageContaining("eps must be positive");
        assertThatThrownBy(() -> new BatchNorm1d(3, 1e-5, 1.5, true, NormImpl.FUSED))
                .hasMessageContaining("momentum must be in [0, 1]");
    }

    @Test
    void stateDictUsesPyTorchNamesAndToStringReadsLikePyTorch() {
        BatchNorm2d bn = new BatchNorm2d(64);
        assertThat(bn.stateDict().keySet())
                .containsExactly("weight", "bias", "running_mean", "running_var", "num_batches_tracked");
        assertThat(bn.namedBuffers().keySet()).containsExactly("running_mean", "running_var", "num_batches_tracked");
        assertThat(bn).hasToString("BatchNorm2d(64, eps=1e-05, momentum=0.1, affine=true)");
        assertThat(BatchNorm1d.composed(10)).hasToString("BatchNorm1d(10, eps=1e-05, momentum=0.1, affine=true, composed)");
        assertThat(new BatchNorm1d(4, 1e-3, null, false, NormImpl.FUSED))
                .hasToString("BatchNorm1d(4, eps=0.001, momentum=null, affine=false)");
        assertThat(new BatchNorm1d(4, 1e-3, null, false, NormImpl.FUSED).stateDict().keySet())
                .containsExactly("running_mean", "running_var", "num_batches_tracked");
    }

    @Test
    void resetParametersRestoresTheInitialState() {
        BatchNorm1d bn = new BatchNorm1d(3);
        Map<String, Tensor> initial = Map.of("weight", Tensor.ones(3), "bias", Tensor.zeros(3),
                "running_mean", Tensor.zeros(3), "running_var", Tensor.ones(3));
        bn.forward(Tensor.randn(new Rng(1), 4, 3).mul(5));
        try (NoGrad ignored = NoGrad.enter()) {
            bn.weight().fill(2);
        }
        bn.resetParameters();
        initial.forEach((k, v) -> assertClose(bn.stateDict().get(k), v, 0, 0, k));
        assertThat(bn.numBatchesTracked()).isZero();
    }

    @Test
    void batchStatisticsReadBeforeForwardAreAnError() {
        BatchNorm.BatchNormFunction f = new BatchNorm.BatchNormFunction(1e-5);
        assertThatThrownBy(f::batchMean).isInstanceOf(IllegalStateException.class)
                .hasMessage("BatchNormFunction.batchMean() called before forward: the batch statistics do not exist"
                        + " yet");
        assertThatThrownBy(f::batchVariance).isInstanceOf(IllegalStateException.class)
                .hasMessage("BatchNormFunction.batchVariance() called before forward: the batch statistics do not exist"
                        + " yet");
    }

    private static org.assertj.core.data.Offset<Double> within(double d) {
        return org.assertj.core.data.Offset.offset(d);
    }
}
