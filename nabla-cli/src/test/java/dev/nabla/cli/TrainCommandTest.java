package dev.nabla.cli;

import static dev.nabla.cli.Cli.arg;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nabla.data.TestFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

class TrainCommandTest {
    @TempDir
    Path dir;

    @Test
    void trainsOnSynthAndWritesEveryOutput() throws IOException {
        Path run = dir.resolve("run");
        Cli.Result r = Cli.run("train", "--dataset", "synth", "--synth-train", "2000", "--synth-test", "500",
                "--hidden", "16", "--optimizer", "adam", "--lr", "0.01", "--max-steps", "200", "--eval-every", "50",
                "--out", arg(run), "--tensorboard");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains("best test accuracy");
        JsonNode summary = RunFolderAssert.assertComplete(run, 4);
        assertThat(summary.get("best_test_acc").asDouble()).isGreaterThan(0.9);
        assertThat(Files.list(run.resolve("tensorboard"))).hasSize(1);
        JsonNode config = RunFolderAssert.json(run.resolve("config.json"));
        assertThat(config.get("config").get("optimizer").asString()).isEqualTo("adam");
        assertThat(config.get("data").get("eval_set").asString()).isEqualTo("test");
    }

    @Test
    void acceptsTheSeedsFlagNamesAndRecipes() throws IOException {
        Path run = dir.resolve("run");
        Cli.Result r = Cli.run("train", "--recipe", "synth", "--dnn_hidden_units", "4,4", "--learning_rate", "0.05",
                "--max_steps", "300", "--batch_size", "10", "--eval_freq", "150", "--out", arg(run));
        assertThat(r.code()).as(r.toString()).isZero();
        JsonNode c = RunFolderAssert.json(run.resolve("config.json")).get("config");
        assertThat(c.get("recipe").asString()).isEqualTo("synth");
        assertThat(c.get("hidden").toString()).isEqualTo("[4,4]");
        assertThat(c.get("lr").asDouble()).isEqualTo(0.05);
        assertThat(c.get("epochs").asInt()).as("--max_steps replaces the recipe's epochs").isZero();
        assertThat(c.get("activation").asString()).as("from the recipe").isEqualTo("sigmoid");
        RunFolderAssert.assertComplete(run, 2);
    }

    @Test
    void trainsOnAFolderOfIdxFilesWithAValidationSplit() throws IOException {
        Path data = dir.resolve("tiny-idx");
        Files.createDirectories(data);
        int n = 120;
        int[] labels = new int[n];
        byte[] pixels = new byte[n * 8 * 8];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 3;
            Arrays.fill(pixels, i * 64, i * 64 + 64, (byte) (40 + 80 * labels[i] + i % 7));
        }
        Files.write(data.resolve("train-images-idx3-ubyte.gz"), TestFiles.gzip(TestFiles.idxImages(n, 8, 8, pixels)));
        Files.write(data.resolve("train-labels-idx1-ubyte.gz"), TestFiles.gzip(TestFiles.idxLabels(labels)));
        Files.write(data.resolve("t10k-images-idx3-ubyte"), TestFiles.idxImages(n, 8, 8, pixels));
        Files.write(data.resolve("t10k-labels-idx1-ubyte"), TestFiles.idxLabels(labels));
        Path run = dir.resolve("run");
        Cli.Result r = Cli.run("train", "--dataset", arg(data), "--init", "pytorch", "--optimizer", "adam", "--lr", "0.01",
                "--batch-size", "20", "--epochs", "10", "--val-split", "0.25", "--out", arg(run));
        assertThat(r.code()).as(r.toString()).isZero();
        JsonNode summary = RunFolderAssert.assertComplete(run, 10);
        assertThat(summary.get("eval_set").asString()).isEqualTo("validation");
        assertThat(summary.get("final_test_acc").asDouble()).isGreaterThan(0.9);
        assertThat(Files.readString(run.resolve("summary.md"))).contains("| Validation | Accuracy |")
                .contains("MLP 100 relu on " + data.toAbsolutePath().normalize() + "; adam lr 0.01, batch 20");
    }

    @Test
    void usageErrorsExitWithTwoAndOneClearMessage() throws IOException {
        Cli.Result unknown = Cli.run("train", "--learning-rat", "0.1");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).contains("Unknown options: '--learning-rat'").contains("Possible solutions: --learning_rate")
                .doesNotContain("Exception");

        Cli.Result badValue = Cli.run("train", "--lr", "fast");
        assertThat(badValue.code()).isEqualTo(2);
        assertThat(badValue.err()).contains("'fast' is not a double");

        Cli.Result badDataset = Cli.run("train", "--dataset", "imagenet", "--out", arg(dir.resolve("x")));
        assertThat(badDataset.code()).isEqualTo(2);
        assertThat(badDataset.err()).contains("Unknown dataset 'imagenet'").contains("fashion-mnist")
                .doesNotContain("\tat ");

        Path spec = dir.resolve("mlp784.json");
        Files.writeString(spec, "{\"type\": \"mlp\", \"input_size\": 784, \"hidden_sizes\": [10], \"output_size\": 10}");
        Cli.Result misfit = Cli.run("train", "--model", arg(spec), "--dataset", "synth", "--out", arg(dir.resolve("y")));
        assertThat(misfit.code()).isEqualTo(2);
        assertThat(misfit.err()).contains("takes 784 inputs").contains("synth").contains("another dataset");

        Cli.Result badOptimizer = Cli.run("train", "--dataset", "synth", "--optimizer", "sgd", "--lr", "-1",
                "--out", arg(dir.resolve("z")));
        assertThat(badOptimizer.code()).isEqualTo(2);
        assertThat(badOptimizer.err()).contains("Invalid learning rate: -1.0");

        Cli.Result recipe = Cli.run("train", "--recipe", "no-such-recipe");
        assertThat(recipe.code()).isEqualTo(2);
        assertThat(recipe.err()).contains("unknown recipe").contains("cnn-default");

        Cli.Result resume = Cli.run("train", "--resume", arg(dir), "--lr", "0.1");
        assertThat(resume.code()).isEqualTo(2);
        assertThat(resume.err()).contains("cannot be combined");

        Cli.Result both = Cli.run("train", "--max-steps", "10", "--epochs", "1");
        assertThat(both.code()).isEqualTo(2);
        assertThat(both.err()).contains("either max_steps or epochs");

        Cli.Result cnnOnRows = Cli.run("train", "--model", "cnn", "--dataset", "synth", "--out", arg(dir.resolve("w")));
        assertThat(cnnOnRows.code()).isEqualTo(2);
        assertThat(cnnOnRows.err()).contains("model cnn needs image data");
    }

    @Test
    void aStepScheduleDecaysTheRateEachEpochAndEarlyStoppingEndsAStalledRun() throws IOException {
        Path run = dir.resolve("step");
        Cli.Result r = Cli.run("train", "--dataset", "synth", "--synth-train", "100", "--synth-test", "50",
                "--hidden", "4", "--batch-size", "50", "--lr", "0.1", "--epochs", "4", "--lr-schedule", "step",
                "--lr-step-size", "1", "--lr-gamma", "0.5", "--out", arg(run));
        assertThat(r.code()).as(r.toString()).isZero();
        RunFolderAssert.assertComplete(run, 4);
        assertThat(Files.readAllLines(run.resolve("metrics.csv")).stream().skip(1).map(l -> l.split(",")[6]))
                .as("the lr column: the rate of each epoch").containsExactly("0.1", "0.05", "0.025", "0.0125");

        Path stalled = dir.resolve("stalled");
        Cli.Result s = Cli.run("train", "--dataset", "synth", "--synth-train", "100", "--synth-test", "50",
                "--hidden", "4", "--batch-size", "50", "--lr", "0", "--epochs", "10", "--early-stopping", "2",
                "--out", arg(stalled));
        assertThat(s.code()).as(s.toString()).isZero();
        assertThat(Files.readAllLines(stalled.resolve("metrics.csv"))).as("a constant loss: best, then 2 without"
                + " improvement").hasSize(1 + 3);

        Cli.Result bad = Cli.run("train", "--dataset", "synth", "--lr-schedule", "warmup", "--out", arg(dir.resolve("b")));
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("unknown lr_schedule 'warmup'").contains("cosine");
        Cli.Result badGamma = Cli.run("train", "--dataset", "synth", "--lr-schedule", "step", "--lr-gamma", "2",
                "--out", arg(dir.resolve("g")));
        assertThat(badGamma.code()).isEqualTo(2);
        assertThat(badGamma.err()).contains("lr_gamma must be in (0, 1)");
    }

    @Test
    void refusesToOverwriteARun() throws IOException {
        Path run = dir.resolve("run");
        Files.createDirectories(run);
        Files.writeString(run.resolve("summary.json"), "{}");
        Cli.Result r = Cli.run("train", "--dataset", "synth", "--out", arg(run));
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("already exists");
    }

    @Test
    void helpShowsDefaultsAndExamples() {
        Cli.Result r = Cli.run("train", "--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("Default: fashion-mnist").contains("Default: 0.002").contains("Examples:")
                .contains("cnn-default");
    }
}
