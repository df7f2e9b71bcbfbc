package dev.nabla.cli;

import static dev.nabla.cli.Cli.arg;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.nabla.lab.TestRuns;
import dev.nabla.tensor.Rng;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

class PredictCommandTest {
    @TempDir
    static Path dir;

    static TestRuns.Trained runs;

    static Path testImages;

    @BeforeAll
    static void train() throws IOException {
        runs = TestRuns.trainAll(dir);
        testImages = runs.data().resolve("t10k-images-idx3-ubyte");
    }

    /** A PNG of {@link TestRuns#image} of class {@code label}: gray 8×8, or colour scaled by {@code scale}. */
    static Path png(String name, int label, boolean colour, int scaleX, int scaleY) throws IOException {
        byte[] p = TestRuns.image(label, new Rng(label + 100));
        BufferedImage img = new BufferedImage(8 * scaleX, 8 * scaleY,
                colour ? BufferedImage.TYPE_INT_RGB : BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int v = p[(y / scaleY) * 8 + x / scaleX] & 0xFF;
                if (colour) {
                    img.setRGB(x, y, v << 16 | Math.max(0, v - 20) << 8 | Math.min(255, v + 20));
                } else {
                    img.getRaster().setSample(x, y, 0, v);
                }
            }
        }
        Path file = dir.resolve(name);
        ImageIO.write(img, "png", file.toFile());
        return file;
    }

    @Test
    void aTableOfTheMostProbableClassesForImagesThatFit() throws IOException {
        Path left = png("left.png", 0, false, 1, 1);
        Path top = png("top.png", 2, false, 1, 1);
        for (Path run : new Path[] {runs.mlp(), runs.cnn()}) {
            Cli.Result r = Cli.run("predict", "--run", arg(run), "--top", "2", arg(left), arg(top));
            assertThat(r.code()).as(r.toString()).isZero();
            String[] lines = r.out().split("\n");
            assertThat(lines).hasSize(3);
            assertThat(lines[0]).matches("input +1st +2nd");
            assertThat(lines[1]).startsWith(arg(left)).matches(".* 0 +\\d+\\.\\d% +[12] +\\d+\\.\\d%");
            assertThat(lines[2]).startsWith(arg(top)).matches(".* 2 +\\d+\\.\\d% +[01] +\\d+\\.\\d%");
            assertThat(r.err()).as("nothing had to be converted").doesNotContain("note:");
        }
    }

    @Test
    void aLargerColourImageIsConvertedAndTheChangesAreNoted() throws IOException {
        Path wide = png("wide.png", 1, true, 4, 3);
        Cli.Result r = Cli.run("predict", "--run", arg(runs.mlp()), "--top", "1", arg(wide));
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).containsPattern("wide.png +1 +\\d+\\.\\d%");
        assertThat(r.err()).contains("note: " + arg(wide) + ": converted colour to gray")
                .contains("resized 32×24 to 8×8 pixels").contains("stretching it");
    }

    @Test
    void rowsOfAnIdxFileByIndexOrLimit() throws IOException {
        Cli.Result one = Cli.run("predict", "--run", arg(runs.mlp()), "--index", "4", "--top", "1", arg(testImages));
        assertThat(one.code()).as(one.toString()).isZero();
        assertThat(one.out()).containsPattern("t10k-images-idx3-ubyte\\[4\\] +1 +\\d+\\.\\d%");
        Cli.Result three = Cli.run("predict", "--run", arg(runs.mlp()), "--limit", "3", arg(testImages));
        assertThat(three.code()).as(three.toString()).isZero();
        assertThat(three.out().split("\n")).hasSize(4);
        assertThat(three.out()).contains("[0]").contains("[1]").contains("[2]").doesNotContain("[3]")
                .containsPattern("input +1st +2nd +3rd");
    }

    @Test
    void jsonForMachines() throws IOException {
        Path left = png("left-json.png", 0, false, 1, 1);
        Cli.Result r = Cli.run("predict", "--run", arg(runs.cnn()), "--json", "--top", "5", "--limit", "2", arg(left),
                arg(testImages));
        assertThat(r.code()).as(r.toString()).isZero();
        JsonNode root = RunFolderAssert.JSON.readTree(r.out());
        assertThat(root.get("run").asString()).isEqualTo(arg(runs.cnn()));
        JsonNode predictions = root.get("predictions");
        assertThat(predictions.size()).isEqualTo(3);
        assertThat(predictions.get(0).get("input").asString()).isEqualTo(arg(left));
        assertThat(predictions.get(0).has("index")).isFalse();
        assertThat(predictions.get(2).get("index").asInt()).isEqualTo(1);
        for (JsonNode p : predictions) {
            JsonNode top = p.get("top");
            assertThat(top.size()).as("--top 5 of 3 classes").isEqualTo(3);
            double sum = 0;
            for (int k = 0; k < top.size(); k++) {
                assertThat(top.get(k).has("class") && top.get(k).has("name")).isTrue();
                sum += top.get(k).get("probability").asDouble();
                if (k > 0) {
                    assertThat(top.get(k).get("probability").asDouble())
                            .isLessThanOrEqualTo(top.get(k - 1).get("probability").asDouble());
                }
            }
            assertThat(sum).isCloseTo(1.0, within(1e-5));
            assertThat(p.get("changes").isArray()).isTrue();
        }
        assertThat(predictions.get(0).get("top").get(0).get("name").asString()).isEqualTo("0");
    }

    @Test
    void usageErrorsNameTheProblem() throws IOException {
        Path text = Files.writeString(dir.resolve("photo.png"), "not a picture");
        Cli.Result unreadable = Cli.run("predict", "--run", arg(runs.mlp()), arg(text));
        assertThat(unreadable.code()).isEqualTo(2);
        assertThat(unreadable.err()).contains("photo.png is not an image this Java can decode").doesNotContain("\tat ");

        Cli.Result badIndex = Cli.run("predict", "--run", arg(runs.mlp()), "--index", "90", arg(testImages));
        assertThat(badIndex.code()).isEqualTo(2);
        assertThat(badIndex.err()).contains("--index 90 is out of range").contains("holds 90 images (0 to 89)");

        Path labelFile = runs.data().resolve("t10k-labels-idx1-ubyte");
        Cli.Result labels = Cli.run("predict", "--run", arg(runs.mlp()), arg(labelFile));
        assertThat(labels.code()).isEqualTo(2);
        assertThat(labels.err()).contains("is an IDX label file");

        Cli.Result missing = Cli.run("predict", "--run", arg(runs.mlp()), arg(dir.resolve("nothing.png")));
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("nothing.png: no such file");

        Cli.Result rows = Cli.run("predict", "--run", arg(runs.synth()), arg(png("any.png", 0, false, 1, 1)));
        assertThat(rows.code()).isEqualTo(2);
        assertThat(rows.err()).contains("takes feature rows of [2] (synth), not images");

        Cli.Result top = Cli.run("predict", "--run", arg(runs.mlp()), "--top", "0", arg(testImages));
        assertThat(top.code()).isEqualTo(2);
        assertThat(top.err()).contains("--top must be at least 1");

        Cli.Result noRun = Cli.run("predict", "--run", arg(dir.resolve("nope")), arg(testImages));
        assertThat(noRun.code()).isEqualTo(2);
        assertThat(noRun.err()).contains("nope does not exist");

        Cli.Result noFiles = Cli.run("predict", "--run", arg(runs.mlp()));
        assertThat(noFiles.code()).isEqualTo(2);
        assertThat(noFiles.err()).contains("Missing required parameter").contains("FILE");
    }
}
