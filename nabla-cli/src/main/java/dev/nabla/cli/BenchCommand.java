package dev.nabla.cli;

import dev.nabla.bench.Comparison;
import dev.nabla.bench.DataBenchmark;
import dev.nabla.bench.GemmBenchmark;
import dev.nabla.bench.OpenBlasCore;
import dev.nabla.bench.Workloads;
import dev.nabla.kernel.Kernels;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
            "  data Fashion-MNIST load time, loader speed, load + MLP step with/without prefetch",
            "  gemm sgemm GFLOP/s on the shapes of shared/bench/bench_sgemm.c (squares, MLP, CNN im2col)",
            "",
            "'compare' runs nabla's W* workloads, then --reference's bench_torch.py (with OMP_WAIT_POLICY=PASSIVE) and "
                    + "bench_numpy.py when they are there, one after the other, and prints a Markdown table of the "
                    + "ratios nabla/PyTorch and nabla/NumPy of median step times, with the performance targets. "
                    + "When OpenBLAS does not know this CPU and falls back to kernels without AVX (Prescott), the "
                    + "scripts run with OPENBLAS_CORETYPE set to its kernels for the CPU's vectors (SkylakeX or "
                    + "Haswell), unless OPENBLAS_CORETYPE is already set.",
            ""},
        footer = {"", "Examples:", "  nabla bench W1 W2 --threads 2", "  nabla bench gemm --threads 1",
            "  nabla bench compare --threads 2                 # nabla, PyTorch and NumPy side by side",
            "  nabla bench compare W1 W3 --reference ../shared/bench",
            "  nabla bench            # all W* workloads"})
final class BenchCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Parameters(paramLabel = "WORKLOAD", arity = "0..*", description = "W1, W1b, W1c, W2, W2i, W3, data, gemm or compare (default: all W*).")
    List<String> workloads = new ArrayList<>();

    @Option(names = "--threads", paramLabel = "N", description = "Kernel threads (0 = all cores).", defaultValue = "0")
    int threads;

    @Option(names = "--steps", paramLabel = "N", description = "Timed steps per workload (at least; short ones run for 1 s).",
            defaultValue = "30")
    int steps;

    @Option(names = "--reference", paramLabel = "DIR", defaultValue = "../shared/bench",
            description = "For compare: the folder with bench_torch.py and bench_numpy.py.")
    Path reference;

    @Option(names = "--python", paramLabel = "EXE", defaultValue = "/usr/bin/python3",
            description = "For compare: the Python that has torch and numpy (Debian's python3-torch is under /usr/bin).")
    String python;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (threads < 0 || steps < 1) {
            throw new UsageException("--threads must be >= 0 and --steps >= 1");
        }
        if (threads > 0) {
            Kernels.setThreads(threads);
        }
        boolean compare = workloads.remove("compare");
        List<String> todo = workloads.isEmpty() ? Workloads.NAMES : workloads;
        if (compare && !Workloads.NAMES.containsAll(todo)) {
            throw new UsageException("compare takes W* workloads only (" + String.join(", ", Workloads.NAMES) + ")");
        }
        for (String w : todo) {
            if (!w.equals("data") && !w.equals("gemm") && !Workloads.NAMES.contains(w)) {
                throw new UsageException("unknown workload '" + w + "' (expected " + String.join(", ", Workloads.NAMES)
                        + ", data or gemm)");
            }
        }
        main.out.println("# nabla " + VersionProvider.version() + ", kernels: " + Kernels.describe());
        if (compare) {
            compare(todo);
            return 0;
        }
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

    /** nabla's workloads, then PyTorch's and NumPy's scripts, one after the other; then the ratio table. */
    private void compare(List<String> todo) throws IOException, InterruptedException {
        ByteArrayOutputStream lines = new ByteArrayOutputStream();
        PrintStream tee = new PrintStream(new Tee(main.out, lines), true, StandardCharsets.UTF_8);
        for (String w : todo) {
            Workloads.run(w, steps, 5, tee);
        }
        int t = Kernels.threads();
        Map<String, String> env = referenceEnvironment();
        script(tee, env, "bench_torch.py",
                List.of("--threads", "" + t, "--steps", "" + steps, "--only", String.join(",", todo)));
        script(tee, env, "bench_numpy.py", List.of("--threads", "" + t, "--steps", "" + steps, "--dtypes", "float32"));
        main.out.println();
        String text = lines.toString(StandardCharsets.UTF_8);
        main.out.print(Comparison.table(Comparison.parseAll(text)));
        Comparison.blasWarning(text).ifPresent(main.err::println);
    }

    /**
     * The variables the reference scripts run with: OMP_WAIT_POLICY=PASSIVE, and OPENBLAS_CORETYPE when
     * OpenBLAS would fall back to kernels without AVX on this CPU (see {@link OpenBlasCore}), with a note.
     */
    private Map<String, String> referenceEnvironment() throws InterruptedException {
        Map<String, String> env = new LinkedHashMap<>(Map.of("OMP_WAIT_POLICY", "PASSIVE"));
        if (!Files.isRegularFile(reference.resolve("bench_torch.py"))
                && !Files.isRegularFile(reference.resolve("bench_numpy.py"))) {
            return env;
        }
        Optional<OpenBlasCore.Advice> advice = OpenBlasCore.probe(python).flatMap(core -> OpenBlasCore.advise(core,
                OpenBlasCore.preferredVectorBits(), Optional.ofNullable(System.getenv(OpenBlasCore.ENV))));
        advice.ifPresent(a -> main.err.println(a.note()));
        advice.flatMap(OpenBlasCore.Advice::coreType).ifPresent(c -> env.put(OpenBlasCore.ENV, c));
        return env;
    }

    /** Runs a reference script with the same thread count, echoing its output; notes why when it cannot. */
    private void script(PrintStream out, Map<String, String> env, String name, List<String> args)
            throws IOException, InterruptedException {
        Path file = reference.resolve(name);
        if (!Files.isRegularFile(file)) {
            main.err.println("nabla: skipping " + name + ": " + file + " does not exist (set --reference DIR)");
            return;
        }
        List<String> cmd = new ArrayList<>(List.of(python, file.getFileName().toString()));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(reference.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            main.err.println("nabla: skipping " + name + ": cannot start " + python + " (" + e.getMessage() + "); set --python");
            return;
        }
        String last = "";
        try (var r = p.inputReader(StandardCharsets.UTF_8)) {
            for (String line; (line = r.readLine()) != null; ) {
                out.println(line);
                last = line;
            }
        }
        if (p.waitFor() != 0) {
            main.err.println("nabla: " + name + " failed (exit " + p.exitValue() + "): " + last);
        }
    }

    /** Writes to two streams: the console and the buffer that the table is made from. */
    private static final class Tee extends OutputStream {
        private final OutputStream a;
        private final OutputStream b;

        Tee(OutputStream a, OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int x) throws IOException {
            a.write(x);
            b.write(x);
        }

        @Override
        public void write(byte[] buf, int off, int len) throws IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }

        @Override
        public void flush() throws IOException {
            a.flush();
        }
    }
}
