package dev.nabla.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChartsTest {
    @TempDir
    Path dir;

    private static int distinctColours(BufferedImage img) {
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (int y = 0; y < img.getHeight(); y += 3) {
            for (int x = 0; x < img.getWidth(); x += 3) {
                seen.add(img.getRGB(x, y));
            }
        }
        return seen.size();
    }

    @Test
    void linesWithErrorBarsDecodeAsAPng() throws IOException {
        double[] x = {100, 200, 300};
        BufferedImage img = Charts.sideBySide(
                Charts.lines("loss", "step", "loss", List.of(new Series("train", x, new double[] {2, 1.5, 1.2}),
                        new Series("test", x, new double[] {2.1, 1.7, 1.5}, new double[] {0.1, 0.05, 0.02}))),
                Charts.lines("accuracy", "step", "accuracy", List.of(new Series("test", x, new double[] {.3, .4, .5}))));
        Path png = dir.resolve("curves.png");
        Charts.writePng(png, img);
        BufferedImage back = ImageIO.read(png.toFile());
        assertThat(back.getWidth()).isEqualTo(2 * Charts.WIDTH);
        assertThat(back.getHeight()).isEqualTo(Charts.HEIGHT);
        assertThat(distinctColours(back)).isGreaterThan(10);
    }

    @Test
    void barsAndHeatMapRender() {
        Map<String, Map<String, Double>> values = new LinkedHashMap<>();
        values.put("sgd", Map.of("100", 0.45, "200", 0.47));
        values.put("adam", Map.of("100", 0.51, "200", 0.53));
        assertThat(distinctColours(Charts.bars("test accuracy", "layers", "accuracy", List.of("100", "200"), values)))
                .isGreaterThan(5);
        BufferedImage heat = Charts.heatMap("confusion", "predicted", "true", List.of("a", "b"),
                new int[][] {{5, 1}, {2, 7}});
        assertThat(heat.getWidth()).isGreaterThan(0);
        assertThat(Charts.lines("empty", "x", "y", List.of(new Series("none", new double[0], new double[0]))))
                .isNotNull();
    }

    @Test
    void compareGivesEachRunOneColourForBothItsCurves() {
        double[] x = {1, 2, 3};
        List<Series> test = List.of(new Series("a", x, new double[] {.5, .6, .7}), new Series("b", x, new double[] {.4, .5, .9}));
        List<Series> train = List.of(new Series("a train", x, new double[] {.6, .7, .8}),
                new Series("b train", x, new double[] {.5, .6, .95}));
        BufferedImage both = Charts.compare("accuracy", "step", "accuracy", test, train);
        BufferedImage solidOnly = Charts.compare("accuracy", "step", "accuracy", test, List.of());
        assertThat(both.getWidth()).isEqualTo(Charts.WIDTH);
        assertThat(colouredPixels(both)).as("the dashed curves add pixels of the runs' colours")
                .isGreaterThan(colouredPixels(solidOnly));
        assertThat(hues(both)).as("one hue per run, shared by its two curves").hasSize(2).isEqualTo(hues(solidOnly));
        assertThatThrownBy(() -> Charts.compare("t", "x", "y", test, train.subList(0, 1)))
                .hasMessageContaining("2 solid series but 1 dashed");
        assertThatThrownBy(() -> Charts.compare("t", "x", "y", List.of(new Series("empty", new double[0], new double[0])),
                List.of())).hasMessageContaining("'empty' has no points");
    }

    /** The hues (in 30° buckets) of at least 5% of the coloured pixels. */
    private static java.util.Set<Integer> hues(BufferedImage img) {
        Map<Integer, Integer> counts = new java.util.TreeMap<>();
        int total = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int rgb = img.getRGB(x, y);
                float[] hsb = java.awt.Color.RGBtoHSB((rgb >> 16) & 0xFF, (rgb >> 8) & 0xFF, rgb & 0xFF, null);
                if (hsb[1] > 0.4f && hsb[2] > 0.3f) {
                    counts.merge((int) (hsb[0] * 12) % 12, 1, Integer::sum);
                    total++;
                }
            }
        }
        int min = total / 20;
        return new java.util.TreeSet<>(counts.entrySet().stream().filter(e -> e.getValue() >= min).map(Map.Entry::getKey)
                .toList());
    }

    /** Pixels that are neither gray nor white: the curves. */
    private static int colouredPixels(BufferedImage img) {
        int n = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int rgb = img.getRGB(x, y);
                int r = (rgb >> 16) & 0xFF;
                int g = (rgb >> 8) & 0xFF;
                int b = rgb & 0xFF;
                if (Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b)) > 60) {
                    n++;
                }
            }
        }
        return n;
    }

    @Test
    void seriesChecksLengths() {
        assertThatThrownBy(() -> new Series("s", new double[2], new double[3]))
                .hasMessageContaining("x has 2 points, y has 3");
    }
}
