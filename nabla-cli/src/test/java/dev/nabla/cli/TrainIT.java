package dev.nabla.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nabla.io.Safetensors;
import dev.nabla.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** The real command in its own JVM: what a user runs. */
class TrainIT {
    @TempDir
    Path dir;

    @Test
    void helpAndVersionWork() throws Exception {
        Cli.Result help = NablaProcess.run(dir, "--help");
        assertThat(help.code()).isZero();
        assertThat(help.out()).contains("train");
        Cli.Result version = NablaProcess.run(dir, "--version");
        assertThat(version.code()).isZero();
        assertThat(version.out()).contains("nabla 0.1.0").contains("Kernels: Vector API");
    }

    @Test
    void usageErrorsGiveExitCodeTwoWithoutAStackTrace() throws Exception {
        Cli.Result r = NablaProcess.run(dir, "train", "--hiden", "100");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--hiden").doesNotContain("\tat ");
        Cli.Result debug = NablaProcess.run(dir, "train", "--dataset", "nope", "--debug");
        assertThat(debug.code()).isEqualTo(2);
        assertThat(debug.err()).contains("Unknown dataset 'nope'").contains("\tat ");
    }

    @Test
    void aMissingDatasetListsTheWaysToProvideIt() throws Exception {
        Path home = Files.createDirectories(dir.resolve("home"));
        Cli.Result r = NablaProcess.run(dir, Map.of("HOME", home.toString(), "NABLA_DATA_MIRROR", "http://127.0.0.1:1/"),
                "train", "--dataset", "mnist", "--data", dir.resolve("data").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("Dataset 'mnist'").contains("--data").contains("NABLA_DATA")
                .doesNotContain("\tat ");
    }

    @Test
    void aRunKilledWithSigkillResumesToTheSameBits() throws Exception {
        String[] options = {"--dataset", "synth", "--synth-train", "20000", "--synth-test", "2000", "--hidden", "32,32",
            "--dropout", "0.1", "--optimizer", "adam", "--lr", "0.003", "--batch-size", "20", "--max-steps", "6000",
            "--eval-every", "200"};
        Cli.Result full = NablaProcess.run(dir, concat(new String[] {"train", "--out", "full"}, options));
        assertThat(full.code()).as(full.toString()).isZero();

        Process p = NablaProcess.start(dir, concat(new String[] {"train", "--out", "killed"}, options));
        Path metrics = dir.resolve("killed/metrics.csv");
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (lines(metrics) < 1 + 8 && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(p.isAlive()).as("the run is still going when it is killed").isTrue();
        p.destroyForcibly().waitFor();
        assertThat(dir.resolve("killed/summary.json")).doesNotExist();
        assertThat(dir.resolve("killed/checkpoint.safetensors")).exists();

        Cli.Result resumed = NablaProcess.run(dir, "train", "--resume", "killed");
        assertThat(resumed.code()).as(resumed.toString()).isZero();
        assertThat(resumed.err()).contains("resuming killed at step");

        Map<String, Tensor> a = Safetensors.read(dir.resolve("full/model.safetensors")).tensors();
        Map<String, Tensor> b = Safetensors.read(dir.resolve("killed/model.safetensors")).tensors();
        assertThat(b.keySet()).isEqualTo(a.keySet());
        a.forEach((k, v) -> assertThat(b.get(k).toFloatArray()).as(k).containsExactly(v.toFloatArray()));
        assertThat(withoutSeconds(dir.resolve("killed/metrics.csv"))).isEqualTo(withoutSeconds(dir.resolve("full/metrics.csv")));
    }

    @Test
    void fashionMnistEndToEnd() throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(Path.of("/usr/share/datasets/fashion-mnist")),
                "Debian's dataset-fashion-mnist is not installed (.ci/run installs it)");
        Cli.Result r = NablaProcess.run(dir, "train", "--init", "pytorch", "--optimizer", "adam", "--lr", "1e-3",
                "--max-steps", "300", "--eval-every", "100", "--out", "fm");
        assertThat(r.code()).as(r.toString()).isZero();
        JsonNode summary = RunFolderAssert.assertComplete(dir.resolve("fm"), 3);
        assertThat(summary.get("last_test_acc").asDouble()).isGreaterThan(0.78);
        JsonNode data = RunFolderAssert.json(dir.resolve("fm/config.json")).get("data");
        assertThat(data.get("train_size").asInt()).isEqualTo(60000);
        assertThat(data.get("eval_size").asInt()).isEqualTo(10000);
    }

    private static long lines(Path file) throws IOException {
        if (!Files.exists(file)) {
            return 0;
        }
        try {
            return Files.readAllLines(file).size();
        } catch (IOException e) {
            return 0;
        }
    }

    private static List<String> withoutSeconds(Path csv) throws IOException {
        return Files.readAllLines(csv).stream().map(l -> l.substring(0, l.lastIndexOf(','))).toList();
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = new String[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
