package dev.nabla.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nabla.data.format.Compression;
import dev.nabla.data.format.IdxFormat;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdxFormatTest {
    private static final List<String> CLASSES = List.of("a", "b", "c", "d");

    @TempDir
    Path dir;

    private Path write(String name, byte[] content) throws IOException {
        return Files.write(dir.resolve(name), content);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void readsTheValuesItWasWritten(boolean gzip) throws IOException {
        byte[] pixels = TestFiles.patternPixels(3, 1, 4, 5);
        byte[] images = TestFiles.idxImages(3, 4, 5, pixels);
        byte[] labels = TestFiles.idxLabels(2, 0, 3);
        Path im = write("images" + (gzip ? ".gz" : ""), gzip ? TestFiles.gzip(images) : images);
        Path lb = write("labels" + (gzip ? ".gz" : ""), gzip ? TestFiles.gzip(labels) : labels);

        ImageDataset data = IdxFormat.read("tiny", im, lb, CLASSES);

        assertThat(data.size()).isEqualTo(3);
        assertThat(data.sampleShape()).containsExactly(1, 4, 5);
        assertThat(data.labels()).containsExactly(2, 0, 3);
        assertThat(data.pixel(2, 0, 3, 4)).isEqualTo((31 * 2 + 7 * 3 + 4) & 0xFF);
        float[] sample = new float[20];
        data.readSample(1, sample, 0);
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 5; x++) {
                assertThat(sample[y * 5 + x]).isEqualTo((float) ((31 + 7 * y + x) & 0xFF));
            }
        }
    }

    @Test
    void bytesAbove127AreUnsigned() throws IOException {
        byte[] pixels = {(byte) 255, (byte) 128, 0, 1};
        Path im = write("im", TestFiles.idxImages(1, 2, 2, pixels));
        Path lb = write("lb", TestFiles.idxLabels(1));
        float[] x = new float[4];
        IdxFormat.read("t", im, lb, CLASSES).readSample(0, x, 0);
        assertThat(x).containsExactly(255f, 128f, 0f, 1f);
    }

    @Test
    void wrongMagicNumberNamesFileExpectedAndFound() throws IOException {
        byte[] images = TestFiles.idxImages(1, 2, 2, new byte[4]);
        images[3] = 0x04;
        Path im = write("bad-images", images);
        assertThatThrownBy(() -> IdxFormat.readImages(im)).isInstanceOf(InvalidDataException.class)
                .hasMessageContaining(im.toString()).hasMessageContaining("wrong magic number 0x00000804")
                .hasMessageContaining("expected 0x00000803");
    }

    @Test
    void swappedFilesAreRecognised() throws IOException {
        Path lb = write("labels", TestFiles.idxLabels(1, 2));
        assertThatThrownBy(() -> IdxFormat.readImages(lb)).isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("0x00000801").hasMessageContaining("swapped");
    }

    @Test
    void notIdxAtAll() throws IOException {
        Path f = write("text.csv", "x,y,label\n1,2,0\n".getBytes());
        assertThatThrownBy(() -> IdxFormat.readLabels(f)).isInstanceOf(InvalidDataException.class)
                .hasMessageContaining(f.toString()).hasMessageContaining("not in IDX format");
    }

    @Test
    void truncatedHeader() throws IOException {
        Path f = write("short", Arrays.copyOf(TestFiles.idxImages(1, 2, 2, new byte[4]), 10));
        assertThatThrownBy(() -> IdxFormat.readImages(f)).isInstanceOf(InvalidDataException.class)
                .hasMessageContaining(f.toString()).hasMessageContaining("truncated")
                .hasMessageContaining("after 10 bytes, inside the 16-byte IDX header");
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void truncatedData(boolean gzip) throws IOException {
        byte[] full = TestFiles.idxImages(3, 4, 5, new byte[60]);
        byte[] cut = Arrays.copyOf(full, full.length - 25);
        Path f = write("cut", gzip ? TestFiles.gzip(cut) : cut);
        assertThatThrownBy(() -> IdxFormat.readImages(f)).isInstanceOf(InvalidDataException.class)
                .hasMessageContaining(f.toString()).hasMessageContaining("3 images of 4×5 (60 bytes after the header)")
                .hasMessageContaining("ends after 35 of them");
    }

    /** An image file gzip-compressed by the tests' writer, then cut in half as an interrupted download leaves it. */
    private static byte[] halfOfGzippedImages() {
        byte[] gz = TestFiles.gzip(TestFiles.idxImages(3, 4, 5, TestFiles.patternPixels(3, 1, 4, 5)));
        return Arrays.copyOf(gz, gz.length / 2);
    }

    @Test
    void truncatedGzipNamesTheFileAndHowFarItGot() throws IOException {
        byte[] cut = halfOfGzippedImages();
        Path f = write("cut-images.gz", cut);
        for (ThrowingCallable read : new ThrowingCallable[] {() -> IdxFormat.readImages(f),
            () -> IdxFormat.readImageHeader(f), () -> IdxFormat.magic(f)}) {
            assertThatThrownBy(read).isInstanceOf(InvalidDataException.class)
                    .hasMessageStartingWith(f + ": truncated: the gzip stream ends early")
                    .hasMessageContaining("found the end of the file after " + cut.length + " compressed bytes");
        }
    }

    @Test
    void truncatedGzipThroughTheStreamOverloads() throws IOException {
        byte[] cut = halfOfGzippedImages();
        assertThatThrownBy(() -> IdxFormat.readImages(Compression.decompressed(new ByteArrayInputStream(cut),
                "mirror/cut.gz"), "mirror/cut.gz")).isInstanceOf(InvalidDataException.class)
                .hasMessageStartingWith("mirror/cut.gz: truncated: the gzip stream ends early");
        // Another decompressor only throws a bare EOFException; the reader still reports a truncated file.
        assertThatThrownBy(() -> IdxFormat.readImages(new GZIPInputStream(new ByteArrayInputStream(cut)), "jdk/cut.gz"))
                .isInstanceOf(InvalidDataException.class)
                .hasMessageStartingWith("jdk/cut.gz: truncated: the data ends before the end of the IDX images")
                .hasMessageContaining("EOFException");
        byte[] labels = TestFiles.gzip(TestFiles.idxLabels(0, 1, 2, 3, 0, 1, 2, 3));
        byte[] cutLabels = Arrays.copyOf(labels, labels.length - 5);
        assertThatThrownBy(() -> IdxFormat.readLabels(Compression.decompressed(new ByteArrayInputStream(cutLabels),
                "labels.gz"), "labels.gz")).isInstanceOf(InvalidDataException.class)
                .hasMessageStartingWith("labels.gz: truncated: the gzip stream ends early");
    }

    @Test
    void trailingBytesAreAnError() throws IOException {
        byte[] full = TestFiles.idxLabels(1, 2, 3);
        Path f = write("long", Arrays.copyOf(full, full.length + 2));
        assertThatThrownBy(() -> IdxFormat.readLabels(f)).isInstanceOf(InvalidDataException.class)
                .hasMessageContaining(f.toString()).hasMessageContaining("2 unexpected bytes after the 3 labels");
    }

    @Test
    void imageCountMustEqualLabelCount() throws IOException {
        Path im = write("im", TestFiles.idxImages(3, 2, 2, new byte[12]));
        Path lb = write("lb", TestFiles.idxLabels(0, 1));
        assertThatThrownBy(() -> IdxFormat.read("t", im, lb, CLASSES)).isInstanceOf(InvalidDataException.class)
                .hasMessageContaining(im + " has 3 samples").hasMessageContaining(lb + " has 2 labels");
    }

    @Test
    void labelOutOfRange() throws IOException {
        Path im = write("im", TestFiles.idxImages(3, 2, 2, new byte[12]));
        Path lb = write("lb", TestFiles.idxLabels(0, 7, 1));
        assertThatThrownBy(() -> IdxFormat.read("t", im, lb, CLASSES)).isInstanceOf(InvalidDataException.class)
                .hasMessageContaining(lb.toString()).hasMessageContaining("label of sample 1 is 7")
                .hasMessageContaining("expected a class in [0, 4)");
    }

    @Test
    void unsupportedElementType() throws IOException {
        byte[] images = TestFiles.idxImages(1, 2, 2, new byte[4]);
        images[2] = 0x0D;
        Path f = write("floats", images);
        assertThatThrownBy(() -> IdxFormat.readImages(f)).isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("element type is 0xd").hasMessageContaining("only unsigned bytes");
    }
}
