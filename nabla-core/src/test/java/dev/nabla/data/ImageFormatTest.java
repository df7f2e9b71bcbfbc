package dev.nabla.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.nabla.data.format.IdxFormat;
import dev.nabla.data.format.ImageFormat;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFormatTest {
    @TempDir
    Path dir;

    private Path png(String name, BufferedImage image) throws IOException {
        Path file = dir.resolve(name);
        assertThat(ImageIO.write(image, "png", file.toFile())).isTrue();
        return file;
    }

    /** A gray image whose pixel (x, y) is 10·y + x. */
    private static BufferedImage gray(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.getRaster().setSample(x, y, 0, 10 * y + x);
            }
        }
        return img;
    }

    @Test
    void aGrayImageOfTheRightSizeIsReadExactly() throws IOException {
        ImageFormat.Fitted f = ImageFormat.read(png("g.png", gray(4, 3)), new int[] {1, 3, 4});
        assertThat(f.changes()).isEmpty();
        assertThat(f.shape()).containsExactly(1, 3, 4);
        assertThat(f.pixels()).containsExactly(0, 1, 2, 3, 10, 11, 12, 13, 20, 21, 22, 23);
    }

    @Test
    void sixteenBitGrayIsScaledTo255() throws IOException {
        BufferedImage img = new BufferedImage(2, 1, BufferedImage.TYPE_USHORT_GRAY);
        img.getRaster().setSample(0, 0, 0, 65535);
        img.getRaster().setSample(1, 0, 0, 257 * 100);
        ImageFormat.Fitted f = ImageFormat.read(png("g16.png", img), new int[] {1, 1, 2});
        assertThat(f.pixels()).containsExactly(255f, 100f);
    }

    @Test
    void colourBecomesGrayByLuminanceAndSaysSo() throws IOException {
        BufferedImage img = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        img.setRGB(0, 0, 200 << 16 | 100 << 8 | 50);
        ImageFormat.Fitted f = ImageFormat.read(png("c.png", img), new int[] {1, 1, 1});
        assertThat(f.pixels()[0]).isCloseTo((float) (0.299 * 200 + 0.587 * 100 + 0.114 * 50), within(1e-4f));
        assertThat(f.changes()).containsExactly("converted colour to gray (luminance 0.299 R + 0.587 G + 0.114 B)");
        ImageFormat.Fitted kept = ImageFormat.read(dir.resolve("c.png"), new int[] {3, 1, 1});
        assertThat(kept.pixels()).containsExactly(200, 100, 50);
        assertThat(kept.changes()).isEmpty();
    }

    @Test
    void grayBecomesColourAndAnRgbFileWithEqualChannelsCountsAsGray() throws IOException {
        BufferedImage img = new BufferedImage(2, 1, BufferedImage.TYPE_INT_RGB);
        img.setRGB(0, 0, 0x404040);
        img.setRGB(1, 0, 0x808080);
        Path file = png("rgb-gray.png", img);
        ImageFormat.Fitted asGray = ImageFormat.read(file, new int[] {1, 1, 2});
        assertThat(asGray.changes()).isEmpty();
        assertThat(asGray.pixels()).containsExactly(64, 128);
        ImageFormat.Fitted asColour = ImageFormat.read(file, new int[] {3, 1, 2});
        assertThat(asColour.pixels()).containsExactly(64, 128, 64, 128, 64, 128);
        assertThat(asColour.changes()).containsExactly("converted gray to colour (the same value in R, G and B)");
    }

    @Test
    void resizingAveragesTheAreaUnderEachPixel() {
        float[] four = {0, 2, 4, 6, 10, 12, 14, 16, 20, 22, 24, 26, 30, 32, 34, 36};
        ImageFormat.Fitted half = ImageFormat.fit(four, new int[] {1, 4, 4}, new int[] {1, 2, 2});
        assertThat(half.pixels()).containsExactly(6, 10, 26, 30);
        assertThat(half.changes()).containsExactly("resized 4×4 to 2×2 pixels (width×height) by area averaging");
        ImageFormat.Fitted doubled = ImageFormat.fit(new float[] {1, 2}, new int[] {1, 1, 2}, new int[] {1, 2, 4});
        assertThat(doubled.pixels()).containsExactly(1, 1, 2, 2, 1, 1, 2, 2);
        ImageFormat.Fitted thirds = ImageFormat.fit(new float[] {0, 3, 6}, new int[] {1, 1, 3}, new int[] {1, 1, 2});
        assertThat(thirds.pixels()[0]).isCloseTo((0 + 0.5f * 3) / 1.5f, within(1e-5f));
        assertThat(thirds.pixels()[1]).isCloseTo((0.5f * 3 + 6) / 1.5f, within(1e-5f));
        assertThat(thirds.changes().get(0)).endsWith("stretching it: the aspect ratio changed");
    }

    @Test
    void transparencyIsIgnoredAndReported() throws IOException {
        BufferedImage img = new BufferedImage(1, 1, BufferedImage.TYPE_INT_ARGB);
        img.setRGB(0, 0, 0x80FFFFFF);
        ImageFormat.Fitted f = ImageFormat.read(png("a.png", img), new int[] {1, 1, 1});
        assertThat(f.pixels()).containsExactly(255);
        assertThat(f.changes()).containsExactly("ignored the alpha channel (transparency)");
    }

    @Test
    void whatIsNotAnImageOrNotAnImageModelIsRefused() throws IOException {
        Path text = Files.writeString(dir.resolve("notes.png"), "not an image");
        assertThatThrownBy(() -> ImageFormat.read(text, new int[] {1, 28, 28})).isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("notes.png is not an image this Java can decode");
        assertThatThrownBy(() -> ImageFormat.read(dir.resolve("missing.png"), new int[] {1, 28, 28}))
                .hasMessageContaining("missing.png: no such file");
        Path good = png("g.png", gray(2, 2));
        assertThatThrownBy(() -> ImageFormat.read(good, new int[] {2})).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not [2]: the model does not take images");
    }

    @Test
    void idxMagicNumbersAreReadThroughGzip() throws IOException {
        Path images = Files.write(dir.resolve("images.gz"), TestFiles.gzip(TestFiles.idxImages(1, 1, 1, new byte[1])));
        Path labels = Files.write(dir.resolve("labels"), TestFiles.idxLabels(3));
        Path tiny = Files.write(dir.resolve("tiny"), new byte[] {1, 2});
        assertThat(IdxFormat.magic(images)).isEqualTo(IdxFormat.IMAGES_MAGIC);
        assertThat(IdxFormat.magic(labels)).isEqualTo(IdxFormat.LABELS_MAGIC);
        assertThat(IdxFormat.magic(tiny)).isEqualTo(-1);
    }
}
