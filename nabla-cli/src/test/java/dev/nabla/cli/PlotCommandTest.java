package dev.nabla.cli;

import static dev.nabla.cli.Cli.arg;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nabla.lab.TestRuns;
import dev.nabla.report.Charts;
import dev.nabla.train.Evaluation;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlotCommandTest {
    @TempDir
    static Path dir;

    static TestRuns.Trained runs;

    @BeforeAll
    static void train() throws IOException {
        runs = TestRuns.trainAll(dir);
    }

    @Test
    void lossAndAccuracyPanelsOfSeveralRuns() throws IOException {
        Path out = dir.resolve("plots/comparison.png");
        Cli.Result r = Cli.run("plot", arg(runs.synth()), arg(runs.mlp()), "--out", arg(out));
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains("wrote " + arg(out) + " (2 runs, all)");
        BufferedImage png = RunFolderAssert.assertPng(out, 2 * Charts.WIDTH);
        assertThat(png.getHeight()).isEqualTo(Charts.HEIGHT);
        try (var files = Files.list(out.getParent())) {
            assertThat(files).as("written atomically: no temporary file is left").containsExactly(out);
        }
    }

    @Test
    void oneMetricIsOnePanel() throws IOException {
        Path out = dir.resolve("test-acc.png");
        Cli.Result r = Cli.run("plot", arg(runs.synth()), arg(runs.mlp()), arg(runs.synth()), "--metric", "test_acc",
                "--out", arg(out));
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains("(3 runs, test_acc)");
        assertThat(RunFolderAssert.assertPng(out, Charts.WIDTH).getWidth()).isEqualTo(Charts.WIDTH);
    }

    @Test
    void foldersThatAreNotRunsAreNamed() throws IOException {
        Cli.Result notARun = Cli.run("plot", arg(runs.synth()), arg(dir.resolve("tiny")), "--out",
                arg(dir.resolve("x.png")));
        assertThat(notARun.code()).isEqualTo(2);
        assertThat(notARun.err()).contains(dir.resolve("tiny") + " is not a run folder: it has no config.json");
        assertThat(dir.resolve("x.png")).doesNotExist();

        Path started = Files.createDirectories(dir.resolve("started"));
        Files.copy(runs.synth().resolve("config.json"), started.resolve("config.json"));
        Cli.Result noMetrics = Cli.run("plot", arg(started));
        assertThat(noMetrics.code()).isEqualTo(2);
        assertThat(noMetrics.err()).contains("has no metrics.csv yet");

        Files.writeString(started.resolve("metrics.csv"), Evaluation.CSV_HEADER + "\n");
        Cli.Result empty = Cli.run("plot", arg(started));
        assertThat(empty.code()).isEqualTo(2);
        assertThat(empty.err()).contains("has no evaluation in its metrics.csv yet");

        Cli.Result badMetric = Cli.run("plot", arg(runs.synth()), "--metric", "f1");
        assertThat(badMetric.code()).isEqualTo(2);
        assertThat(badMetric.err()).contains("Invalid value for option '--metric'").contains("test_acc");

        Cli.Result none = Cli.run("plot");
        assertThat(none.code()).isEqualTo(2);
        assertThat(none.err()).contains("Missing required parameter").contains("RUN");
    }
}
