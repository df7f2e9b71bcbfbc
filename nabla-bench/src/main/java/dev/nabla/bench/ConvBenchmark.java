package dev.nabla.bench;

import dev.nabla.kernel.Conv;
import dev.nabla.kernel.Gemm;
import dev.nabla.kernel.Im2col;
import dev.nabla.kernel.Kernels;
import dev.nabla.kernel.Window2d;
import dev.nabla.nn.layers.Conv2d;
import dev.nabla.nn.layers.MaxPool2d;
import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;
import java.util.Arrays;
import java.util.Locale;

/**
 * Forward + backward time of every convolution and pooling layer of the seeds' VGG-like CNN (workload
 * W2: 3×32×32 input, batch 32, float32), and where the time of a convolution goes: the three GEMMs
 * (forward, dW, dX) timed alone with the kernel's chunking, im2col and col2im timed alone, and the rest
 * (permutations, bias, allocation, autograd). Prints a table and one RESULT line per layer.
 *
 * <p>Run: {@code java --add-modules jdk.incubator.vector -cp ... dev.nabla.bench.ConvBenchmark [threads]
 * [batch] [reps]}. The first convolution gets no dX, as in training (the images need no gradient).
 */
public final class ConvBenchmark {
    private ConvBenchmark() {}

    /** One convolution of W2: C_in → C_out on size×size planes, 3×3, stride 1, padding 1. */
    private record ConvLayer(int cIn, int cOut, int size, boolean needDx) {}

    private static final ConvLayer[] CONVS = {
        new ConvLayer(3, 64, 32, false),
        new ConvLayer(64, 128, 16, true),
        new ConvLayer(128, 256, 8, true),
        new ConvLayer(256, 256, 8, true),
        new ConvLayer(256, 512, 4, true),
        new ConvLayer(512, 512, 4, true),
        new ConvLayer(512, 512, 2, true),
        new ConvLayer(512, 512, 2, true),
    };

    /** The pools of W2: 3×3, stride 2, padding 1 on C×size×size. */
    private static final int[][] POOLS = {{64, 32}, {128, 16}, {256, 8}, {512, 4}, {512, 2}};

    public static void main(String[] args) {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 32;
        int reps = args.length > 2 ? Integer.parseInt(args[2]) : 15;
        Kernels.setThreads(threads);
        System.out.println("# nabla ConvBenchmark: batch " + batch + ", " + Kernels.describe() + ", median of " + reps);
        System.out.printf(Locale.ROOT, "%-22s %9s %9s %8s | %8s %8s %8s %8s | %7s%n", "layer", "GFLOP", "ms",
                "GFLOP/s", "gemm ms", "im2col", "col2im", "other", "non-gemm");
        double totalMs = 0;
        double totalGemm = 0;
        for (ConvLayer l : CONVS) {
            totalMs += conv(l, batch, reps, threads);
            totalGemm += lastGemmMs;
        }
        double poolMs = 0;
        for (int[] p : POOLS) {
            poolMs += pool(p[0], p[1], batch, reps, threads);
        }
        System.out.printf(Locale.ROOT, "# all convolutions %.2f ms (GEMMs alone %.2f ms, %.0f%% of it); all pools %.2f ms%n",
                totalMs, totalGemm, 100 * totalGemm / totalMs, poolMs);
    }

    private static double lastGemmMs;

    private static double conv(ConvLayer l, int batch, int reps, int threads) {
        Rng rng = new Rng(1);
        Conv2d conv = new Conv2d(l.cIn, l.cOut, 3, 1, 1, rng);
        Tensor x = Tensor.randn(rng, batch, l.cIn, l.size, l.size).requiresGrad(l.needDx);
        Tensor dy = Tensor.randn(rng, batch, l.cOut, l.size, l.size);
        double layerMs = median(reps, () -> {
            conv.zeroGrad();
            conv.forward(x).backward(dy);
        });

        Window2d g = new Window2d(batch, l.cIn, l.size, l.size, 3, 3, 1, 1, 1, 1);
        int k = l.cIn * 9;
        int chunk = Conv.imagesPerChunk(g);
        int maxCols = chunk * g.outPlane();
        float[] col = new float[k * maxCols];
        float[] out = new float[l.cOut * maxCols];
        float[] w = conv.weight().floatData();
        float[] dw = new float[l.cOut * k];
        float[] xs = x.floatData();
        float[] dx = new float[xs.length];
        double gemmMs = median(reps, () -> {
            for (int n0 = 0; n0 < batch; n0 += chunk) {
                int cols = Math.min(chunk, batch - n0) * g.outPlane();
                Gemm.sgemm(false, false, l.cOut, cols, k, 1f, w, 0, k, col, 0, cols, 0f, out, 0, cols);
                Gemm.sgemm(false, true, l.cOut, k, cols, 1f, out, 0, cols, col, 0, cols, n0 == 0 ? 0f : 1f, dw, 0, k);
                if (l.needDx) {
                    Gemm.sgemm(true, false, k, cols, l.cOut, 1f, w, 0, k, out, 0, cols, 0f, col, 0, cols);
                }
            }
        });
        // Forward and the dW pass each run im2col once (backward recomputes the columns).
        double im2colMs = 2 * median(reps, () -> {
            for (int n0 = 0; n0 < batch; n0 += chunk) {
                int count = Math.min(chunk, batch - n0);
                Im2col.im2col(g, xs, 0, n0, count, col, count * g.outPlane());
            }
        });
        double col2imMs = !l.needDx ? 0 : median(reps, () -> {
            for (int n0 = 0; n0 < batch; n0 += chunk) {
                int count = Math.min(chunk, batch - n0);
                Im2col.col2im(g, col, count * g.outPlane(), n0, count, dx, 0);
            }
        });
        double flops = 2.0 * l.cOut * k * batch * g.outPlane() * (l.needDx ? 3 : 2);
        double other = layerMs - gemmMs - im2colMs - col2imMs;
        String name = String.format(Locale.ROOT, "conv%d-%d@%dx%d", l.cIn, l.cOut, l.size, l.size);
        System.out.printf(Locale.ROOT, "%-22s %9.3f %9.2f %8.1f | %8.2f %8.2f %8.2f %8.2f | %6.1f%%%n", name,
                flops * 1e-9, layerMs, flops / layerMs * 1e-6, gemmMs, im2colMs, col2imMs, other,
                100 * (layerMs - gemmMs) / layerMs);
        System.out.printf(Locale.ROOT, "RESULT framework=nabla workload=W2_%s_b%d_fwdbwd threads=%d median_ms=%.3f"
                + " gflops=%.1f gemm_ms=%.3f im2col_ms=%.3f col2im_ms=%.3f%n", name, batch, threads, layerMs,
                flops / layerMs * 1e-6, gemmMs, im2colMs, col2imMs);
        lastGemmMs = gemmMs;
        return layerMs;
    }

    private static double pool(int c, int size, int batch, int reps, int threads) {
        MaxPool2d pool = new MaxPool2d(3, 2, 1);
        Tensor x = Tensor.randn(new Rng(2), batch, c, size, size).requiresGrad(true);
        int out = Window2d.outputSize(size, 3, 2, 1);
        Tensor dy = Tensor.randn(new Rng(3), batch, c, out, out);
        double forwardMs = median(reps, () -> pool.forward(x));
        double ms = median(reps, () -> {
            x.zeroGrad();
            pool.forward(x).backward(dy);
        });
        String name = String.format(Locale.ROOT, "maxpool%d@%dx%d", c, size, size);
        System.out.printf(Locale.ROOT, "%-22s %9s %9.2f %8s | forward %.2f ms, backward %.2f ms%n", name, "", ms, "",
                forwardMs, ms - forwardMs);
        System.out.printf(Locale.ROOT, "RESULT framework=nabla workload=W2_%s_b%d_fwdbwd threads=%d median_ms=%.3f%n",
                name, batch, threads, ms);
        return ms;
    }

    private static double median(int reps, Runnable body) {
        for (int i = 0; i < 3; i++) {
            body.run();
        }
        double[] ms = new double[reps];
        for (int i = 0; i < reps; i++) {
            long t0 = System.nanoTime();
            body.run();
            ms[i] = (System.nanoTime() - t0) * 1e-6;
        }
        Arrays.sort(ms);
        return ms[reps / 2];
    }
}
