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

/** Checks the output files of a finished run folder and of the commands that write into it. */
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
        assertPng(dir.resolve("curves.png"), 601);
        JsonNode config = json(dir.resolve("config.json"));
        assertThat(config.get("preprocessing").has("mean")).isTrue();
        assertThat(config.get("preprocessing").has("std")).isTrue();
        RunConfig rc = Run.readConfig(dir);
        Module model = ModelSpec.build(ModelSpec.fromJsonTree((ObjectNode) config.get("model_spec")), new Rng(rc.seed()));
        model.loadStateDict(Safetensors.read(dir.resolve("model.safetensors")).tensors());
        assertThat(dir.resolve("checkpoint.safetensors")).doesNotExist();
        return summary;
    }

    /** Asserts what nabla eval wrote: the JSON's keys and counts, and a confusion matrix PNG that decodes. */
    static JsonNode assertEvaluation(Path json, Path png, int samples, int classes) throws IOException {
        JsonNode e = json(json);
        for (String key : List.of("run", "dataset", "split", "samples", "loss", "accuracy", "class_names", "per_class",
                "confusion")) {
            assertThat(e.has(key)).as(json + " has " + key).isTrue();
        }
        assertThat(e.get("samples").asInt()).isEqualTo(samples);
        assertThat(e.get("class_names").size()).isEqualTo(classes);
        assertThat(e.get("per_class").size()).isEqualTo(classes);
        int total = 0;
        for (JsonNode row : e.get("per_class")) {
            assertThat(row.has("class") && row.has("name") && row.has("samples") && row.has("accuracy")).isTrue();
            total += row.get("samples").asInt();
        }
        assertThat(total).isEqualTo(samples);
        int counted = 0;
        for (JsonNode line : e.get("confusion")) {
            assertThat(line.size()).isEqualTo(classes);
            for (JsonNode n : line) {
                counted += n.asInt();
            }
        }
        assertThat(counted).isEqualTo(samples);
        assertPng(png, 600);
        return e;
    }

    /** Asserts that {@code file} is a PNG that decodes to an image at least {@code minWidth} wide. */
    static BufferedImage assertPng(Path file, int minWidth) throws IOException {
        BufferedImage png = ImageIO.read(file.toFile());
        assertThat(png).as(file + " decodes").isNotNull();
        assertThat(png.getWidth()).isGreaterThanOrEqualTo(minWidth);
        return png;
    }
}
