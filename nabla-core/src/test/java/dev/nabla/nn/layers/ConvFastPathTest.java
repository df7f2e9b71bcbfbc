package dev.nabla.nn.layers;

import static dev.nabla.testing.TensorAssert.assertBitIdentical;
import static dev.nabla.testing.TensorAssert.assertClose;

import dev.nabla.kernel.Kernels;
import dev.nabla.nn.Module;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The float32 kernels (im2col + GEMM in chunks, scratch buffers, fused permutations) against the float64
 * path (tensor ops), on the layer shapes of the seeds' CNN; and the determinism contract: bit-identical
 * results with one and with two threads.
 */
class ConvFastPathTest {
    private final int threadsBefore = Kernels.threads();

    @AfterEach
    void restoreThreads() {
        Kernels.setThreads(threadsBefore);
    }

    /** Forward output, then the gradients of every tensor in {@code inputs} for a fixed dy. */
    private static List<Tensor> run(Function<Tensor, Tensor> layer, Tensor x, List<Tensor> params, long seed) {
        x.zeroGrad();
        params.forEach(Tensor::zeroGrad);
        Tensor y = layer.apply(x);
        Tensor dy = Tensor.randn(new Rng(seed), y.shape()).to(y.dtype());
        y.backward(dy);
        List<Tensor> out = new ArrayList<>(List.of(y.detach(), x.grad()));
        params.forEach(p -> out.add(p.grad()));
        return out;
    }

    @ParameterizedTest(name = "conv {1}->{2} on {3}x{3}, batch {0}")
    @CsvSource({
        "2, 3, 64, 32",      // first layer: K = 27, one GEMM per image
        "2, 64, 128, 16",
        "3, 64, 8, 32",      // one GEMM per image, one image per chunk: three chunks
        "2, 256, 512, 4",
        "2, 512, 512, 2",    // late layer: 2x2 planes batched into one product
    })
    void float32KernelsAgreeWithFloat64OnTheSeedCnnShapes(int n, int cIn, int cOut, int size) {
        Conv2d conv = new Conv2d(cIn, cOut, 3, 1, 1, new Rng(cIn + cOut));
        Tensor x = Tensor.randn(new Rng(1), n, cIn, size, size).requiresGrad(true);
        // Sums of up to N·H·W (dW) or 9·C_in (y, dx) float32 products: tolerance relative to the scale.
        assertAgreesWithFloat64(conv, x, 2, 2e-5);
    }

    @ParameterizedTest(name = "{0}x{1} input, kernel {2}x{3}, stride {4}x{5}, padding {6}x{7}")
    @CsvSource({
        "12, 9, 5, 3, 1, 1, 2, 1",   // same size at stride 1, non-square: block copies
        "9, 8, 1, 1, 1, 1, 0, 0",    // 1x1 kernel: block copies with no shift
        "1, 70, 3, 3, 1, 1, 1, 1",   // one row: every shifted row but the middle one is padding
        "11, 10, 3, 3, 2, 2, 1, 1",  // stride 2: padded-plane lookups
        "10, 10, 4, 4, 1, 1, 1, 1",  // output smaller than the input: padded-plane lookups
    })
    void float32KernelsAgreeWithFloat64OnOtherGeometries(int h, int w, int kh, int kw, int sh, int sw, int ph, int pw) {
        Conv2d conv = new Conv2d(3, 4, new int[] {kh, kw}, new int[] {sh, sw}, new int[] {ph, pw}, true, new Rng(3));
        Tensor x = Tensor.randn(new Rng(4), 2, 3, h, w).requiresGrad(true);
        assertAgreesWithFloat64(conv, x, 5, 1e-5);
    }

    /**
     * Products that read the column matrix in place from the padded input, over several batch chunks (the
     * weight gradient accumulates across them), against the float64 path.
     */
    @ParameterizedTest(name = "conv {1}->{2} on {3}x{3} stride {4}, batch {0}")
    @CsvSource({
        "3, 64, 8, 32, 2",       // 16x16 output, two images per chunk
        "11, 128, 16, 8, 1",     // the seeds' 8x8 layers: eight images per chunk
    })
    void inPlaceColumnMatricesOverSeveralChunksAgreeWithFloat64(int n, int cIn, int cOut, int size, int stride) {
        Conv2d conv = new Conv2d(cIn, cOut, 3, stride, 1, new Rng(11));
        Tensor x = Tensor.randn(new Rng(12), n, cIn, size, size).requiresGrad(true);
        assertAgreesWithFloat64(conv, x, 13, 2e-5);
    }

    /**
     * The float32 layer (its kernels) against the same layer converted to float64 (tensor ops): y and every
     * gradient for the dy drawn from {@code seed}, within 1e-4 relative or {@code scaled}·max|expected|.
     * Leaves the layer in float64.
     */
    private static void assertAgreesWithFloat64(Conv2d conv, Tensor x, long seed, double scaled) {
        List<Tensor> f32 = run(conv::forward, x, conv.parameters(), seed);
        conv.to(DType.FLOAT64);
        List<Tensor> f64 = run(conv::forward, x.detach().to(DType.FLOAT64).requiresGrad(true), conv.parameters(), seed);
        String[] names = {"y", "dx", "dweight", "dbias"};
        for (int i = 0; i < names.length; i++) {
            Tensor expected = f64.get(i);
            assertClose(f32.get(i), expected, 1e-4, scaled * expected.abs().max().item(), names[i]);
        }
    }

    @ParameterizedTest(name = "conv {1}->{2} on {3}x{3} stride {4} padding {5}, batch {0}")
    @CsvSource({
        "3, 3, 16, 32, 1, 1",    // one GEMM per image
        "2, 32, 8, 32, 1, 1",    // one GEMM per image, one image per chunk
        "3, 64, 8, 32, 2, 1",    // one GEMM per chunk, several chunks
        "4, 64, 8, 16, 1, 1",    // a written-out column matrix, two chunks: one per thread, dX apart
        "17, 64, 8, 16, 1, 1",   // nine chunks of two images, split 4 and 5
        "5, 32, 64, 4, 1, 1",
        "2, 5, 7, 9, 2, 0",
    })
    void convIsBitIdenticalWithOneAndTwoThreads(int n, int cIn, int cOut, int size, int stride, int padding) {
        Conv2d conv = new Conv2d(cIn, cOut, 3, stride, padding, new Rng(7));
        Tensor x = Tensor.randn(new Rng(8), n, cIn, size, size).requiresGrad(true);
        assertSameWithOneAndTwoThreads(conv, x);
    }

    @ParameterizedTest(name = "{0}pool {1}x{1} stride {2} padding {3}")
    @CsvSource({
        "max, 3, 2, 1",
        "max, 2, 2, 0",
        "avg, 3, 2, 1",
    })
    void poolingIsBitIdenticalWithOneAndTwoThreads(String kind, int kernel, int stride, int padding) {
        Module pool = kind.equals("max") ? new MaxPool2d(kernel, stride, padding) : new AvgPool2d(kernel, stride, padding);
        Tensor x = Tensor.randn(new Rng(9), 4, 64, 16, 16).requiresGrad(true);
        assertSameWithOneAndTwoThreads(pool, x);
    }

    private void assertSameWithOneAndTwoThreads(Module layer, Tensor x) {
        Kernels.setThreads(1);
        List<Tensor> one = run(layer::forward, x, layer.parameters(), 3);
        Kernels.setThreads(2);
        List<Tensor> two = run(layer::forward, x, layer.parameters(), 3);
        for (int i = 0; i < one.size(); i++) {
            assertBitIdentical(two.get(i), one.get(i), layer + " result " + i);
        }
    }
}
