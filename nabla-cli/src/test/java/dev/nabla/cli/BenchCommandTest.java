package dev.nabla.cli;

import static org.assertj.core.api.Assertions.assertThat;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.nabla.bench.Comparison;
import dev.nabla.bench.OpenBlasCore;
import dev.nabla.kernel.Kernels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The output format of {@code nabla bench} (the figures themselves are not asserted: timings are noisy). */
class BenchCommandTest {
    private final int defaultThreads = Kernels.threads();

    @AfterEach
    void restoreThreads() {
        Kernels.setThreads(defaultThreads);
    }

    @Test
    void printsOneResultLinePerWorkloadInTheSharedFormat() {
        Cli.Result r = Cli.run("bench", "W1b", "--steps", "2", "--threads", "1");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).containsPattern("RESULT framework=nabla workload=W1b_mlp784-300-10sig_b32_sgd_train threads=1"
                + " median_ms=[0-9.]+ min_ms=[0-9.]+ p90_ms=[0-9.]+ n=[0-9]+ bg_pct=[0-9.-]+ tries=[0-9]+");
    }

    @Test
    void rejectsUnknownWorkloads() {
        Cli.Result r = Cli.run("bench", "W9");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("unknown workload 'W9'");
    }

    @Test
    void compareRunsTheReferenceScriptsAndPrintsRatios(@TempDir Path ref) throws IOException {
        // Stand-ins for shared/bench's scripts: fixed figures, so the ratios are known.
        Files.writeString(ref.resolve("bench_torch.py"), """
                import sys
                assert "--only" in sys.argv and sys.argv[sys.argv.index("--only") + 1] == "W1b", sys.argv
                print("RESULT framework=torch workload=W1b_mlp784-300-10sig_b32_sgd_train threads=1 median_ms=1000.000"
                      " min_ms=1 p90_ms=1 n=3 bg_pct=0.0 tries=1")
                """);
        Files.writeString(ref.resolve("bench_numpy.py"), """
                print("RESULT framework=numpy-float32 workload=W1b_mlp784-300-10sig_b32_sgd_train threads=1"
                      " median_ms=2000.000 min_ms=1 p90_ms=1 n=3 bg_pct=0.0 tries=1")
                """);
        Cli.Result r = Cli.run("bench", "compare", "W1b", "--steps", "2", "--threads", "1", "--reference", ref.toString(),
                "--python", "python3");
        assertThat(r.code()).as(r.toString()).isZero();
        var nabla = Comparison.parseAll(r.out()).stream().filter(x -> x.framework().equals("nabla")).findFirst().orElseThrow();
        String row = r.out().lines().filter(l -> l.startsWith("| W1b_")).findFirst().orElseThrow();
        assertThat(row).isEqualTo(String.format(java.util.Locale.ROOT,
                "| W1b_mlp784-300-10sig_b32_sgd_train | %.3f | 1000.000 | %.2f | 2000.000 | %.2f | ≤ 0.8× PyTorch, < NumPy | yes |",
                nabla.medianMs(), nabla.medianMs() / 1000, nabla.medianMs() / 2000));
    }

    @Test
    void compareSaysWhichScriptIsMissing(@TempDir Path ref) {
        Cli.Result r = Cli.run("bench", "compare", "W1b", "--steps", "1", "--threads", "1", "--reference", ref.toString());
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.err()).contains("skipping bench_torch.py: " + ref.resolve("bench_torch.py") + " does not exist");
        assertThat(r.out()).contains("| W1b_mlp784-300-10sig_b32_sgd_train |").contains("| — |");
    }

    @Test
    void compareInRoundsPairsEachNablaFigureWithPyTorchsOfTheSameRound(@TempDir Path ref) throws IOException {
        // Stand-ins whose figures change from round to round (a round is the number of calls so far, counted in
        // a log of their arguments), by factors of 10 to 100, so that which round gives the median ratio and the
        // range does not depend on nabla's own figures.
        Files.writeString(ref.resolve("bench_torch.py"), """
                import os, sys
                log = os.path.join(os.path.dirname(os.path.abspath(__file__)), "torch-calls.txt")
                with open(log, "a") as f:
                    f.write(" ".join(sys.argv[1:]) + "\\n")
                only = sys.argv[sys.argv.index("--only") + 1]
                rnd = sum(1 for line in open(log) if line.split()[-1] == only) - 1
                name = {"W1b": "W1b_mlp784-300-10sig_b32_sgd_train", "W3": "W3_mlp3072-100-10_b1000_infer"}[only]
                ms = {"W1b": [0.05, 50, 0.5], "W3": [4, 40, 0.4]}[only][rnd]
                print("RESULT framework=torch workload=%s threads=1 median_ms=%.3f min_ms=1 p90_ms=1 n=3" % (name, ms))
                """);
        Files.writeString(ref.resolve("bench_numpy.py"), """
                import os, sys
                log = os.path.join(os.path.dirname(os.path.abspath(__file__)), "numpy-calls.txt")
                with open(log, "a") as f:
                    f.write(" ".join(sys.argv[1:]) + "\\n")
                rnd = sum(1 for line in open(log)) - 1
                for name, ms in [("W1_mlp3072-100-10_b200_sgd_train", [1, 1, 1]),
                                 ("W1b_mlp784-300-10sig_b32_sgd_train", [0.5, 0.05, 50]),
                                 ("W3_mlp3072-100-10_b1000_infer", [0.4, 4, 40])]:
                    print("RESULT framework=numpy-float32 workload=%s threads=1 median_ms=%.3f n=3" % (name, ms[rnd]))
                """);
        Cli.Result r = Cli.run("bench", "compare", "W1b", "W3", "--rounds", "3", "--steps", "1", "--threads", "1",
                "--reference", ref.toString(), "--python", "python3");
        assertThat(r.code()).as(r.toString()).isZero();
        String torchArgs = "--threads 1 --steps 1 --only ";
        assertThat(Files.readAllLines(ref.resolve("torch-calls.txt"))).containsExactly(torchArgs + "W1b", torchArgs + "W3",
                torchArgs + "W1b", torchArgs + "W3", torchArgs + "W1b", torchArgs + "W3");
        assertThat(Files.readAllLines(ref.resolve("numpy-calls.txt")))
                .containsExactly(Collections.nCopies(3, "--threads 1 --steps 1 --dtypes float32").toArray(String[]::new));
        // Each workload runs in nabla and straight after in PyTorch; NumPy closes each round.
        List<Comparison.Result> all = Comparison.parseAll(r.out());
        List<String> round = List.of("nabla W1b", "torch W1b", "nabla W3", "torch W3", "numpy-float32 W1",
                "numpy-float32 W1b", "numpy-float32 W3");
        assertThat(all.stream().map(x -> x.framework() + " " + x.workload().substring(0, x.workload().indexOf('_'))))
                .containsExactlyElementsOf(Stream.of(round, round, round).flatMap(List::stream).toList());
        assertThat(r.err()).containsSubsequence("nabla: compare round 1/3", "nabla: compare round 2/3",
                "nabla: compare round 3/3");

        double[] w1b = all.stream().filter(x -> x.framework().equals("nabla") && x.workload().startsWith("W1b_"))
                .mapToDouble(Comparison.Result::medianMs).toArray();
        double[] w3 = all.stream().filter(x -> x.framework().equals("nabla") && x.workload().startsWith("W3_"))
                .mapToDouble(Comparison.Result::medianMs).toArray();
        // W1b: nabla/PyTorch has its median in round 3, its least in round 2, its most in round 1; nabla/NumPy
        // its median in round 1, least in round 3, most in round 2.
        double torchMedian = w1b[2] / 0.5;
        double numpyMedian = w1b[0] / 0.5;
        assertThat(row(r.out(), "W1b_")).isEqualTo(String.format(Locale.ROOT,
                "| W1b_mlp784-300-10sig_b32_sgd_train | %.3f | 0.500 | %.2f (%.2f–%.2f) | 0.500 | %.2f (%.2f–%.2f) |"
                        + " ≤ 0.8× PyTorch, < NumPy | %s |", middle(w1b), torchMedian, w1b[1] / 50, w1b[0] / 0.05,
                numpyMedian, w1b[2] / 50, w1b[1] / 0.05, torchMedian <= 0.8 && numpyMedian < 1 ? "yes" : "no"));
        // W3: nabla/PyTorch median in round 1, least in 2, most in 3; nabla/NumPy median in 2, least in 3, most in 1.
        assertThat(row(r.out(), "W3_")).isEqualTo(String.format(Locale.ROOT,
                "| W3_mlp3072-100-10_b1000_infer | %.3f | 4.000 | %.2f (%.2f–%.2f) | 4.000 | %.2f (%.2f–%.2f) |"
                        + " throughput ≥ 1.25× PyTorch | %s |", middle(w3), w3[0] / 4, w3[1] / 40, w3[2] / 0.4,
                w3[1] / 4, w3[2] / 40, w3[0] / 0.4, w3[0] / 4 <= 0.8 ? "yes" : "no"));
        assertThat(r.out()).contains("Over 3 rounds: each ratio is the median of the per-round ratios");
    }

    @Test
    void compareInRoundsSaysOnceWhatItSkipsAndRunsNumpyOnlyForItsWorkloads(@TempDir Path ref) throws IOException {
        Files.writeString(ref.resolve("bench_numpy.py"), "open('numpy-ran', 'w').close()\n");
        Cli.Result r = Cli.run("bench", "compare", "W1c", "--rounds", "2", "--steps", "1", "--threads", "1",
                "--reference", ref.toString(), "--python", "python3");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.err().split("skipping bench_torch.py", -1)).as(r.err()).hasSize(2);
        assertThat(r.err()).contains("nabla: compare round 2/2");
        assertThat(ref.resolve("numpy-ran")).as("NumPy has no W1c").doesNotExist();
        assertThat(row(r.out(), "W1c_")).endsWith("| — | — | — | — | ≤ 0.8× PyTorch | ? |");
    }

    @Test
    void roundsMustBeAtLeastOne() {
        Cli.Result r = Cli.run("bench", "compare", "W1b", "--rounds", "0");
        assertThat(r.code()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).contains("--rounds must be >= 1, got 0");
        assertThat(r.out()).doesNotContain("RESULT");
    }

    @Test
    void theHelpSaysWhatRoundsAreFor() {
        Cli.Result r = Cli.run("bench", "--help");
        assertThat(r.code()).isZero();
        assertThat(r.out().replaceAll("\\s+", " ")).contains("--rounds=N", "a ratio of figures taken minutes apart is"
                + " mostly noise", "the table shows the median of the per-round ratios with their range",
                "nabla bench compare --threads 2 --rounds 5 # ratios within each round");
    }

    /** The table row of the workload whose name starts with {@code prefix}. */
    private static String row(String out, String prefix) {
        return out.lines().filter(l -> l.startsWith("| " + prefix)).findFirst().orElseThrow(() -> new AssertionError(out));
    }

    /** The middle one of three figures. */
    private static double middle(double[] three) {
        double[] sorted = three.clone();
        Arrays.sort(sorted);
        return sorted[1];
    }

    @Test
    void aTorchOnTheReferenceBlasIsFlagged() {
        assertThat(Comparison.blasWarning("# torch 1.13.0a0 threads=2 interop=1 blas(libblas.so.3 ->"
                + " /usr/lib/x86_64-linux-gnu/blas/libblas.so.3.11.0)\nRESULT framework=torch workload=W1 median_ms=59"))
                .hasValueSatisfying(w -> assertThat(w).contains("reference BLAS").contains("blas/libblas.so.3.11.0")
                        .contains("libopenblas"));
        assertThat(Comparison.blasWarning("# torch 1.13.0a0 threads=2 interop=1 blas(libblas.so.3 ->"
                + " /usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3)")).isEmpty();
        assertThat(Comparison.blasWarning("RESULT framework=nabla workload=W1 median_ms=2")).isEmpty();
    }

    @Test
    void resultLinesAreParsedStrictly() {
        assertThat(Comparison.parse("RESULT framework=torch workload=W1 threads=2 median_ms=4.5 bg_pct=1.0"))
                .hasValue(new Comparison.Result("torch", "W1", 2, 4.5, 1.0));
        assertThat(Comparison.parse("# a comment")).isEmpty();
        assertThatThrownBy(() -> Comparison.parse("RESULT framework=torch workload=W1 median_ms=fast"))
                .hasMessageContaining("non-numeric").hasMessageContaining("median_ms=fast");
        assertThatThrownBy(() -> Comparison.parse("RESULT framework=torch median_ms=1"))
                .hasMessageContaining("without workload");
        assertThatThrownBy(() -> Comparison.parse("RESULT framework=torch workload=W1 median_ms=1 junk"))
                .hasMessageContaining("malformed RESULT field 'junk'");
    }

    @Test
    void openBlasCoreTypeIsReadFromItsVerboseOutput() {
        assertThat(OpenBlasCore.parse("Core: Prescott\n")).hasValue("Prescott");
        assertThat(OpenBlasCore.parse("some warning from Python\r\n  Core: Opteron(SSE3)  \r\n")).hasValue("Opteron(SSE3)");
        // A user's unknown OPENBLAS_CORETYPE is reported first; the kernels OpenBLAS then picks come after.
        assertThat(OpenBlasCore.parse("Core not found: Bogus\nCore: Cooperlake\n")).hasValue("Cooperlake");
        assertThat(OpenBlasCore.parse("Core:\n")).isEmpty();
        assertThat(OpenBlasCore.parse("Core:    \n")).isEmpty();
        assertThat(OpenBlasCore.parse("Core: two words\n")).isEmpty();
        assertThat(OpenBlasCore.parse("Cores: 4\nCore not found: Bogus\n")).isEmpty();
        assertThat(OpenBlasCore.parse("")).isEmpty();
    }

    @Test
    void onlyCoreTypesWithoutAvxAreReplacedByTheKernelsForTheCpusVectors() {
        assertThat(OpenBlasCore.coreTypeFor("Prescott", 512)).hasValue("SkylakeX");
        assertThat(OpenBlasCore.coreTypeFor("prescott", 256)).hasValue("Haswell");
        assertThat(OpenBlasCore.coreTypeFor("Nehalem", 512)).hasValue("SkylakeX");
        assertThat(OpenBlasCore.coreTypeFor("Opteron(SSE3)", 256)).hasValue("Haswell");
        assertThat(OpenBlasCore.coreTypeFor("Katmai", 1024)).hasValue("SkylakeX");
        // An SSE-only JVM (or one without the Vector API: 0 bits) has nothing better to offer.
        assertThat(OpenBlasCore.coreTypeFor("Prescott", 128)).isEmpty();
        assertThat(OpenBlasCore.coreTypeFor("Prescott", 0)).isEmpty();
        for (String avx : new String[] {"SkylakeX", "Cooperlake", "Haswell", "Sandybridge", "Zen", "Unknown"}) {
            assertThat(OpenBlasCore.coreTypeFor(avx, 512)).as(avx).isEmpty();
        }
    }

    @Test
    void theOverrideIsNotedAndAUsersOwnCoreTypeIsKept() {
        assertThat(OpenBlasCore.advise("Prescott", 512, Optional.empty())).hasValueSatisfying(a -> {
            assertThat(a.coreType()).hasValue("SkylakeX");
            assertThat(a.note()).isEqualTo("note: OpenBLAS picked its Prescott kernels (no AVX) on this CPU, which has"
                    + " 512-bit vectors; the reference scripts run with OPENBLAS_CORETYPE=SkylakeX, its kernels for"
                    + " AVX-512 (set OPENBLAS_CORETYPE to choose others).");
        });
        assertThat(OpenBlasCore.advise("Core2", 256, Optional.empty())).hasValueSatisfying(a -> {
            assertThat(a.coreType()).hasValue("Haswell");
            assertThat(a.note()).contains("Core2 kernels", "OPENBLAS_CORETYPE=Haswell", "AVX2");
        });
        assertThat(OpenBlasCore.advise("Prescott", 512, Optional.of("Prescott"))).hasValueSatisfying(a -> {
            assertThat(a.coreType()).isEmpty();
            assertThat(a.note()).contains("because OPENBLAS_CORETYPE=Prescott is set", "scripts keep it",
                    "OPENBLAS_CORETYPE=SkylakeX selects its kernels for AVX-512");
        });
        assertThat(OpenBlasCore.advise("SkylakeX", 512, Optional.empty())).isEmpty();
        assertThat(OpenBlasCore.advise("SkylakeX", 512, Optional.of("SkylakeX"))).isEmpty();
        assertThat(OpenBlasCore.advise("Prescott", 128, Optional.empty())).isEmpty();
    }

    @Test
    void theProbeFindsNothingWhenPythonCannotRunOrFails(@TempDir Path dir) throws Exception {
        assertThat(OpenBlasCore.probe(dir.resolve("no-such-python").toString())).isEmpty();
        assertThat(OpenBlasCore.probe(fakePython(dir, "echo 'Core: Prescott' >&2; exit 1"))).isEmpty();
        assertThat(OpenBlasCore.probe(fakePython(dir, "[ \"$OPENBLAS_VERBOSE\" = 2 ] && [ \"$*\" = '-c import numpy' ]"
                + " && echo 'Core: Prescott' >&2"))).hasValue("Prescott");
    }

    @Test
    void compareRunsTheReferenceOnKernelsForThisCpuWhenOpenBlasFallsBackToPrescott(@TempDir Path ref) throws IOException {
        int bits = FloatVector.SPECIES_PREFERRED.vectorBitSize();
        assumeTrue(bits >= 256, "this CPU has no vectors wider than SSE's, so Prescott's kernels are fitting");
        assumeTrue(System.getenv(OpenBlasCore.ENV) == null, "OPENBLAS_CORETYPE is set, and compare keeps it");
        String expected = bits >= 512 ? "SkylakeX" : "Haswell";
        String python = fakePython(ref, "if [ -n \"$OPENBLAS_VERBOSE\" ]; then echo 'Core: Prescott' >&2; exit 0; fi\n"
                + "exec /bin/sh \"$@\"");
        writeEchoingScripts(ref);
        Cli.Result r = Cli.run("bench", "compare", "W1b", "--steps", "1", "--threads", "1", "--reference", ref.toString(),
                "--python", python);
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.err()).as(r.toString()).contains("note: OpenBLAS picked its Prescott kernels (no AVX) on this CPU",
                "the reference scripts run with OPENBLAS_CORETYPE=" + expected);
        assertThat(r.out()).as(r.toString()).contains("# torch sees OPENBLAS_CORETYPE=" + expected + " OMP_WAIT_POLICY=PASSIVE",
                "# numpy sees OPENBLAS_CORETYPE=" + expected + " OMP_WAIT_POLICY=PASSIVE");
    }

    @Test
    void compareLeavesTheReferenceAloneWhenOpenBlasReportsNoCoreType(@TempDir Path ref) throws IOException {
        String python = fakePython(ref, "if [ -n \"$OPENBLAS_VERBOSE\" ]; then echo 'NumPy on another BLAS' >&2; exit 0; fi\n"
                + "exec /bin/sh \"$@\"");
        writeEchoingScripts(ref);
        Cli.Result r = Cli.run("bench", "compare", "W1b", "--steps", "1", "--threads", "1", "--reference", ref.toString(),
                "--python", python);
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.err()).as(r.toString()).doesNotContain("note:");
        String user = System.getenv(OpenBlasCore.ENV) == null ? "unset" : System.getenv(OpenBlasCore.ENV);
        assertThat(r.out()).as(r.toString()).contains("# torch sees OPENBLAS_CORETYPE=" + user);
    }

    /** An executable stand-in for Python: a shell script with {@code body}, as {@code dir/python}. */
    private static String fakePython(Path dir, String body) throws IOException {
        Path exe = dir.resolve("python");
        Files.writeString(exe, "#!/bin/sh\n" + body + "\n");
        assertThat(exe.toFile().setExecutable(true)).isTrue();
        return exe.toString();
    }

    /** Reference scripts (run by the fake Python's /bin/sh) that print the OpenBLAS environment they get. */
    private static void writeEchoingScripts(Path ref) throws IOException {
        for (String framework : new String[] {"torch", "numpy"}) {
            Files.writeString(ref.resolve("bench_" + framework + ".py"), "echo \"# " + framework
                    + " sees OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-unset} OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-unset}\"\n");
        }
    }
}
