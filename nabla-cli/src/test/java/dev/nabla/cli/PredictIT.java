package dev.nabla.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nabla.lab.TestRuns;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** {@code nabla predict} as a user runs it: the real jar in its own JVM. */
class PredictIT {
    @TempDir
    Path dir;

    @Test
    void predictsIdxRowsAsJsonAndRefusesWhatIsNotAnImage() throws Exception {
        Path data = TestRuns.idxFolder(dir.resolve("tiny"), 60);
        TestRuns.cnnRun(dir.resolve("cnn"), data);
        Cli.Result r = NablaProcess.run(dir, "predict", "--run", "cnn", "--json", "--limit", "4",
                "tiny/t10k-images-idx3-ubyte");
        assertThat(r.code()).as(r.toString()).isZero();
        JsonNode predictions = RunFolderAssert.JSON.readTree(r.out()).get("predictions");
        assertThat(predictions.size()).isEqualTo(4);
        for (int i = 0; i < 4; i++) {
            JsonNode p = predictions.get(i);
            assertThat(p.get("input").asString()).isEqualTo("tiny/t10k-images-idx3-ubyte");
            assertThat(p.get("index").asInt()).isEqualTo(i);
            assertThat(p.get("top").size()).isEqualTo(3);
            assertThat(p.get("top").get(0).get("probability").asDouble()).isBetween(1.0 / 3, 1.0);
        }

        Files.writeString(dir.resolve("cat.jpg"), "meow");
        Cli.Result bad = NablaProcess.run(dir, "predict", "--run", "cnn", "cat.jpg");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("cat.jpg is not an image").doesNotContain("\tat ");
    }
}
