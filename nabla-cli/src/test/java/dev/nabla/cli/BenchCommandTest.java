package dev.nabla.cli;

import static org.assertj.core.api.Assertions.assertThat;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nabla.bench.Comparison;
import dev.nabla.kernel.Kernels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
}
