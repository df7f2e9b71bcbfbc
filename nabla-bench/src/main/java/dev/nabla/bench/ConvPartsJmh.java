package dev.nabla.bench;

import dev.nabla.kernel.Conv;
import dev.nabla.kernel.Gemm;
import dev.nabla.kernel.Im2col;
import dev.nabla.kernel.Kernels;
import dev.nabla.kernel.PackedA;
import dev.nabla.kernel.Window2d;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH micro-benchmark of the parts of a convolution besides its products, which the W2 profile puts at
 * ~20 % of a training step (bench/README.md): im2col and col2im of one batch chunk, and packing the
 * weights (or their transpose) for the GEMM; and the whole layer, forward and backward, to compare
 * the ways of feeding the products. Layers of the seeds' CNN at batch 32, 3×3, padding 1, as
 * {@code C_in-C_out@size}. Run with
 * {@code java --add-modules jdk.incubator.vector -cp <classpath> org.openjdk.jmh.Main ConvPartsJmh}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class ConvPartsJmh {
    /** The layer: input channels, output channels and plane size. */
    @Param({"64-128@16", "256-256@8", "512-512@2"})
    public String layer;

    @Param({"2"})
    public int threads;

    private Window2d g;
    private int cOut;
    private int count;
    private int cols;
    private float[] x;
    private float[] w;
    private float[] col;
    private float[] dx;
    private PackedA packed;
    private float[] y;
    private float[] dw;

    @Setup
    public void setUp() {
        String[] io = layer.split("@");
        String[] ch = io[0].split("-");
        int cIn = Integer.parseInt(ch[0]);
        cOut = Integer.parseInt(ch[1]);
        int size = Integer.parseInt(io[1]);
        g = new Window2d(32, cIn, size, size, 3, 3, 1, 1, 1, 1);
        count = Conv.imagesPerChunk(g);
        cols = count * g.outPlane();
        int k = cIn * 9;
        SplittableRandom r = new SplittableRandom(1);
        x = random(r, 32 * cIn * size * size);
        w = random(r, cOut * k);
        col = random(r, k * cols);
        dx = new float[x.length];
        y = random(r, 32 * cOut * g.outPlane());
        dw = new float[w.length];
        Kernels.setThreads(threads);
    }

    /** One chunk's column matrix from the input. */
    @Benchmark
    public float[] im2col() {
        Im2col.im2col(g, x, 0, 0, count, col, cols);
        return col;
    }

    /** One chunk's column-matrix gradient folded back into dx. */
    @Benchmark
    public float[] col2im() {
        Im2col.col2im(g, col, cols, 0, count, dx, 0);
        return dx;
    }

    /** The weights packed for the forward products (once per call). */
    @Benchmark
    public PackedA packWeights() {
        int k = g.channels() * 9;
        packed = Gemm.pack(false, cOut, k, w, 0, k, packed);
        return packed;
    }

    /** Wᵀ packed for the input-gradient products (once per call). */
    @Benchmark
    public PackedA packWeightsTransposed() {
        int k = g.channels() * 9;
        packed = Gemm.pack(true, k, cOut, w, 0, k, packed);
        return packed;
    }

    /** The whole layer forward over the batch: im2col (or the padded input) and the products. */
    @Benchmark
    public float[] forward() {
        Conv.forward(g, cOut, x, 0, w, 0, null, 0, y, 0);
        return y;
    }

    /** The whole layer backward over the batch: weight and input gradients (y stands in for dy). */
    @Benchmark
    public float[] backward() {
        Conv.backward(g, cOut, x, 0, w, 0, y, 0, dx, dw, null);
        return dw;
    }

    private static float[] random(SplittableRandom r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return a;
    }
}
