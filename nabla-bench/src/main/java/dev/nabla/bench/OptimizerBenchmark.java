package dev.nabla.bench;

import dev.nabla.optim.Adam;
import dev.nabla.optim.Optimizer;
import dev.nabla.optim.SGD;
import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
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
 * One optimizer step over the parameters of the seeds' VGG-like CNN (DESIGN.md: conv64-conv128-conv256×2-
 * conv512×2-conv512×2 with 3×3 kernels, each with bias and BatchNorm weight and bias, then linear 512→10:
 * 34 tensors, 9.2M floats at width 1; width 0.5 halves every channel count, 2.3M floats).
 *
 * <p>Divide the time by {@link #elements(double)} for nanoseconds per parameter element. Run with
 * {@code java --add-modules jdk.incubator.vector -cp ... org.openjdk.jmh.Main OptimizerBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class OptimizerBenchmark {
    /** Output channels of the eight 3×3 convolutions at width 1. */
    private static final int[] CONV = {64, 128, 256, 256, 512, 512, 512, 512};

    @Param({"adam", "sgd_momentum"})
    public String optimizer;

    @Param({"1.0", "0.5"})
    public double width;

    private Optimizer opt;

    /** The parameter shapes of the CNN at the given width. */
    static List<int[]> shapes(double width) {
        List<int[]> out = new ArrayList<>();
        int in = 3;
        for (int c : CONV) {
            int ch = (int) (c * width);
            out.add(new int[] {ch, in, 3, 3});
            out.add(new int[] {ch});
            out.add(new int[] {ch});
            out.add(new int[] {ch});
            in = ch;
        }
        out.add(new int[] {10, in});
        out.add(new int[] {10});
        return out;
    }

    /** The number of parameter elements at the given width. */
    public static long elements(double width) {
        long n = 0;
        for (int[] s : shapes(width)) {
            long e = 1;
            for (int d : s) {
                e *= d;
            }
            n += e;
        }
        return n;
    }

    @Setup
    public void setup() {
        Rng rng = new Rng(1);
        List<Tensor> params = new ArrayList<>();
        for (int[] s : shapes(width)) {
            Tensor p = Tensor.randn(rng, s).requiresGrad(true);
            p.setGrad(Tensor.randn(rng, s).mul(1e-3));
            params.add(p);
        }
        opt = switch (optimizer) {
            case "adam" -> new Adam(params, 1e-4);
            case "sgd_momentum" -> new SGD(params, 1e-3, 0.9);
            default -> throw new IllegalArgumentException(optimizer);
        };
        opt.step();
    }

    @Benchmark
    public void step() {
        opt.step();
    }
}
