package dev.nabla.cli;

import dev.nabla.bench.DataBenchmark;
import dev.nabla.bench.GemmBenchmark;
import dev.nabla.bench.Workloads;
import dev.nabla.kernel.Kernels;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code nabla bench}: the side-by-side benchmark workloads, as RESULT lines like shared/bench's scripts. */
@Command(name = "bench", mixinStandardHelpOptions = true, showDefaultValues = true, sortOptions = false,
        description = {
            "Time the seeds' workloads and print one RESULT line each, in the format of shared/bench's PyTorch and "
                    + "NumPy scripts, so the figures can be compared side by side (quote ratios: machines are noisy).",
            "",
            "  W1   MLP 3072-100-10 ReLU, batch 200, SGD: median ms per training step",
            "  W1b  784-300-10 sigmoid, batch 32, SGD",
            "  W1c  3072-400x3-10 ReLU, batch 400, Adam",
            "  W2   the seeds' VGG-like CNN, 3x32x32, batch 32, Adam",
            "  W2i  the same CNN, inference at batch 256 (items_per_s)",
            "  W3   W1's MLP, inference at batch 1000 (items_per_s)",
            "  data Fashion-MNIST load time and loader batches per second",
            "  gemm sgemm GFLOP/s on the shapes of shared/bench/bench_sgemm.c (squares, MLP, CNN im2col)",
            ""},
        footer = {"", "Examples:", "  nabla bench W1 W2 --threads 2", "  nabla bench gemm --threads 1",
            "  nabla bench            # all W* workloads"})
final class BenchCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Parameters(paramLabel = "WORKLOAD", arity = "0..*", description = "W1, W1b, W1c, W2, W2i, W3, data or gemm (default: all W*).")
    List<String> workloads = new ArrayList<>();

    @Option(names = "--threads", paramLabel = "N", description = "Kernel threads (0 = all cores).", defaultValue = "0")
    int threads;

    @Option(names = "--steps", paramLabel = "N", description = "Timed steps per workload (at least; short ones run for 1 s).",
            defaultValue = "30")
    int steps;

    @Override
    public Integer call() {
        if (threads < 0 || steps < 1) {
            throw new UsageException("--threads must be >= 0 and --steps >= 1");
        }
        if (threads > 0) {
            Kernels.setThreads(threads);
        }
        List<String> todo = workloads.isEmpty() ? Workloads.NAMES : workloads;
        for (String w : todo) {
            if (!w.equals("data") && !w.equals("gemm") && !Workloads.NAMES.contains(w)) {
                throw new UsageException("unknown workload '" + w + "' (expected " + String.join(", ", Workloads.NAMES)
                        + ", data or gemm)");
            }
        }
        main.out.println("# nabla " + VersionProvider.version() + ", kernels: " + Kernels.describe());
        for (String w : todo) {
            if (w.equals("data")) {
                DataBenchmark.run(main.out);
            } else if (w.equals("gemm")) {
                GemmBenchmark.run(Kernels.threads(), 0.5, main.out);
            } else {
                Workloads.run(w, steps, 5, main.out);
            }
        }
        return 0;
    }
}
