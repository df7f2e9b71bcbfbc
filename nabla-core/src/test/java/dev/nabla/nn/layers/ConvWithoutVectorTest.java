package dev.nabla.nn.layers;

import static dev.nabla.testing.TensorAssert.assertClose;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nabla.autograd.NoGrad;
import dev.nabla.kernel.Kernels;
import dev.nabla.nn.Module;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;
import dev.nabla.testing.Golden;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The float32 conv and pooling paths in a JVM without the Vector API module (surefire's
 * without-vector-module execution): the plain-Java fallbacks must give PyTorch's results too.
 */
class ConvWithoutVectorTest {

    @ParameterizedTest
    @ValueSource(strings = {"conv_rect_stride2_pad1", "conv_3x3_same", "maxpool_overlap", "maxpool_ties",
        "maxpool_negative", "avgpool_overlap_pad"})
    void fallbackKernelsMatchPyTorch(String name) {
        assertThat(Kernels.vectorEnabled()).as("this test runs without jdk.incubator.vector").isFalse();
        Golden.Case c = Golden.load("conv").get(name);
        Tensor x = c.tensor("x").requiresGrad(true);
        Tensor y;
        if (name.startsWith("conv")) {
            y = Conv2d.conv2d(x, c.tensor("weight"), c.tensor("bias"), c.ints("stride"), c.ints("padding"));
        } else {
            int[] k = c.ints("kernel");
            Module pool = name.startsWith("max")
                    ? new MaxPool2d(k, c.ints("stride"), c.ints("padding"))
                    : new AvgPool2d(k, c.ints("stride"), c.ints("padding"));
            y = pool.forward(x);
            try (NoGrad ignored = NoGrad.enter()) {
                assertClose(pool.forward(x), c.tensor("y", DType.FLOAT64), 2e-5, 2e-5, name + " y without a graph");
            }
        }
        assertClose(y, c.tensor("y", DType.FLOAT64), 2e-5, 2e-5, name + " y");
        y.backward(c.tensor("dy"));
        assertClose(x.grad(), c.tensor("dx", DType.FLOAT64), 2e-5, 2e-5, name + " dx");
    }
}
