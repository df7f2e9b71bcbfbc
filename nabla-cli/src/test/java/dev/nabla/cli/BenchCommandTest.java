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
import java.util.Optional;
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
