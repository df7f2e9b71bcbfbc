package dev.nabla.nn.layers;

import static dev.nabla.testing.TensorAssert.assertClose;
import static dev.nabla.testing.TensorAssert.assertGradCheck;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nabla.autograd.GradCheck;
import dev.nabla.nn.Module;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;
import dev.nabla.testing.Golden;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class Conv2dTest {

    @ParameterizedTest(name = "N={0} C_in={1} C_out={2} {3}x{4} kernel {5}x{6} stride {7}x{8} pad {9}x{10} bias={11}")
    @CsvSource({
        "1, 1, 2, 5, 5, 3, 3, 1, 1, 0, 0, true",
        "3, 3, 2, 5, 6, 3, 2, 2, 1, 1, 1, true",
        "2, 3, 3, 7, 5, 2, 3, 2, 2, 2, 1, true",
        "1, 3, 2, 4, 4, 1, 1, 1, 1, 2, 2, false",
        "2, 2, 3, 6, 6, 3, 3, 2, 2, 0, 0, false",
        "3, 1, 2, 4, 7, 4, 2, 1, 3, 1, 0, true",
    })
    void gradientsMatchCentralDifferences(int n, int cIn, int cOut, int h, int w, int kh, int kw, int sh, int sw,
            int ph, int pw, boolean bias) {
        Rng rng = new Rng(11);
        Conv2d conv = new Conv2d(cIn, cOut, new int[] {kh, kw}, new int[] {sh, sw}, new int[] {ph, pw}, bias, rng);
        conv.to(DType.FLOAT64);
        Tensor x = Tensor.randn(rng, n, cIn, h, w).to(DType.FLOAT64).requiresGrad(true);
        Map<String, Tensor> wrt = new LinkedHashMap<>(conv.namedParameters());
        wrt.put("input", x);
        GradCheck.Report report = GradCheck.check(() -> conv.forward(x), wrt, GradCheck.Options.DEFAULT);
        assertGradCheck(report, conv.toString());
        assertThat(report.tensors()).hasSize(bias ? 3 : 2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"conv_rect_stride2_pad1", "conv_3x3_same", "conv_5x5_stride2_nobias"})
    void matchesPyTorch(String name) {
        Golden.Case c = Golden.load("conv").get(name);
        for (DType dtype : DType.values()) {
            double tol = dtype == DType.FLOAT64 ? 1e-12 : 2e-5;
            Tensor x = c.tensor("x", dtype).requiresGrad(true);
            Tensor w = c.tensor("weight", dtype).requiresGrad(true);
            Tensor b = c.has("bias") ? c.tensor("bias", dtype).requiresGrad(true) : null;
            Tensor y = Conv2d.conv2d(x, w, b, c.ints("stride"), c.ints("padding"));
            assertClose(y, c.tensor("y", DType.FLOAT64), tol, tol, name + " y " + dtype);
            y.backward(c.tensor("dy", dtype));
            assertClose(x.grad(), c.tensor("dx", DType.FLOAT64), tol, tol, name + " dx " + dtype);
            assertClose(w.grad(), c.tensor("dweight", DType.FLOAT64), tol, tol, name + " dweight " + dtype);
            if (b != null) {
                assertClose(b.grad(), c.tensor("dbias", DType.FLOAT64), tol, tol, name + " dbias " + dtype);
            }
        }
    }

    @Test
    void moduleUsesItsParametersAndAccumulatesGradients() {
        Golden.Case c = Golden.load("conv").get("conv_rect_stride2_pad1");
        Conv2d conv = new Conv2d(3, 4, new int[] {3, 2}, new int[] {2, 1}, new int[] {1, 2}, true, new Rng(1));
        conv.to(DType.FLOAT64);
        conv.loadStateDict(Map.of("weight", c.tensor("weight", DType.FLOAT64), "bias", c.tensor("bias", DType.FLOAT64)));
        Tensor x = c.tensor("x", DType.FLOAT64);
        Tensor dy = c.tensor("dy", DType.FLOAT64);
        conv.forward(x).backward(dy);
        conv.forward(x).backward(dy);
        assertClose(conv.weight().grad(), c.tensor("dweight", DType.FLOAT64).mul(2), 1e-12, 1e-12, "dweight after two passes");
        assertClose(conv.bias().grad(), c.tensor("dbias", DType.FLOAT64).mul(2), 1e-12, 1e-12, "dbias after two passes");
    }

    @Test
    void defaultInitialisationIsPyTorchsKaimingUniform() {
        Conv2d conv = new Conv2d(16, 32, 3, new Rng(5));
        double bound = 1 / Math.sqrt(16 * 9);
        Tensor w = conv.weight();
        assertThat(w.shape()).containsExactly(32, 16, 3, 3);
        double sumSq = 0;
        for (int i = 0; i < w.numel(); i++) {
            assertThat(Math.abs(w.getFlat(i))).isLessThanOrEqualTo(bound);
            sumSq += w.getFlat(i) * w.getFlat(i);
        }
        // U(-a, a) has variance a²/3; 4608 draws pin it down to a few percent.
        assertThat(sumSq / w.numel()).isBetween(0.95 * bound * bound / 3, 1.05 * bound * bound / 3);
        for (int i = 0; i < 32; i++) {
            assertThat(Math.abs(conv.bias().getFlat(i))).isLessThanOrEqualTo(bound);
        }
        Conv2d again = new Conv2d(16, 32, 3, new Rng(5));
        assertThat(again.weight().toFloatArray()).containsExactly(w.toFloatArray());
        assertThat(again.bias().toFloatArray()).containsExactly(conv.bias().toFloatArray());
        assertThat(new Conv2d(16, 32, 3, new Rng(6)).weight().toFloatArray()).isNotEqualTo(w.toFloatArray());
    }

    @Test
    void parametersHavePyTorchNamesAndLayouts() {
        Module conv = new Conv2d(3, 8, new int[] {5, 3}, new int[] {1}, new int[] {0}, true, new Rng(1));
        assertThat(conv.namedParameters()).containsOnlyKeys("weight", "bias");
        assertThat(conv.namedParameters().get("weight").shape()).containsExactly(8, 3, 5, 3);
        assertThat(conv.parameterCount()).isEqualTo(8 * 3 * 5 * 3 + 8);
        assertThat(new Conv2d(3, 8, new int[] {3}, new int[] {1}, new int[] {1}, false, new Rng(1)).namedParameters())
                .containsOnlyKeys("weight");
    }

    @Test
    void outputSizeFollowsTheFloorFormula() {
        Conv2d conv = new Conv2d(1, 1, new int[] {3, 2}, new int[] {2, 3}, new int[] {1, 0}, true, new Rng(1));
        // H: (10 + 2 - 3) / 2 + 1 = 5; W: (11 + 0 - 2) / 3 + 1 = 4.
        assertThat(conv.forward(Tensor.zeros(2, 1, 10, 11)).shape()).containsExactly(2, 1, 5, 4);
    }

    @Test
    void toStringShowsTheConfiguration() {
        assertThat(new Conv2d(3, 64, 3, 1, 1, new Rng(1)))
                .hasToString("Conv2d(in=3, out=64, kernel=3x3, stride=1, padding=1, bias=true)");
        assertThat(new Conv2d(1, 2, new int[] {5, 3}, new int[] {2, 1}, new int[] {2, 1}, false, new Rng(1)))
                .hasToString("Conv2d(in=1, out=2, kernel=5x3, stride=2x1, padding=2x1, bias=false)");
    }

    @Test
    void wrongChannelCountNamesTheLayerAndHintsAtTheDataset() {
        Conv2d conv = new Conv2d(3, 64, 3, new Rng(1));
        assertThatThrownBy(() -> conv.forward(Tensor.zeros(32, 1, 28, 28)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Conv2d(in=3, out=64, kernel=3x3, stride=1, padding=0, bias=true) got input [32, 1, 28, 28]:"
                        + " the channel dimension (dimension 1) is 1 but must be 3 — is the dataset grayscale (MNIST)"
                        + " while the model expects colour images?");
        assertThatThrownBy(() -> conv.forward(Tensor.zeros(32, 32, 32, 3)))
                .hasMessageContaining("channels-last").hasMessageContaining("x.permute(0, 3, 1, 2)");
        assertThatThrownBy(() -> new Conv2d(1, 4, 3, new Rng(1)).forward(Tensor.zeros(2, 3, 8, 8)))
                .hasMessageContaining("is the dataset colour (CIFAR)");
        assertThatThrownBy(() -> new Conv2d(64, 4, 3, new Rng(1)).forward(Tensor.zeros(2, 32, 8, 8)))
                .hasMessageContaining("is 32 but must be 64 — check the out channels of the layer before");
    }

    @Test
    void inputThatIsNotABatchOfImagesIsRejected() {
        Conv2d conv = new Conv2d(3, 8, 3, new Rng(1));
        assertThatThrownBy(() -> conv.forward(Tensor.zeros(32, 3072)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Conv2d(in=3, out=8, kernel=3x3, stride=1, padding=0, bias=true) got input"
                        + " [32, 3072]: expected a 4-D batch [N, C, H, W]")
                .hasMessageContaining("flattened");
        assertThatThrownBy(() -> conv.forward(Tensor.zeros(3, 32, 32)))
                .hasMessageContaining("expected a 4-D batch [N, C, H, W] — a single image needs a batch dimension:"
                        + " x.unsqueeze(0)");
    }

    @Test
    void inputSmallerThanTheKernelIsRejected() {
        Conv2d conv = new Conv2d(512, 512, 3, new Rng(1));
        assertThatThrownBy(() -> conv.forward(Tensor.zeros(2, 512, 2, 2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Conv2d(in=512, out=512, kernel=3x3, stride=1, padding=0, bias=true) got input"
                        + " [2, 512, 2, 2]: the input 2x2 padded by 0 is smaller than the kernel 3x3 — use more"
                        + " padding or a smaller kernel, or downsample less before this layer");
    }

    @Test
    void dtypeMismatchSaysHowToConvert() {
        Conv2d conv = new Conv2d(1, 1, 1, new Rng(1));
        assertThatThrownBy(() -> conv.forward(Tensor.zeros(DType.FLOAT64, 1, 1, 2, 2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got a float64 input but its parameters are float32")
                .hasMessageContaining("x.to(DType.FLOAT32)");
    }

    @Test
    void functionalFormChecksWeightAndBias() {
        Tensor x = Tensor.zeros(1, 3, 5, 5);
        assertThatThrownBy(() -> Conv2d.conv2d(x, Tensor.zeros(4, 3, 3), null, new int[] {1}, new int[] {0}))
                .hasMessage("conv2d: weight has shape [4, 3, 3], expected [C_out, C_in, kh, kw]");
        assertThatThrownBy(() -> Conv2d.conv2d(x, Tensor.zeros(4, 2, 3, 3), null, new int[] {1}, new int[] {0}))
                .hasMessageContaining("the channel dimension (dimension 1) must be 2");
        assertThatThrownBy(() -> Conv2d.conv2d(x, Tensor.zeros(4, 3, 3, 3), Tensor.zeros(3), new int[] {1},
                new int[] {0})).hasMessageContaining("bias has shape [3], expected [4]");
    }

    @Test
    void invalidConfigurationIsRejectedAtConstruction() {
        Rng rng = new Rng(1);
        assertThatThrownBy(() -> new Conv2d(0, 4, 3, rng)).hasMessageContaining("invalid channel counts in=0");
        assertThatThrownBy(() -> new Conv2d(3, 4, 0, rng)).hasMessage("Invalid kernel size 0x0: must be at least 1");
        assertThatThrownBy(() -> new Conv2d(3, 4, 3, 0, 1, rng)).hasMessage("Invalid stride 0x0: must be at least 1");
        assertThatThrownBy(() -> new Conv2d(3, 4, 3, 1, -1, rng))
                .hasMessage("Invalid padding -1x-1: must be non-negative");
        assertThatThrownBy(() -> new Conv2d(3, 4, new int[] {3, 3, 3}, new int[] {1}, new int[] {0}, true, rng))
                .hasMessageContaining("Invalid kernel size [3, 3, 3]: give one value for both dimensions or a"
                        + " (height, width) pair");
    }
}
