package dev.nabla.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nabla.kernel.Kernels;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

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
}
