package dev.nabla.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nabla.kernel.Kernels;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code nabla grid} and {@code nabla report} in this JVM, on one-configuration grids. */
class GridCommandTest {
    private static final String TINY = """
            base: {dataset: synth, synth_train: 200, synth_test: 100, hidden: [4], batch_size: 20, max_steps: 20, eval_every: 10}
            axes: {lr: [0.1]}
            """;

    private final int defaultThreads = Kernels.threads();

    @TempDir
    Path dir;

    @AfterEach
    void restoreThreads() {
        Kernels.setThreads(defaultThreads);
    }

    @Test
    void aSpecErrorExitsWithTwoAndNamesTheLine() throws Exception {
        Path spec = Files.writeString(dir.resolve("bad.yaml"), "axes:\n  lr: [0.1]\n  optimizer: []\n");
        Cli.Result r = Cli.run("grid", Cli.arg(spec), "--out", Cli.arg(dir.resolve("out")));
        assertThat(r.code()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).contains("bad.yaml line 3").contains("'optimizer'").doesNotContain("\tat ");
        assertThat(dir.resolve("out")).doesNotExist();
        Cli.Result unknown = Cli.run("grid", "no-such-grid");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).contains("unknown grid spec 'no-such-grid'").contains("quick");
    }

    @Test
    void dryRunListsTheRuns() {
        Cli.Result r = Cli.run("grid", "quick", "--dry-run");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out().lines().filter(l -> l.matches("\\d{4}-.*,r[01]"))).hasSize(16);
        assertThat(r.out()).contains("8 configurations × 2 repeats = 16 runs");
    }

    @Test
    void helpShowsTheSpecFormat() {
        Cli.Result r = Cli.run("grid", "--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("axes:").contains("repeats:").contains("metric:").contains("--workers");
    }

    @Test
    void aSecondRunSkipsWhatIsDoneAndADifferentSpecIsRefused() throws Exception {
        Path spec = Files.writeString(dir.resolve("tiny.yaml"), TINY);
        Path out = dir.resolve("grid");
        Cli.Result first = Cli.run("grid", Cli.arg(spec), "--out", Cli.arg(out));
        assertThat(first.code()).as(first.toString()).isZero();
        assertThat(first.out()).contains("1 of 1 runs finished (1 now, 0 already done)");
        assertThat(first.err()).contains("[1/1] 0000-lr=0.1");
        byte[] summary = Files.readAllBytes(out.resolve("runs/0000-lr=0.1/summary.json"));

        Cli.Result again = Cli.run("grid", Cli.arg(spec), "--out", Cli.arg(out));
        assertThat(again.code()).as(again.toString()).isZero();
        assertThat(again.out()).contains("1 of 1 runs finished (0 now, 1 already done)");
        assertThat(Files.readAllBytes(out.resolve("runs/0000-lr=0.1/summary.json"))).isEqualTo(summary);

        Files.writeString(spec, TINY.replace("0.1]", "0.2]"));
        Cli.Result other = Cli.run("grid", Cli.arg(spec), "--out", Cli.arg(out));
        assertThat(other.code()).as(other.toString()).isEqualTo(2);
        assertThat(other.err()).contains("holds a different grid");
    }

    @Test
    void reportsAGridAndRunsInMarkdownAndHtml() throws Exception {
        Path spec = Files.writeString(dir.resolve("tiny.yaml"), TINY);
        Path grid = dir.resolve("grid");
        assertThat(Cli.run("grid", Cli.arg(spec), "--out", Cli.arg(grid)).code()).isZero();
        Path run = grid.resolve("runs/0000-lr=0.1");
        // As if the grid had been stopped before drawing its figures: the report draws them.
        Files.delete(grid.resolve("plots/top-curves.png"));

        Path md = dir.resolve("report.md");
        Cli.Result r = Cli.run("report", Cli.arg(grid), Cli.arg(run), "--out", Cli.arg(md));
        assertThat(r.code()).as(r.toString()).isZero();
        String text = Files.readString(md);
        assertThat(grid.resolve("plots/top-curves.png")).isRegularFile();
        assertThat(text).contains("## Grid: ").contains("| # | Layers | LR | Batch size | Optimizer |")
                .contains("**Best configuration:** lr=0.1").contains("### Best run: 0000-lr=0.1").contains("## Runs")
                .contains("| 0000-lr=0.1 | mlp | 4 | relu | sgd | 0.1 | 20 | 20 steps |")
                .contains("| Train | Accuracy |")
                .contains("](grid/plots/top-curves.png)").contains("](grid/runs/0000-lr=0.1/curves.png)");

        Path html = dir.resolve("report.html");
        Cli.Result h = Cli.run("report", Cli.arg(grid), Cli.arg(run), "--html", "--out", Cli.arg(html));
        assertThat(h.code()).as(h.toString()).isZero();
        String page = Files.readString(html);
        assertThat(page).startsWith("<!DOCTYPE html>").contains("<table>").contains("<th>Layers</th>")
                .contains("src=\"data:image/png;base64,iVBOR").doesNotContain("](grid/");

        Cli.Result missing = Cli.run("report", Cli.arg(dir.resolve("nothing")));
        assertThat(missing.code()).isEqualTo(2);
    }
}
