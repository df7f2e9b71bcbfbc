package dev.nabla.bench;

import dev.nabla.nn.Module;
import dev.nabla.nn.layers.BatchNorm1d;
import dev.nabla.nn.layers.BatchNorm2d;
import dev.nabla.nn.layers.LayerNorm;
import dev.nabla.nn.layers.NormImpl;
import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;
import java.util.Arrays;
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
 * What the fused normalisation layers buy over the same math composed from primitive ops: one training
 * forward plus backward (dx, dγ, dβ), float32, for BatchNorm1d on an MLP's hidden layer, BatchNorm2d on
 * a CNN's feature map, and LayerNorm on both shapes.
 *
 * <pre>
 * ./mvnw -q -pl nabla-bench -am package -DskipTests
 * ./mvnw -q -pl nabla-bench dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
 * java --add-modules jdk.incubator.vector \
 *     -cp "nabla-bench/target/classes:$(cat nabla-bench/target/classpath.txt)" org.openjdk.jmh.Main NormBenchmark
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 6, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class NormBenchmark {
    /** Layer and input shape: bn1d, bn2d or ln (over every dimension after the batch). */
    @Param({"bn1d:200x100", "bn2d:32x64x32x32", "ln:200x100", "ln:32x64x32x32"})
    public String layer;

    @Param({"FUSED", "COMPOSED"})
    public NormImpl impl;

    private Module module;
    private Tensor x;
    private Tensor gradOutput;

    @Setup
    public void setup() {
        String[] parts = layer.split(":");
        int[] shape = Arrays.stream(parts[1].split("x")).mapToInt(Integer::parseInt).toArray();
        int[] perSample = Arrays.copyOfRange(shape, 1, shape.length);
        module = switch (parts[0]) {
            case "bn1d" -> new BatchNorm1d(shape[1], 1e-5, 0.1, true, impl);
            case "bn2d" -> new BatchNorm2d(shape[1], 1e-5, 0.1, true, impl);
            case "ln" -> new LayerNorm(perSample, 1e-5, true, impl);
            default -> throw new IllegalArgumentException("unknown layer " + parts[0]);
        };
        Rng rng = new Rng(1);
        x = Tensor.randn(rng, shape).mul(2).add(0.5).detach().requiresGrad(true);
        gradOutput = Tensor.randn(rng, shape);
    }

    @Benchmark
    public Tensor forwardBackward() {
        x.zeroGrad();
        module.zeroGrad();
        module.forward(x).backward(gradOutput);
        return x.grad();
    }
}
