package dev.nabla.bench;

import dev.nabla.autograd.NoGrad;
import dev.nabla.kernel.Kernels;
import dev.nabla.nn.Module;
import dev.nabla.nn.losses.CrossEntropyLoss;
import dev.nabla.nn.models.ConvNet;
import dev.nabla.nn.models.ConvNetSpec;
import dev.nabla.nn.models.Mlp;
import dev.nabla.nn.models.MlpSpec;
import dev.nabla.optim.Adam;
import dev.nabla.optim.Optimizer;
import dev.nabla.optim.SGD;
import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;
import dev.nabla.tensor.Workspace;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The seeds' workloads, built exactly as {@code shared/bench/bench_torch.py} builds them for PyTorch, so
 * the RESULT lines compare side by side (same workload names):
 * <ul>
 *   <li>W1: MLP 3072-100-10 ReLU, batch 200, SGD lr 2e-3, one full training step;
 *   <li>W1b: 784-300-10 sigmoid, batch 32, SGD lr 2e-3;
 *   <li>W1c: 3072-400×3-10 ReLU, batch 400, Adam lr 1e-3;
 *   <li>W2: the VGG-like ConvNet on 3×32×32, batch 32, Adam lr 1e-4;
 *   <li>W2i: the same ConvNet in eval mode without a graph, batch 256 (throughput);
 *   <li>W3: W1's MLP forward only, batch 1000 (throughput).
 * </ul>
 * A full training step is {@code zeroGrad; forward; cross-entropy; backward; step}, on random data,
 * with the step's tensors in a {@link Workspace} as {@code nabla train} runs it (the inference
 * workloads too: each call's tensors are recycled by the next).
 */
public final class Workloads {
    /** The workload keys, in order. */
    public static final List<String> NAMES = List.of("W1", "W1b", "W1c", "W2", "W2i", "W3");

    private Workloads() {}

    /** Runs one workload and prints its RESULT line. */
    public static void run(String key, int steps, int warmup, PrintStream out) {
        Rng rng = new Rng(0);
        int threads = Kernels.threads();
        switch (key) {
            case "W1" -> trainStep(out, "W1_mlp3072-100-10_b200_sgd_train", mlp(rng, 3072, 100), 200, new int[] {3072},
                    m -> new SGD(m.parameters(), 2e-3), rng, steps, warmup, 1.0);
            case "W1b" -> trainStep(out, "W1b_mlp784-300-10sig_b32_sgd_train",
                    new Mlp(MlpSpec.of(784, List.of(300), 10).withActivation(MlpSpec.Activation.SIGMOID), rng), 32,
                    new int[] {784}, m -> new SGD(m.parameters(), 2e-3), rng, steps, warmup, 1.0);
            case "W1c" -> trainStep(out, "W1c_mlp3072-400x3-10_b400_adam_train",
                    new Mlp(MlpSpec.of(3072, List.of(400, 400, 400), 10), rng), 400, new int[] {3072},
                    m -> new Adam(m.parameters(), 1e-3), rng, steps, warmup, 1.0);
            case "W2" -> trainStep(out, "W2_vgg_b32_adam_train", new ConvNet(ConvNetSpec.seedDefault(3, 32, 32, 10), rng),
                    32, new int[] {3, 32, 32}, m -> new Adam(m.parameters(), 1e-4), rng, steps, warmup, 0.0);
            case "W2i" -> inference(out, "W2i_vgg_b256_eval_infer",
                    new ConvNet(ConvNetSpec.seedDefault(3, 32, 32, 10), rng), 256, new int[] {3, 32, 32}, rng, steps, 3);
            case "W3" -> inference(out, "W3_mlp3072-100-10_b1000_infer", mlp(rng, 3072, 100), 1000, new int[] {3072},
                    rng, steps, warmup);
            default -> throw new IllegalArgumentException("unknown workload '" + key + "' (expected one of " + NAMES + ")");
        }
        out.flush();
        if (threads != Kernels.threads()) {
            throw new IllegalStateException("thread count changed during the benchmark");
        }
    }

    private static Mlp mlp(Rng rng, int in, int hidden) {
        return new Mlp(MlpSpec.of(in, List.of(hidden), 10), rng);
    }

    private static Tensor input(Rng rng, int batch, int[] sample) {
        int[] shape = new int[sample.length + 1];
        shape[0] = batch;
        System.arraycopy(sample, 0, shape, 1, sample.length);
        return Tensor.randn(rng, shape);
    }

    private static void trainStep(PrintStream out, String name, Module model, int batch, int[] sample,
            Function<Module, Optimizer> optimizer, Rng rng, int steps, int warmup, double minSeconds) {
        Tensor x = input(rng, batch, sample);
        int[] y = new int[batch];
        for (int i = 0; i < batch; i++) {
            y[i] = rng.nextInt(10);
        }
        Optimizer opt = optimizer.apply(model);
        CrossEntropyLoss loss = new CrossEntropyLoss();
        model.train();
        Workspace workspace = new Workspace();
        BenchTiming.Result r = BenchTiming.measure(() -> {
            try (Workspace.Scope ignored = workspace.open()) {
                opt.zeroGrad();
                loss.forward(model.forward(x), y).backward();
            }
            opt.step();
        }, steps, warmup, minSeconds);
        BenchTiming.report(out, name, Kernels.threads(), r, workspaceMb(workspace));
    }

    private static void inference(PrintStream out, String name, Module model, int batch, int[] sample, Rng rng,
            int steps, int warmup) {
        Tensor x = input(rng, batch, sample);
        model.eval();
        Workspace workspace = new Workspace();
        BenchTiming.Result r = BenchTiming.measure(() -> {
            try (Workspace.Scope step = workspace.open(); NoGrad ignored = NoGrad.enter()) {
                model.forward(x);
            }
        }, steps, warmup, 1.0);
        BenchTiming.report(out, name, Kernels.threads(), r,
                String.format(Locale.ROOT, " items_per_s=%.0f", batch / (r.medianMs() / 1e3)) + workspaceMb(workspace));
    }

    /** The memory a step's tensors take, as an extra RESULT field. */
    private static String workspaceMb(Workspace workspace) {
        return String.format(Locale.ROOT, " workspace_mb=%.1f", workspace.heldFloats() * 4 / 1e6);
    }

    /** {@code java ... dev.nabla.bench.Workloads [W1 W2 ...]}: all workloads by default. */
    public static void main(String[] args) {
        for (String key : args.length == 0 ? NAMES : List.of(args)) {
            run(key, 30, 5, System.out);
        }
    }
}
