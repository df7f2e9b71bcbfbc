package dev.nabla.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nabla.io.Safetensors;
import dev.nabla.lab.Run;
import dev.nabla.lab.RunConfig;
import dev.nabla.nn.Module;
import dev.nabla.nn.models.ModelSpec;
import dev.nabla.tensor.Rng;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Checks every output file of a finished run folder. */
final class RunFolderAssert {
    static final JsonMapper JSON = JsonMapper.builder().build();

    private RunFolderAssert() {}

    static JsonNode json(Path file) throws IOException {
        return JSON.readTree(Files.readString(file));
    }

    /** Asserts the folder is complete and consistent; returns summary.json. */
    static JsonNode assertComplete(Path dir, int expectedEvaluations) throws IOException {
        List<String> csv = Files.readAllLines(dir.resolve("metrics.csv"));
        assertThat(csv.get(0)).isEqualTo("step,epoch,train_loss,train_acc,test_loss,test_acc,lr,seconds");
        assertThat(csv).hasSize(expectedEvaluations + 1);
        for (String line : csv.subList(1, csv.size())) {
            assertThat(line.split(",")).hasSize(8);
        }
        JsonNode summary = json(dir.resolve("summary.json"));
        for (String key : List.of("best_test_acc", "best_step", "last_test_acc", "last_test_loss", "train_seconds")) {
            assertThat(summary.has(key)).as("summary.json has " + key).isTrue();
            assertThat(summary.get(key).isNumber()).as(key + " is a number").isTrue();
        }
        summary.properties().forEach(e -> assertThat(e.getValue().isContainer()).as("flat key " + e.getKey()).isFalse());
        assertThat(Files.readString(dir.resolve("summary.md"))).contains("| Dataset | Metric | Best | Last |")
                .contains("| Train | Accuracy |").containsPattern("\\| (Test|Validation) \\| Accuracy \\|");
        BufferedImage png = ImageIO.read(dir.resolve("curves.png").toFile());
        assertThat(png).as("curves.png decodes").isNotNull();
        assertThat(png.getWidth()).isGreaterThan(600);
        JsonNode config = json(dir.resolve("config.json"));
        assertThat(config.get("preprocessing").has("mean")).isTrue();
        assertThat(config.get("preprocessing").has("std")).isTrue();
        RunConfig rc = Run.readConfig(dir);
        Module model = ModelSpec.build(ModelSpec.fromJsonTree((ObjectNode) config.get("model_spec")), new Rng(rc.seed()));
        model.loadStateDict(Safetensors.read(dir.resolve("model.safetensors")).tensors());
        assertThat(dir.resolve("checkpoint.safetensors")).doesNotExist();
        return summary;
    }
}
