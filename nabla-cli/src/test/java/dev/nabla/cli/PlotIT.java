package dev.nabla.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nabla.lab.TestRuns;
import dev.nabla.report.Charts;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code nabla plot} as a user runs it: the real jar in its own JVM, headless. */
class PlotIT {
    @TempDir
    Path dir;

    @Test
    void comparesRunsInOnePng() throws Exception {
        TestRuns.synthRun(dir.resolve("a"));
        TestRuns.mlpRun(dir.resolve("b"), TestRuns.idxFolder(dir.resolve("tiny"), 60));
        Cli.Result r = NablaProcess.run(dir, "plot", "a", "b");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains("wrote comparison.png (2 runs, all)");
        RunFolderAssert.assertPng(dir.resolve("comparison.png"), 2 * Charts.WIDTH);

        Cli.Result notARun = NablaProcess.run(dir, "plot", "a", "tiny");
        assertThat(notARun.code()).isEqualTo(2);
        assertThat(notARun.err()).contains("tiny is not a run folder").doesNotContain("\tat ");
    }
}
