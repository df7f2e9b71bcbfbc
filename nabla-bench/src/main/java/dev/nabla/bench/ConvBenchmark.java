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
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Forward + backward time of every convolution and pooling layer of the seeds' VGG-like CNN (workload
 * W2: 3×32×32 input, batch 32, float32), and where a convolution's time goes: its GEMMs (forward, dW,
 * dX, in the shapes the kernel uses) timed alone, im2col and col2im timed alone, and the rest
 * (permutations, bias, allocation, autograd) as the difference.
 *
 * <p>The parts are timed in turn within every repetition, so that a noisy machine disturbs them alike;
 * the breakdown uses the fastest repetition of each part, the headline time both the fastest and the
 * median. The first convolution computes no dX, as in training (images need no gradient). Prints a
 * table, one RESULT line per layer, and the load that other processes put on the machine meanwhile.
 *
 * <p>Run: {@code java --add-modules jdk.incubator.vector -cp ... dev.nabla.bench.ConvBenchmark
 * [threads=2] [batch=32] [reps=21]}.
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

    private static final int WARMUP = 5;

    public static void main(String[] args) {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 32;
        int reps = args.length > 2 ? Integer.parseInt(args[2]) : 21;
        Kernels.setThreads(threads);
        long[] load0 = machineLoad();
        System.out.println("# nabla ConvBenchmark: batch " + batch + ", " + Kernels.describe() + ", " + reps
                + " repetitions; times in ms (min / median), parts by their fastest repetition");
        System.out.printf(Locale.ROOT, "%-16s %6s %15s %7s | %7s %7s %7s %7s | %8s%n", "layer", "GFLOP", "ms min / med",
                "GFLOP/s", "gemm", "im2col", "col2im", "other", "non-gemm");
        double[] total = new double[4];
        for (ConvLayer l : CONVS) {
            double[] r = conv(l, batch, reps, threads);
            for (int i = 0; i < total.length; i++) {
                total[i] += r[i];
            }
        }
        double poolMs = 0;
        for (int[] p : POOLS) {
            poolMs += pool(p[0], p[1], batch, reps, threads);
        }
        System.out.printf(Locale.ROOT, "# convolutions: %.1f ms, of which GEMMs %.1f, im2col %.1f, col2im %.1f, other %.1f"
                + " (non-GEMM %.0f%%); max pooling: %.1f ms%n", total[0], total[1], total[2], total[3],
                total[0] - total[1] - total[2] - total[3], 100 * (total[0] - total[1]) / total[0], poolMs);
        System.out.printf(Locale.ROOT, "# other processes used %.0f%% of the machine during the run%n",
                otherLoadPercent(load0, machineLoad()));
    }

    /** Returns {layer, gemm, im2col, col2im} in ms, each the fastest repetition. */
    private static double[] conv(ConvLayer l, int batch, int reps, int threads) {
        Rng rng = new Rng(1);
        Conv2d conv = new Conv2d(l.cIn, l.cOut, 3, 1, 1, rng);
        Tensor x = Tensor.randn(rng, batch, l.cIn, l.size, l.size).requiresGrad(l.needDx);
        Tensor dy = Tensor.randn(rng, batch, l.cOut, l.size, l.size);
        Window2d g = new Window2d(batch, l.cIn, l.size, l.size, 3, 3, 1, 1, 1, 1);
        int k = l.cIn * 9;
        int p = g.outPlane();
        int chunk = Conv.imagesPerChunk(g);
        boolean perImage = Conv.perImage(g);
        float[] col = new float[k * chunk * p];
        float[] out = new float[l.cOut * chunk * p];
        float[] w = conv.weight().floatData();
        float[] dw = new float[l.cOut * k];
        float[] xs = x.floatData();
        float[] dx = new float[xs.length];
        Runnable layer = () -> {
            conv.zeroGrad();
            x.zeroGrad();
            conv.forward(x).backward(dy);
        };
        Runnable gemms = () -> {
            for (int n0 = 0; n0 < batch; n0 += chunk) {
                int cols = Math.min(chunk, batch - n0) * p;
                int width = perImage ? p : cols;
                for (int c0 = 0; c0 < cols; c0 += width) {
                    Gemm.sgemm(false, false, l.cOut, width, k, 1f, w, 0, k, col, c0, cols, 0f, out, c0, cols);
                    Gemm.sgemm(false, true, l.cOut, k, width, 1f, out, c0, cols, col, c0, cols, 1f, dw, 0, k);
                    if (l.needDx) {
                        Gemm.sgemm(true, false, k, width, l.cOut, 1f, w, 0, k, out, c0, cols, 0f, col, c0, cols);
                    }
                }
            }
        };
        Runnable im2col = () -> {
            for (int n0 = 0; n0 < batch; n0 += chunk) {
                int count = Math.min(chunk, batch - n0);
                Im2col.im2col(g, xs, 0, n0, count, col, count * p);
            }
        };
        Runnable col2im = () -> {
            for (int n0 = 0; n0 < batch; n0 += chunk) {
                int count = Math.min(chunk, batch - n0);
                Im2col.col2im(g, col, count * p, n0, count, dx, 0);
            }
        };
        double[][] t = time(reps, layer, gemms, im2col, col2im);
        double layerMin = t[0][0];
        double gemmMs = t[1][0];
        // Forward and the dW pass each run im2col once (backward recomputes the columns).
        double im2colMs = 2 * t[2][0];
        double col2imMs = l.needDx ? t[3][0] : 0;
        double flops = 2.0 * l.cOut * k * batch * p * (l.needDx ? 3 : 2);
        String name = String.format(Locale.ROOT, "conv%d-%d@%dx%d", l.cIn, l.cOut, l.size, l.size);
        System.out.printf(Locale.ROOT, "%-16s %6.3f %7.2f / %5.2f %7.1f | %7.2f %7.2f %7.2f %7.2f | %7.1f%%%n", name,
                flops * 1e-9, layerMin, t[0][reps / 2], flops / layerMin * 1e-6, gemmMs, im2colMs, col2imMs,
                layerMin - gemmMs - im2colMs - col2imMs, 100 * (layerMin - gemmMs) / layerMin);
        System.out.printf(Locale.ROOT, "RESULT framework=nabla workload=W2_%s_b%d_fwdbwd threads=%d median_ms=%.3f"
                + " min_ms=%.3f gflops=%.1f gemm_ms=%.3f im2col_ms=%.3f col2im_ms=%.3f%n", name, batch, threads,
                t[0][reps / 2], layerMin, flops / layerMin * 1e-6, gemmMs, im2colMs, col2imMs);
        return new double[] {layerMin, gemmMs, im2colMs, col2imMs};
    }

    /** Returns the fastest forward + backward time in ms. */
    private static double pool(int c, int size, int batch, int reps, int threads) {
        MaxPool2d pool = new MaxPool2d(3, 2, 1);
        Tensor x = Tensor.randn(new Rng(2), batch, c, size, size).requiresGrad(true);
        int out = Window2d.outputSize(size, 3, 2, 1);
        Tensor dy = Tensor.randn(new Rng(3), batch, c, out, out);
        double[][] t = time(reps, () -> pool.forward(x), () -> {
            x.zeroGrad();
            pool.forward(x).backward(dy);
        });
        String name = String.format(Locale.ROOT, "maxpool%d@%dx%d", c, size, size);
        System.out.printf(Locale.ROOT, "%-16s %6s %7.2f / %5.2f %7s | forward %.2f%n", name, "", t[1][0],
                t[1][reps / 2], "", t[0][0]);
        System.out.printf(Locale.ROOT, "RESULT framework=nabla workload=W2_%s_b%d_fwdbwd threads=%d median_ms=%.3f"
                + " min_ms=%.3f forward_min_ms=%.3f%n", name, batch, threads, t[1][reps / 2], t[1][0], t[0][0]);
        return t[1][0];
    }

    /** Runs the bodies in turn, WARMUP + reps times; per body, the repetitions' ms in increasing order. */
    private static double[][] time(int reps, Runnable... bodies) {
        double[][] ms = new double[bodies.length][reps];
        for (int r = -WARMUP; r < reps; r++) {
            for (int b = 0; b < bodies.length; b++) {
                long t0 = System.nanoTime();
                bodies[b].run();
                if (r >= 0) {
                    ms[b][r] = (System.nanoTime() - t0) * 1e-6;
                }
            }
        }
        for (double[] m : ms) {
            Arrays.sort(m);
        }
        return ms;
    }

    /** {busy jiffies of all CPUs from /proc/stat, this process's CPU ns, wall ns}; zeros where unavailable. */
    private static long[] machineLoad() {
        long busy = 0;
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            // user nice system idle iowait irq softirq steal: everything but idle and iowait is busy.
            for (int i : new int[] {1, 2, 3, 6, 7, 8}) {
                busy += Long.parseLong(f[i]);
            }
        } catch (IOException | RuntimeException e) {
            busy = 0;
        }
        long own = ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : 0;
        return new long[] {busy, own, System.nanoTime()};
    }

    private static double otherLoadPercent(long[] a, long[] b) {
        double busyNs = (b[0] - a[0]) * 1e7; // jiffies are 10 ms (USER_HZ = 100)
        double otherNs = busyNs - (b[1] - a[1]);
        return Math.max(0, 100 * otherNs / ((b[2] - a[2]) * (double) Runtime.getRuntime().availableProcessors()));
    }
}
