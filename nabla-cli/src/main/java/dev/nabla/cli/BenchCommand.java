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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
            "",
            "On a shared machine a workload's median can move by tens of percent within minutes, so a ratio of figures "
                    + "taken minutes apart is mostly noise. 'compare --rounds N' runs N rounds instead: in each, every "
                    + "workload runs in nabla and then in PyTorch (--only that workload), seconds apart, and NumPy "
                    + "once per round; each ratio is taken within a round, and the table shows the median of the "
                    + "per-round ratios with their range, e.g. 0.74 (0.69–0.81).",
            ""},
        footer = {"", "Examples:", "  nabla bench W1 W2 --threads 2", "  nabla bench gemm --threads 1",
            "  nabla bench compare --threads 2                 # nabla, PyTorch and NumPy side by side",
            "  nabla bench compare --threads 2 --rounds 5      # ratios within each round",
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

    @Option(names = "--rounds", paramLabel = "N", defaultValue = "1",
            description = "For compare: rounds of nabla then PyTorch per workload, seconds apart; the table shows the "
                    + "median and range of the per-round ratios (3-5 on a noisy shared machine).")
    int rounds;

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
        if (rounds < 1) {
            throw new UsageException("--rounds must be >= 1, got " + rounds);
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

    /**
     * nabla's workloads, then PyTorch's and NumPy's scripts, one after the other; then the ratio table. With
     * several rounds, each round runs every workload in nabla and straight after in PyTorch, then NumPy's script (when
     * it has one of the workloads), so the figures that a ratio divides were measured seconds apart.
     */
    private void compare(List<String> todo) throws IOException, InterruptedException {
        int t = Kernels.threads();
        Map<String, String> env = referenceEnvironment();
        List<List<String>> batches = rounds == 1 ? List.of(todo) : todo.stream().map(List::of).toList();
        // One round runs NumPy whatever the workloads, as compare always did.
        boolean numpy = rounds == 1 || todo.stream().anyMatch(Comparison.NUMPY_WORKLOADS::contains);
        List<List<Comparison.Result>> results = new ArrayList<>();
        StringBuilder all = new StringBuilder();
        Set<String> skipped = new HashSet<>();
        for (int round = 1; round <= rounds; round++) {
            if (rounds > 1) {
                main.err.println("nabla: compare round " + round + "/" + rounds);
            }
            ByteArrayOutputStream lines = new ByteArrayOutputStream();
            PrintStream tee = new PrintStream(new Tee(main.out, lines), true, StandardCharsets.UTF_8);
            for (List<String> batch : batches) {
                for (String w : batch) {
                    Workloads.run(w, steps, 5, tee);
                }
                script(tee, env, skipped, "bench_torch.py",
                        List.of("--threads", "" + t, "--steps", "" + steps, "--only", String.join(",", batch)));
            }
            if (numpy) {
                script(tee, env, skipped, "bench_numpy.py",
                        List.of("--threads", "" + t, "--steps", "" + steps, "--dtypes", "float32"));
            }
            String text = lines.toString(StandardCharsets.UTF_8);
            results.add(Comparison.parseAll(text));
            all.append(text);
        }
        main.out.println();
        main.out.print(Comparison.tableOfRounds(results));
        Comparison.blasWarning(all.toString()).ifPresent(main.err::println);
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

    /**
     * Runs a reference script with the same thread count, echoing its output; notes why when it cannot, once:
     * a script in {@code skipped} is not tried again.
     */
    private void script(PrintStream out, Map<String, String> env, Set<String> skipped, String name, List<String> args)
            throws IOException, InterruptedException {
        if (skipped.contains(name)) {
            return;
        }
        Path file = reference.resolve(name);
        if (!Files.isRegularFile(file)) {
            main.err.println("nabla: skipping " + name + ": " + file + " does not exist (set --reference DIR)");
            skipped.add(name);
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
            skipped.add(name);
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
