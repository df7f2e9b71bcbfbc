package dev.nabla.nn;

import static dev.nabla.nn.NnTesting.std;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.nabla.tensor.DType;
import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;

class InitTest {
    private static double maxAbs(Tensor t) {
        double m = 0;
        for (int i = 0; i < t.numel(); i++) {
            m = Math.max(m, Math.abs(t.getFlat(i)));
        }
        return m;
    }

    @Test
    void fansOfLinearAndConvolutionWeights() {
        assertThat(Init.fans(100, 784)).isEqualTo(new Init.Fans(784, 100));
        assertThat(Init.fans(64, 3, 3, 3)).isEqualTo(new Init.Fans(27, 576));
        assertThat(Init.fans(8, 4, 5)).isEqualTo(new Init.Fans(20, 40));
        assertThatThrownBy(() -> Init.fans(10)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("fewer than 2 dimensions");
    }

    @Test
    void gainsAreTorchCalculateGain() {
        assertThat(Init.Nonlinearity.LINEAR.gain(Double.NaN)).isEqualTo(1.0);
        assertThat(Init.Nonlinearity.SIGMOID.gain(Double.NaN)).isEqualTo(1.0);
        assertThat(Init.Nonlinearity.TANH.gain(Double.NaN)).isEqualTo(5.0 / 3);
        assertThat(Init.Nonlinearity.RELU.gain(Double.NaN)).isEqualTo(Math.sqrt(2));
        assertThat(Init.Nonlinearity.LEAKY_RELU.gain(Double.NaN)).isCloseTo(Math.sqrt(2 / 1.0001), within(1e-15));
        assertThat(Init.Nonlinearity.LEAKY_RELU.gain(Math.sqrt(5))).isCloseTo(Math.sqrt(1 / 3.0), within(1e-15));
        assertThat(Init.Nonlinearity.SELU.gain(0)).isEqualTo(0.75);
    }

    @Test
    void pytorchDefaultIsUniformWithinOneOverSqrtFanIn() {
        Tensor w = Tensor.zeros(200, 400);
        Tensor b = Tensor.zeros(200);
        Init.pytorchDefault(w, b, new Rng(1));
        double bound = 1 / Math.sqrt(400);
        assertThat(maxAbs(w)).isLessThanOrEqualTo(bound).isGreaterThan(0.99 * bound);
        assertThat(maxAbs(b)).isLessThanOrEqualTo(bound).isGreaterThan(0.9 * bound);
        // U(−a, a) has standard deviation a/√3.
        assertThat(std(w)).isCloseTo(bound / Math.sqrt(3), within(0.01 * bound));
        Tensor conv = Tensor.zeros(DType.FLOAT64, 16, 8, 3, 3);
        Init.pytorchDefault(conv, null, new Rng(2));
        assertThat(maxAbs(conv)).isLessThanOrEqualTo(1 / Math.sqrt(72));
    }

    @Test
    void kaimingAndXavierHaveTheirVariances() {
        Tensor w = Tensor.zeros(DType.FLOAT64, 300, 500);
        Init.kaimingNormal(w, new Rng(3), 0, Init.FanMode.FAN_IN, Init.Nonlinearity.RELU);
        assertThat(std(w)).isCloseTo(Math.sqrt(2.0 / 500), within(0.01 * Math.sqrt(2.0 / 500)));
        Init.kaimingNormal(w, new Rng(3), 0, Init.FanMode.FAN_OUT, Init.Nonlinearity.RELU);
        assertThat(std(w)).isCloseTo(Math.sqrt(2.0 / 300), within(0.01 * Math.sqrt(2.0 / 300)));
        Init.kaimingUniform(w, new Rng(4), 0, Init.FanMode.FAN_IN, Init.Nonlinearity.RELU);
        assertThat(maxAbs(w)).isLessThanOrEqualTo(Math.sqrt(6.0 / 500)).isGreaterThan(0.99 * Math.sqrt(6.0 / 500));
        Init.xavierUniform(w, new Rng(5), 1);
        assertThat(maxAbs(w)).isLessThanOrEqualTo(Math.sqrt(6.0 / 800)).isGreaterThan(0.99 * Math.sqrt(6.0 / 800));
        Init.xavierNormal(w, new Rng(6), 5.0 / 3);
        double std = 5.0 / 3 * Math.sqrt(2.0 / 800);
        assertThat(std(w)).isCloseTo(std, within(0.01 * std));
    }

    @Test
    void normalConstantAndDeterminism() {
        Tensor w = Tensor.zeros(DType.FLOAT64, 400, 300);
        Init.normal(w, new Rng(7), 0, 1e-4);
        assertThat(w.mean().getFlat(0)).isCloseTo(0, within(2e-6));
        assertThat(std(w)).isCloseTo(1e-4, within(1e-6));
        Tensor again = Init.normal(Tensor.zeros(DType.FLOAT64, 400, 300), new Rng(7), 0, 1e-4);
        assertThat(again.toDoubleArray()).containsExactly(w.toDoubleArray());
        assertThat(Init.constant(Tensor.zeros(3), 2.5).toFloatArray()).containsExactly(2.5f, 2.5f, 2.5f);
        assertThat(Init.ones(Tensor.zeros(2)).toFloatArray()).containsExactly(1f, 1f);
        assertThat(Init.zeros(Tensor.ones(2)).toFloatArray()).containsExactly(0f, 0f);
    }

    @Test
    void parametersThatRequireGradCanBeReinitialised() {
        Tensor w = Tensor.zeros(3, 4).requiresGrad(true);
        Init.xavierUniform(w, new Rng(1), 1);
        assertThat(maxAbs(w)).isGreaterThan(0);
        assertThat(w.requiresGrad()).isTrue();
    }

    @Test
    void invalidArguments() {
        assertThatThrownBy(() -> Init.normal(Tensor.zeros(2), new Rng(1), 0, -1)).hasMessageContaining("std");
        assertThatThrownBy(() -> Init.uniform(Tensor.zeros(2), new Rng(1), 1, 0)).hasMessageContaining("low");
        assertThatThrownBy(() -> Init.kaimingNormal(Tensor.zeros(0, 3), new Rng(1), 0, Init.FanMode.FAN_OUT,
                Init.Nonlinearity.RELU)).hasMessageContaining("fan_out is 0");
    }
}
