package dev.nabla.cli;

import static dev.nabla.cli.Cli.arg;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nabla.lab.TestRuns;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

class EvalCommandTest {
    @TempDir
    static Path dir;

    static TestRuns.Trained runs;

    @BeforeAll
    static void train() throws IOException {
        runs = TestRuns.trainAll(dir);
    }

    @Test
    void evaluatesTheRunsTestSetPerClassAndWritesItsFiles() throws IOException {
        Path mlp = runs.mlp();
        Cli.Result r = Cli.run("eval", "--run", arg(mlp));
        assertThat(r.code()).as(r.toString()).isZero();
        JsonNode summary = RunFolderAssert.json(mlp.resolve("summary.json"));
        assertThat(r.out()).contains(String.format(Locale.ROOT, "mlp on %s test: loss %.4f, accuracy %.4f",
                runs.data().toAbsolutePath(), summary.get("last_test_loss").asDouble(),
                summary.get("last_test_acc").asDouble()))
                .containsPattern("class +name +samples +accuracy +most often mistaken for")
                .containsPattern("\\n +0 +0 +30 +\\d\\.\\d{4} ")
                .containsPattern("\\n +2 +2 +30 +\\d\\.\\d{4} ")
                .contains("wrote " + mlp.resolve("eval.json") + " and " + mlp.resolve("confusion.png"));
        assertThat(r.err()).contains("evaluating mlp on").contains("(test split, 90 samples)");
        JsonNode e = RunFolderAssert.assertEvaluation(mlp.resolve("eval.json"), mlp.resolve("confusion.png"), 90, 3);
        assertThat(e.get("split").asString()).isEqualTo("test");
        assertThat(e.get("accuracy").asDouble()).isEqualTo(summary.get("last_test_acc").asDouble());
    }

    @Test
    void theTrainingSplitAndOtherDataGetFilesOfTheirOwn() throws IOException {
        Path mlp = runs.mlp();
        Cli.Result train = Cli.run("eval", "--run", arg(mlp), "--split", "train");
        assertThat(train.code()).as(train.toString()).isZero();
        JsonNode e = RunFolderAssert.assertEvaluation(mlp.resolve("eval-train.json"),
                mlp.resolve("confusion-train.png"), 90, 3);
        assertThat(e.get("split").asString()).isEqualTo("train");

        Path other = TestRuns.idxFolder(dir.resolve("other-idx"), 30);
        Cli.Result r = Cli.run("eval", "--run", arg(mlp), "--dataset", arg(other));
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains("mlp on " + other.toAbsolutePath() + " test:");
        RunFolderAssert.assertEvaluation(mlp.resolve("eval-other-idx.json"),
                mlp.resolve("confusion-other-idx.png"), 30, 3);
    }

    @Test
    void usageErrorsNameTheProblem() throws IOException {
        Cli.Result missing = Cli.run("eval", "--run", arg(dir.resolve("no-such-run")));
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("no-such-run does not exist").doesNotContain("\tat ");

        Cli.Result notARun = Cli.run("eval", "--run", arg(dir));
        assertThat(notARun.code()).isEqualTo(2);
        assertThat(notARun.err()).contains("is not a run folder: it has no config.json").contains("run folders, e.g.");

        Path unfinished = Files.createDirectories(dir.resolve("unfinished"));
        Files.copy(runs.mlp().resolve("config.json"), unfinished.resolve("config.json"));
        Cli.Result noModel = Cli.run("eval", "--run", arg(unfinished));
        assertThat(noModel.code()).isEqualTo(2);
        assertThat(noModel.err()).contains("has no model.safetensors: the run has not finished");

        Cli.Result mismatch = Cli.run("eval", "--run", arg(runs.synth()), "--dataset", arg(runs.data()));
        assertThat(mismatch.code()).isEqualTo(2);
        assertThat(mismatch.err()).contains("the model was trained on synth (samples [2], 2 classes)")
                .contains("has samples [1, 8, 8] and 3 classes").contains("same sample shape and classes");

        Cli.Result noRun = Cli.run("eval");
        assertThat(noRun.code()).isEqualTo(2);
        assertThat(noRun.err()).contains("Missing required option: '--run=DIR'");

        Cli.Result badSplit = Cli.run("eval", "--run", arg(runs.mlp()), "--split", "validation");
        assertThat(badSplit.code()).isEqualTo(2);
        assertThat(badSplit.err()).contains("Invalid value for option '--split'").contains("test, train");
    }

    @Test
    void helpShowsDefaultsAndExamples() {
        Cli.Result r = Cli.run("eval", "--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("Default: test").contains("never re-fitted").contains("Examples:");
    }
}
