package dev.nabla.nn.layers;

import static dev.nabla.testing.TensorAssert.assertBitIdentical;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nabla.autograd.NoGrad;
import dev.nabla.nn.Module;
import dev.nabla.nn.Sequential;
import dev.nabla.nn.activations.ReLU;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A {@link Sequential} runs BatchNorm followed by ReLU as one op; it must give the bits of the two modules
 * run one after the other: output, every gradient, and the running statistics.
 */
class FusedReluTest {

    @ParameterizedTest(name = "{0} {1}, training {2}")
    @CsvSource({
        "2d, FLOAT32, true",
        "2d, FLOAT32, false",
        "2d, FLOAT64, true",
        "1d, FLOAT32, true",
        "1d, FLOAT64, false",
        "composed, FLOAT32, true",
    })
    void batchNormThenReluGivesTheBitsOfTheTwoModules(String kind, DType dtype, boolean training) {
        Supplier<BatchNorm> bn = () -> switch (kind) {
            case "2d" -> new BatchNorm2d(6);
            case "1d" -> new BatchNorm1d(6);
            default -> BatchNorm2d.composed(6);
        };
        int[] shape = kind.equals("1d") ? new int[] {9, 6} : new int[] {5, 6, 4, 3};
        BatchNorm fusedBn = bn.get();
        BatchNorm plainBn = bn.get();
        Sequential fused = new Sequential(fusedBn, new ReLU());
        for (Module m : new Module[] {fused, plainBn}) {
            m.to(dtype);
            // γ and β away from 1 and 0, some γ negative, so that the mask is not just x̂ > 0.
            Tensor gamma = Tensor.randn(new Rng(5), 6).to(dtype);
            Tensor beta = Tensor.randn(new Rng(6), 6).mul(0.5).to(dtype);
            try (NoGrad ignored = NoGrad.enter()) {
                BatchNorm b = m == fused ? fusedBn : plainBn;
                b.weight().copyFrom(gamma);
                b.bias().copyFrom(beta);
                b.runningMean().copyFrom(Tensor.randn(new Rng(7), 6).mul(0.1).to(dtype));
                b.runningVar().copyFrom(Tensor.rand(new Rng(8), 6).add(0.5).to(dtype));
            }
            m.train(training);
        }
        Tensor x = Tensor.randn(new Rng(1), shape).to(dtype);
        Tensor dy = Tensor.randn(new Rng(2), shape).to(dtype);

        Tensor x1 = x.detach().requiresGrad(true);
        Tensor y1 = fused.forward(x1);
        y1.backward(dy);
        Tensor x2 = x.detach().requiresGrad(true);
        Tensor y2 = new ReLU().forward(plainBn.forward(x2));
        y2.backward(dy);

        assertThat(y2.toDoubleArray()).as("the ReLU clips some outputs").contains(0.0);
        assertBitIdentical(y1, y2, "y");
        assertBitIdentical(x1.grad(), x2.grad(), "dx");
        assertBitIdentical(fusedBn.weight().grad(), plainBn.weight().grad(), "dγ");
        assertBitIdentical(fusedBn.bias().grad(), plainBn.bias().grad(), "dβ");
        assertBitIdentical(fusedBn.runningMean(), plainBn.runningMean(), "running_mean");
        assertBitIdentical(fusedBn.runningVar(), plainBn.runningVar(), "running_var");
        try (NoGrad ignored = NoGrad.enter()) {
            fused.eval();
            plainBn.eval();
            assertBitIdentical(fused.forward(x), new ReLU().forward(plainBn.forward(x)), "inference");
        }
    }
}
